package dev.autodiff.examples.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.autodiff.nn.train.Dataset;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class Cifar10Test {
  /**
   * The byte the test writes for channel {@code c} of pixel {@code (h, w)} of record {@code n}: different steps for
   * h, w and c, so a swapped or missing transpose reads other values.
   */
  static int value(int n, int c, int h, int w) {
    return (n * 37 + c * 101 + h * 7 + w * 3) % 256;
  }

  /** Records as the CIFAR-10 binary distribution writes them: a label, then the red, green and blue planes. */
  static byte[] records(int[] labels, int first) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int k = 0; k < labels.length; k++) {
      out.write(labels[k]);
      for (int c = 0; c < 3; c++) {
        for (int h = 0; h < 32; h++) {
          for (int w = 0; w < 32; w++) {
            out.write(value(first + k, c, h, w));
          }
        }
      }
    }
    return out.toByteArray();
  }

  @Test
  void readsLabelsAndPixelsChannelsLastScaledToOne(@TempDir Path dir) throws IOException {
    Path file = Files.write(dir.resolve("three.bin"), records(new int[] {3, 0, 9}, 0));
    Cifar10.Set s = Cifar10.batch(file);
    assertArrayEquals(new int[] {3, 0, 9}, s.labels());
    assertEquals(3, s.images().rows());
    assertEquals(3072, s.images().cols());
    assertEquals(Cifar10.CLASSES, s.classes());
    // hand-computed spot checks: (n, h, w, c) is column (h*32 + w)*3 + c, written at byte 1 + c*1024 + h*32 + w
    assertEquals(0 / 255.0, s.images().get(0, 0), 0);                           // n0 h0 w0 red
    assertEquals(101 / 255.0, s.images().get(0, 1), 0);                         // n0 h0 w0 green
    assertEquals(202 / 255.0, s.images().get(0, 2), 0);                         // n0 h0 w0 blue
    assertEquals(3 / 255.0, s.images().get(0, 3), 0);                           // n0 h0 w1 red
    assertEquals(7 / 255.0, s.images().get(0, 32 * 3), 0);                      // n0 h1 w0 red
    assertEquals((2 * 37 + 101 + 31 * 7 + 31 * 3) % 256 / 255.0, s.images().get(2, 3070), 0);  // n2 h31 w31 green
    for (int n = 0; n < 3; n++) {
      for (int h = 0; h < 32; h++) {
        for (int w = 0; w < 32; w++) {
          for (int c = 0; c < 3; c++) {
            double expected = value(n, c, h, w) / 255.0;
            String at = "n" + n + " h" + h + " w" + w + " c" + c;
            assertEquals(expected, s.images().get(n, (h * 32 + w) * 3 + c), 0, at);
            assertEquals(expected, s.pixel(n, h, w, c), 0);
          }
        }
      }
    }
    Dataset d = s.classification();
    assertEquals(3, d.size());
    assertEquals(10, d.targetWidth());
    assertEquals(1.0, d.targets().get(2, 9), 0);
    assertEquals(0.0, d.targets().get(2, 3), 0);
    Cifar10.Set tail = s.range(1, 3);
    assertArrayEquals(new int[] {0, 9}, tail.labels());
    assertEquals(s.pixel(2, 5, 6, 1), tail.pixel(1, 5, 6, 1), 0);
  }

  /** A standard directory: five training batches of two records each, a test batch of three, and class names. */
  static Path standard(Path dir) throws IOException {
    for (int i = 0; i < 5; i++) {
      Files.write(dir.resolve("data_batch_" + (i + 1) + ".bin"), records(new int[] {2 * i, 2 * i + 1}, 2 * i));
    }
    Files.write(dir.resolve("test_batch.bin"), records(new int[] {7, 7, 1}, 100));
    Files.writeString(dir.resolve("batches.meta.txt"), "c0\nc1\nc2\nc3\nc4\nc5\nc6\nc7\nc8\nc9\n\n");
    return dir;
  }

  @Test
  void aDirectoryLoadsTheFiveBatchesInOrderTheTestBatchAndTheClassNames(@TempDir Path dir) throws IOException {
    standard(dir);
    Cifar10.Set train = Cifar10.training(dir);
    assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, train.labels());
    for (int n = 0; n < 10; n++) {
      assertEquals(value(n, 2, 4, 5) / 255.0, train.pixel(n, 4, 5, 2), 0, "training image " + n);
    }
    assertEquals(List.of("c0", "c1", "c2", "c3", "c4", "c5", "c6", "c7", "c8", "c9"), train.classes());
    Cifar10.Set test = Cifar10.test(dir);
    assertArrayEquals(new int[] {7, 7, 1}, test.labels());
    assertEquals(value(102, 0, 31, 0) / 255.0, test.pixel(2, 31, 0, 0), 0);
    assertEquals(train.classes(), test.classes());

    Cifar10.Set first3 = Cifar10.training(dir, 3);  // runs into the second file
    assertArrayEquals(new int[] {0, 1, 2}, first3.labels());
    assertEquals(value(2, 1, 0, 0) / 255.0, first3.pixel(2, 0, 0, 1), 0);
    IOException e = assertThrows(IOException.class, () -> Cifar10.training(dir, 11));
    assertTrue(e.getMessage().contains("11 images asked for, but 5 file(s) hold 10") && e.getMessage().contains(
        dir.toString()), e.getMessage());
    IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> Cifar10.training(dir, 0));
    assertTrue(bad.getMessage().contains("limit must be positive, got 0"), bad.getMessage());

    Files.delete(dir.resolve("batches.meta.txt"));
    assertEquals(Cifar10.CLASSES, Cifar10.test(dir).classes());
    assertEquals("airplane", Cifar10.CLASSES.get(0));
    assertEquals("truck", Cifar10.CLASSES.get(9));
  }

  @Test
  void aClassNamesFileWithoutTenNamesIsNamed(@TempDir Path dir) throws IOException {
    standard(dir);
    Path meta = Files.writeString(dir.resolve("batches.meta.txt"), "a\nb\nc\n");
    IOException e = assertThrows(IOException.class, () -> Cifar10.test(dir));
    assertTrue(e.getMessage().contains(meta.toString()) && e.getMessage().contains("3 non-blank lines, expected 10"),
        e.getMessage());
  }

  @Test
  void everyTruncationIsAnErrorNamingTheFile(@TempDir Path dir) throws IOException {
    byte[] good = records(new int[] {1, 2, 3}, 0);
    Path file = dir.resolve("cut.bin");
    for (int n = 0; n < good.length; n++) {
      Files.write(file, Arrays.copyOf(good, n));
      if (n > 0 && n % Cifar10.RECORD == 0) {
        // no header says how many records there are: a cut at a record boundary is a shorter, valid batch
        assertEquals(n / Cifar10.RECORD, Cifar10.batch(file).size(), "length " + n);
        continue;
      }
      int length = n;
      IOException e = assertThrows(IOException.class, () -> Cifar10.batch(file), "length " + n);
      String m = e.getMessage();
      assertTrue(m.startsWith("CIFAR-10 file " + file + ": "), m);
      if (n == 0) {
        assertTrue(m.contains("empty (0 bytes)"), m);
      } else {
        assertTrue(m.contains("length " + length + " is not a whole number of 3073-byte records ("
            + length / 3073 + " records and " + length % 3073 + " bytes over)"), m);
      }
    }
  }

  @Test
  void aLabelOutsideZeroToNineNamesTheFileAndTheRecord(@TempDir Path dir) throws IOException {
    for (int label : new int[] {10, 255}) {
      byte[] b = records(new int[] {1, 2, 3}, 0);
      b[Cifar10.RECORD] = (byte) label;  // record 1's label byte
      Path file = Files.write(dir.resolve("label" + label + ".bin"), b);
      IOException e = assertThrows(IOException.class, () -> Cifar10.batch(file));
      assertTrue(e.getMessage().startsWith("CIFAR-10 file " + file + ": record 1 (byte 3073): label " + label
          + " is not a class (0..9)"), e.getMessage());
    }
  }

  @Test
  void aMissingBatchIsNamed(@TempDir Path dir) throws IOException {
    standard(dir);
    Path third = dir.resolve("data_batch_3.bin");
    Files.delete(third);
    for (Cifar10Call call : List.<Cifar10Call>of(() -> Cifar10.training(dir), () -> Cifar10.training(dir, 1))) {
      IOException e = assertThrows(IOException.class, call::run);
      assertEquals("CIFAR-10 file " + third + ": missing (no such file)", e.getMessage());
    }
    Files.delete(dir.resolve("test_batch.bin"));
    IOException e = assertThrows(IOException.class, () -> Cifar10.test(dir));
    assertTrue(e.getMessage().contains("test_batch.bin: missing"), e.getMessage());
  }

  interface Cifar10Call {
    void run() throws IOException;
  }

  @Test
  @Timeout(value = 20, unit = TimeUnit.SECONDS)
  void aDirectoryOrADeviceWhereAFileBelongsIsRefusedAtOnce(@TempDir Path dir) throws IOException {
    standard(dir);
    Path test = dir.resolve("test_batch.bin");
    Files.delete(test);
    Files.createDirectory(test);
    IOException e = assertThrows(IOException.class, () -> Cifar10.test(dir));
    assertEquals("CIFAR-10 file " + test + ": is a directory, not a file", e.getMessage());
    e = assertThrows(IOException.class, () -> Cifar10.batch(dir));
    assertTrue(e.getMessage().contains(dir + ": is a directory"), e.getMessage());

    Path zero = Path.of("/dev/zero");
    assumeTrue(Files.exists(zero), "no /dev/zero here");
    e = assertThrows(IOException.class, () -> Cifar10.batch(zero));
    assertEquals("CIFAR-10 file /dev/zero: not a regular file (a device or a pipe has no length to trust)",
        e.getMessage());
    // a link to the device under a batch's name is refused too: the check follows links
    Path first = dir.resolve("data_batch_1.bin");
    Files.delete(first);
    Files.createSymbolicLink(first, zero);
    e = assertThrows(IOException.class, () -> Cifar10.training(dir, 1));
    assertTrue(e.getMessage().contains(first + ": not a regular file"), e.getMessage());
    Files.delete(dir.resolve("batches.meta.txt"));
    Files.createSymbolicLink(dir.resolve("batches.meta.txt"), zero);
    e = assertThrows(IOException.class, () -> Cifar10.classes(dir));
    assertTrue(e.getMessage().startsWith("CIFAR-10 class names file " + dir.resolve("batches.meta.txt")
        + ": not a regular file"), e.getMessage());    Files.delete(first);  // the links themselves, before @TempDir's cleanup warns about links leaving it
    Files.delete(dir.resolve("batches.meta.txt"));
  }

  @Test
  void fileNamesAndSizesAreTheDistributions() {
    assertEquals(3073, Cifar10.RECORD);
    assertEquals(3072, Cifar10.IMAGE.columns());
    assertEquals(List.of("data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin",
        "data_batch_5.bin"), Cifar10.TRAINING_FILES);
    assertEquals("test_batch.bin", Cifar10.TEST_FILE);
    assertEquals("batches.meta.txt", Cifar10.META_FILE);
    assertEquals(10, Cifar10.CLASSES.size());
    assertEquals(3073, records(new int[] {0}, 0).length, "the test's own writer");
  }
}
