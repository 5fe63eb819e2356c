package dev.autodiff.examples.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MnistDataTest {
  /** A 3 x 2 x 2 IDX image file, written by hand. */
  static byte[] images() {
    byte[] b = new byte[16 + 12];
    b[2] = 0x08;
    b[3] = 3;
    b[7] = 3;
    b[11] = 2;
    b[15] = 2;
    for (int i = 0; i < 12; i++) {
      b[16 + i] = (byte) (i * 20);
    }
    return b;
  }

  static byte[] gzip(byte[] b) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(b);
    }
    return out.toByteArray();
  }

  @Test
  void readsPlainAndGzippedFilesAlike() throws IOException {
    Idx.Array plain = Idx.read(new ByteArrayInputStream(images()), "plain");
    Idx.Array zipped = Idx.read(new ByteArrayInputStream(gzip(images())), "zipped");
    assertArrayEquals(new int[] {3, 2, 2}, plain.dims());
    assertArrayEquals(plain.data(), zipped.data());
    assertEquals(220, plain.at(11));
    assertEquals(4, plain.itemSize());
  }

  @Test
  void everyTruncationAndABadHeaderAreClearErrors() throws IOException {
    byte[] good = images();
    for (int n = 0; n < good.length; n++) {
      byte[] cut = Arrays.copyOf(good, n);
      IOException e = assertThrows(IOException.class, () -> Idx.parse(cut, "cut.idx"), "length " + n);
      assertTrue(e.getMessage().startsWith("IDX file cut.idx: "), e.getMessage());
    }
    byte[] zipped = gzip(good);
    for (int n = 0; n < zipped.length; n++) {
      byte[] cut = Arrays.copyOf(zipped, n);
      assertThrows(IOException.class, () -> Idx.read(new ByteArrayInputStream(cut), "cut.gz"), "length " + n);
    }
    byte[] longer = Arrays.copyOf(good, good.length + 1);
    assertTrue(assertThrows(IOException.class, () -> Idx.parse(longer, "x")).getMessage().contains("too long"));
    byte[] type = good.clone();
    type[2] = 0x0D;
    assertTrue(assertThrows(IOException.class, () -> Idx.parse(type, "x")).getMessage()
        .contains("data type 0xd is not unsigned byte"));
    byte[] magic = good.clone();
    magic[0] = 1;
    assertTrue(assertThrows(IOException.class, () -> Idx.parse(magic, "x")).getMessage().contains("bad magic"));
  }

  /**
   * Gzip carries a CRC-32 of the data, so a corrupted gzipped IDX file is an error, or (for the few bits deflate never
   * reads) loads exactly the original data. A plain IDX file has no checksum: a flipped pixel byte is undetectable
   * there; its header and length are still checked.
   */
  @Test
  void everyRandomCorruptionOfAGzippedFileIsAnError() throws IOException {
    byte[] zipped = gzip(mnistImages(3));
    Idx.Array original = Idx.read(new ByteArrayInputStream(zipped), "good.gz");
    java.util.Random r = new java.util.Random(7);
    int detected = 0;
    for (int trial = 0; trial < 2000; trial++) {
      byte[] bad = zipped.clone();
      int at = r.nextInt(bad.length);
      bad[at] = (byte) (bad[at] ^ (1 + r.nextInt(255)));
      if (at >= 4 && at < 10) {
        continue;  // the gzip header's mtime, flags and OS bytes are not covered by its CRC
      }
      try {
        Idx.Array read = Idx.read(new ByteArrayInputStream(bad), "bad.gz");
        // A flip in bits deflate never reads (the padding after the last block) changes nothing that is loaded.
        assertArrayEquals(original.data(), read.data(), "byte " + at + " changed the data silently");
      } catch (IOException e) {
        assertTrue(e.getMessage().startsWith("IDX file bad.gz: "), e.getMessage());
        detected++;
      }
    }
    assertTrue(detected > 1500, detected + " detected");
  }

  @Test
  void theShippedDigitsAreTenThousandOfEveryClass() throws IOException {
    Mnist.Set all = Mnist.shipped();
    assertEquals(10_000, all.size());
    assertEquals(784, all.images().cols());
    int[] counts = new int[10];
    for (int l : all.labels()) {
      counts[l]++;
    }
    for (int c : counts) {
      assertTrue(c > 800 && c < 1200, Arrays.toString(counts));
    }
    int[] firstThousand = new int[10];
    for (int i = 0; i < 1000; i++) {
      firstThousand[all.labels()[i]]++;
    }
    for (int c : firstThousand) {
      assertTrue(c > 60, "the shipped order mixes classes: " + Arrays.toString(firstThousand));
    }
    double max = 0;
    for (int i = 0; i < 784; i++) {
      max = Math.max(max, all.images().at(i));
    }
    assertEquals(1.0, max, 0.01, "pixels scaled to [0, 1]");
  }

  @Test
  void aFolderOfStandardFilesLoadsAndMismatchesAreNamed(@TempDir Path dir) throws IOException {
    Files.write(dir.resolve("train-images-idx3-ubyte.gz"), gzip(mnistImages(2)));
    Files.write(dir.resolve("train-labels-idx1-ubyte"), labels(new byte[] {3, 7}));
    Mnist.Set s = Mnist.fromDirectory(dir, "train");
    assertArrayEquals(new int[] {3, 7}, s.labels());
    Files.write(dir.resolve("train-labels-idx1-ubyte"), labels(new byte[] {3, 7, 1}));
    IOException e = assertThrows(IOException.class, () -> Mnist.fromDirectory(dir, "train"));
    assertTrue(e.getMessage().contains("2 images in") && e.getMessage().contains("but 3 labels"), e.getMessage());
    Files.write(dir.resolve("train-labels-idx1-ubyte"), labels(new byte[] {3, 12}));
    e = assertThrows(IOException.class, () -> Mnist.fromDirectory(dir, "train"));
    assertTrue(e.getMessage().contains("label 12 of image 1"), e.getMessage());
    e = assertThrows(IOException.class, () -> Mnist.fromDirectory(dir, "t10k"));
    assertTrue(e.getMessage().contains("neither t10k-images-idx3-ubyte.gz nor t10k-images-idx3-ubyte"),
        e.getMessage());
  }

  static byte[] mnistImages(int n) {
    byte[] b = new byte[16 + n * 784];
    b[2] = 0x08;
    b[3] = 3;
    b[7] = (byte) n;
    b[11] = 28;
    b[15] = 28;
    return b;
  }

  static byte[] labels(byte[] ls) {
    byte[] b = new byte[8 + ls.length];
    b[2] = 0x08;
    b[3] = 1;
    b[7] = (byte) ls.length;
    System.arraycopy(ls, 0, b, 8, ls.length);
    return b;
  }

  @Test
  void aGzipBombBehindABadHeaderFailsBeforeItInflates() throws IOException {
    // reliability issue item 12: 600 MB inflated from 611 KB before the wrong type byte was noticed (OOM)
    java.io.ByteArrayOutputStream packed = new java.io.ByteArrayOutputStream();
    try (java.util.zip.GZIPOutputStream z = new java.util.zip.GZIPOutputStream(packed)) {
      z.write(new byte[] {0, 0, 0x00, 1, 0x7f, 0, 0, 0});  // type 0x00, one dimension of 2^31 - 2^24 values
      byte[] zeros = new byte[1 << 20];
      for (int k = 0; k < 64; k++) {
        z.write(zeros);  // 64 MB of data behind it, a few tens of KB packed
      }
    }
    byte[] bomb = packed.toByteArray();
    com.sun.management.ThreadMXBean bean =
        (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
    long before = bean.getCurrentThreadAllocatedBytes();
    IOException e = assertThrows(IOException.class, () -> Idx.read(new ByteArrayInputStream(bomb), "bomb.gz"));
    long allocated = bean.getCurrentThreadAllocatedBytes() - before;
    assertTrue(e.getMessage().contains("data type 0x0 is not unsigned byte"), e.getMessage());
    assertTrue(allocated < (8 << 20), "read " + allocated + " bytes' worth before refusing the header");
  }

  @Test
  void dimensionsWhoseProductOverflowsAreRefused() {
    // reliability issue item 12: dimensions 4 x 65536 x 65536 wrapped the item size to 0 and were accepted
    byte[] header = {0, 0, 0x08, 3, 0, 0, 0, 4, 0, 1, 0, 0, 0, 1, 0, 0};
    IOException e = assertThrows(IOException.class, () -> Idx.parse(header, "wide.idx"));
    assertTrue(e.getMessage().contains("declare more values than an array holds"), e.getMessage());
  }
}
