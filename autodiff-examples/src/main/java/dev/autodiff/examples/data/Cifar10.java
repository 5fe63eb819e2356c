package dev.autodiff.examples.data;

import static com.google.common.base.Preconditions.checkArgument;
import static dev.autodiff.core.Require.checkNotNull;

import dev.autodiff.core.tensor.Image;
import dev.autodiff.core.tensor.MutableTensor;
import dev.autodiff.core.tensor.Shape;
import dev.autodiff.core.tensor.Tensor;
import dev.autodiff.nn.train.Dataset;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * CIFAR-10 in its binary distribution ({@code cifar-10-binary.tar.gz}, extracted by the user): the training batches
 * {@code data_batch_1.bin} to {@code data_batch_5.bin}, the test batch {@code test_batch.bin}, and
 * {@code batches.meta.txt} with the ten class names, one a line.
 *
 * <p>A batch file is a plain concatenation of {@value #RECORD}-byte records with no header and no checksum: a label
 * byte (0..9), then the 1,024 red values of the 32 x 32 image row by row, the 1,024 green, the 1,024 blue (channels
 * first). The library lays images out channels last ({@link Image}), so each record is transposed from CHW to HWC:
 * byte {@code 1 + c*1024 + h*32 + w} becomes column {@code (h*32 + w)*3 + c}, scaled to [0, 1] by {@code /255} as
 * {@link Mnist} does.
 *
 * <p>Only plain files are read: the files inside the distribution's tar.gz are not compressed, so gzip is not
 * detected (a gzipped batch fails the length check, or its label check). What can be checked is, before anything big
 * is allocated: every file is a regular file (not a folder, a device such as {@code /dev/zero}, or a pipe) whose
 * length is a positive multiple of {@value #RECORD}; while reading, every label. A flipped pixel byte is
 * undetectable. No more is read than the length said; every {@link IOException} names the file.
 *
 * <p>The whole training set is 50,000 x 3,072 doubles, 1.2 GB: pass a limit to {@link #training(Path, int)} for less.
 */
public final class Cifar10 {
  /** The geometry of one image: 32 x 32 x 3, channels last. */
  public static final Image IMAGE = Image.of(32, 32, 3);

  /** Values per image: {@code 32*32*3}. */
  public static final int VALUES = 32 * 32 * 3;

  /** Bytes per record in a batch file: a label byte and {@value #VALUES} pixel bytes. */
  public static final int RECORD = 1 + VALUES;

  /** The class names of the distribution's {@code batches.meta.txt}, label 0 first. */
  public static final List<String> CLASSES = List.of(
      "airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck");

  /** The training batches, in the order they are concatenated. */
  public static final List<String> TRAINING_FILES = List.of(
      "data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin", "data_batch_5.bin");

  /** The test batch. */
  public static final String TEST_FILE = "test_batch.bin";

  /** The class names, one a line. */
  public static final String META_FILE = "batches.meta.txt";

  /** The most images one set may hold: one Java array holds all their values. */
  static final int MAX_IMAGES = (Integer.MAX_VALUE - 8) / VALUES;

  /** The longest class-name file read: the real one is 68 bytes. */
  static final long MAX_META_BYTES = 64 * 1024;

  private static final int PLANE = 32 * 32;

  private Cifar10() {}

  /**
   * Images, labels and class names.
   *
   * @param images one row per image, {@value #VALUES} values in [0, 1], channels last ({@link #IMAGE})
   * @param labels the class of each image, an index into {@code classes}
   * @param classes the class names, label 0 first
   */
  public record Set(Tensor images, int[] labels, List<String> classes) {
    public int size() {
      return labels.length;
    }

    /** Channel {@code c} (0 red, 1 green, 2 blue) of pixel {@code (h, w)} of image {@code n}, in [0, 1]. */
    public double pixel(int n, int h, int w, int c) {
      checkArgument(h >= 0 && h < 32 && w >= 0 && w < 32 && c >= 0 && c < 3,
          "cifar-10: pixel (%s, %s, %s) is outside 32 x 32 x 3", h, w, c);
      return images.get(n, (h * 32 + w) * 3 + c);
    }

    /** Images {@code from} (inclusive) to {@code to} (exclusive). */
    public Set range(int from, int to) {
      if (from < 0 || to > size() || from >= to) {
        throw new IllegalArgumentException("cifar-10: range " + from + ".." + to + " outside 0.." + size());
      }
      // rows() copies only the range, not the whole (possibly 1.2 GB) set as toArray() would
      return new Set(images.rows(IntStream.range(from, to).toArray()),
          java.util.Arrays.copyOfRange(labels, from, to), classes);
    }

    /** Images and their one-hot labels: a classification data set. */
    public Dataset classification() {
      return Dataset.of(images, Dataset.oneHot(labels, classes.size()));
    }
  }

  /** One batch file, with the standard {@link #CLASSES} (a single file does not say its class names). */
  public static Set batch(Path file) throws IOException {
    checkNotNull(file, "cifar-10: batch: file is null");
    return load(List.of(file), Integer.MAX_VALUE, CLASSES, "batch " + file);
  }

  /** The five training batches in {@code dir}, in order: 50,000 images in the standard distribution. */
  public static Set training(Path dir) throws IOException {
    checkNotNull(dir, "cifar-10: training: dir is null");
    return load(files(dir, TRAINING_FILES), Integer.MAX_VALUE, classes(dir), "training set in " + dir);
  }

  /**
   * The first {@code limit} training images in {@code dir} (from {@code data_batch_1.bin} on): only the files they
   * are in are read, but all five must be there.
   *
   * @throws IOException also when the five batches hold fewer than {@code limit} images
   */
  public static Set training(Path dir, int limit) throws IOException {
    checkNotNull(dir, "cifar-10: training: dir is null");
    checkArgument(limit > 0, "cifar-10: training: limit must be positive, got %s", limit);
    return load(files(dir, TRAINING_FILES), limit, classes(dir), "training set in " + dir);
  }

  /** The test batch in {@code dir}: 10,000 images in the standard distribution. */
  public static Set test(Path dir) throws IOException {
    checkNotNull(dir, "cifar-10: test: dir is null");
    return load(files(dir, List.of(TEST_FILE)), Integer.MAX_VALUE, classes(dir), "test set in " + dir);
  }

  /**
   * The class names in {@code dir}'s {@value #META_FILE} (blank lines and surrounding spaces ignored; there must be
   * ten), or the standard {@link #CLASSES} when the file is not there.
   */
  public static List<String> classes(Path dir) throws IOException {
    checkNotNull(dir, "cifar-10: classes: dir is null");
    Path meta = dir.resolve(META_FILE);
    if (!Files.exists(meta)) {
      return CLASSES;
    }
    long size = checkedSize(meta, "CIFAR-10 class names file ");
    if (size > MAX_META_BYTES) {
      throw new IOException("CIFAR-10 class names file " + meta + ": " + size + " bytes is longer than ten names can"
          + " be (at most " + MAX_META_BYTES + ")");
    }
    byte[] bytes;
    try (InputStream in = Files.newInputStream(meta)) {
      bytes = in.readNBytes((int) size);  // no more than the size said: a file that grows is not read on and on
    }
    List<String> names = new ArrayList<>();
    for (String line : new String(bytes, StandardCharsets.UTF_8).split("\r?\n")) {
      // NOTE: the distribution's file ends in a blank line; blank lines are padding, not classes
      if (!line.isBlank()) {
        names.add(line.strip());
      }
    }
    if (names.size() != 10) {
      throw new IOException("CIFAR-10 class names file " + meta + ": " + names.size()
          + " non-blank lines, expected 10 class names: " + names);
    }
    return List.copyOf(names);
  }

  private static List<Path> files(Path dir, List<String> names) {
    List<Path> files = new ArrayList<>();
    for (String name : names) {
      files.add(dir.resolve(name));
    }
    return files;
  }

  /** The file's size, once it is known to be a regular file: a device or a pipe has no size to trust. */
  private static long checkedSize(Path file, String what) throws IOException {
    if (!Files.exists(file)) {
      throw new IOException(what + file + ": missing (no such file)");
    }
    if (Files.isDirectory(file)) {
      throw new IOException(what + file + ": is a directory, not a file");
    }
    if (!Files.isRegularFile(file)) {
      throw new IOException(what + file + ": not a regular file (a device or a pipe has no length to trust)");
    }
    return Files.size(file);
  }

  /** How many records {@code file} holds, from its length alone. */
  private static int records(Path file) throws IOException {
    long size = checkedSize(file, "CIFAR-10 file ");
    if (size == 0) {
      throw new IOException("CIFAR-10 file " + file + ": empty (0 bytes), expected records of " + RECORD + " bytes");
    }
    if (size % RECORD != 0) {
      throw new IOException("CIFAR-10 file " + file + ": length " + size + " is not a whole number of " + RECORD
          + "-byte records (" + size / RECORD + " records and " + size % RECORD + " bytes over): truncated or not"
          + " a CIFAR-10 binary batch");
    }
    if (size / RECORD > MAX_IMAGES) {
      throw new IOException("CIFAR-10 file " + file + ": " + size / RECORD + " records is more than one set holds ("
          + MAX_IMAGES + ")");
    }
    return (int) (size / RECORD);
  }

  /**
   * The first {@code limit} records of {@code files}, in order. Every file is checked (there, regular, a whole number
   * of records) before the images' storage is allocated; then only the files the limit reaches are read.
   */
  private static Set load(List<Path> files, int limit, List<String> classes, String what) throws IOException {
    int[] counts = new int[files.size()];
    long available = 0;
    for (int i = 0; i < files.size(); i++) {
      counts[i] = records(files.get(i));
      available += counts[i];
    }
    long wanted = limit == Integer.MAX_VALUE ? available : limit;
    if (wanted > available) {
      throw new IOException("CIFAR-10 " + what + ": " + limit + " images asked for, but " + files.size()
          + " file(s) hold " + available + " (" + java.util.Arrays.toString(counts) + ")");
    }
    if (wanted > MAX_IMAGES) {
      throw new IOException("CIFAR-10 " + what + ": " + wanted + " images is more than one set holds (" + MAX_IMAGES
          + "); pass a limit");
    }
    int n = (int) wanted;
    MutableTensor images = MutableTensor.zeros(Shape.of(n, VALUES));
    int[] labels = new int[n];
    int done = 0;
    for (int i = 0; i < files.size() && done < n; i++) {
      int take = Math.min(counts[i], n - done);
      read(files.get(i), counts[i], take, images, labels, done);
      done += take;
    }
    return new Set(images.freeze(), labels, classes);  // freeze() hands the storage over without a copy
  }

  /** Reads the first {@code take} of the {@code count} records of {@code file} into rows {@code at} on. */
  private static void read(Path file, int count, int take, MutableTensor images, int[] labels, int at)
      throws IOException {
    byte[] r = new byte[RECORD];
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 64 * RECORD)) {
      for (int k = 0; k < take; k++) {
        int got = in.readNBytes(r, 0, RECORD);
        if (got < RECORD) {
          throw new IOException("CIFAR-10 file " + file + ": it changed while it was read: record " + k + " has "
              + got + " of " + RECORD + " bytes, the length said " + count + " records");
        }
        int label = r[0] & 0xff;
        if (label > 9) {
          throw new IOException("CIFAR-10 file " + file + ": record " + k + " (byte " + (long) k * RECORD
              + "): label " + label + " is not a class (0..9)");
        }
        labels[at + k] = label;
        int row = (at + k) * VALUES;
        for (int c = 0; c < 3; c++) {
          for (int p = 0; p < PLANE; p++) {
            // the file is channels first (c*1024 + h*32 + w), the library channels last ((h*32 + w)*3 + c)
            images.setAt(row + p * 3 + c, (r[1 + c * PLANE + p] & 0xff) / 255.0);
          }
        }
      }
      if (take == count && in.read() != -1) {
        throw new IOException("CIFAR-10 file " + file + ": it changed while it was read: longer than the "
            + count + " records its length said");
      }
    }
  }
}
