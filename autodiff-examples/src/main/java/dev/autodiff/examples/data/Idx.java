package dev.autodiff.examples.data;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads IDX files, the format of MNIST (big-endian: two zero bytes, a type byte (0x08 = unsigned byte), the number
 * of dimensions, each dimension as an int, then the data), gzipped or not. Everything is checked: the magic, the
 * type, the dimensions, and that the data is exactly as long as they say; a bad file is an {@link IOException}
 * naming the file and what is wrong.
 */
public final class Idx {
  private Idx() {}

  /**
   * An IDX array of unsigned bytes.
   *
   * @param dims the dimensions, e.g. {@code [10000, 28, 28]}
   * @param data the values, row-major, each in 0..255
   */
  public record Array(int[] dims, byte[] data) {
    /** The value at flat index {@code i}, in 0..255. */
    public int at(int i) {
      return data[i] & 0xff;
    }

    /** The number of items (the first dimension). */
    public int count() {
      return dims[0];
    }

    /** The number of values per item. */
    public int itemSize() {
      int n = 1;
      for (int i = 1; i < dims.length; i++) {
        n *= dims[i];
      }
      return n;
    }
  }

  /** Reads an IDX array of unsigned bytes from {@code in} (gzip detected by its magic); {@code name} is for messages. */
  public static Array read(InputStream in, String name) throws IOException {
    byte[] bytes;
    try (InputStream raw = new BufferedInputStream(in)) {
      raw.mark(2);
      int b0 = raw.read();
      int b1 = raw.read();
      raw.reset();
      InputStream body = b0 == 0x1f && b1 == 0x8b ? new GZIPInputStream(raw) : raw;
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      body.transferTo(out);
      bytes = out.toByteArray();
    } catch (ZipException | java.io.EOFException e) {
      throw new IOException("IDX file " + name + ": corrupt or truncated gzip data (" + e.getMessage() + ")", e);
    }
    return parse(bytes, name);
  }

  /** Parses the bytes of an (uncompressed) IDX file. */
  public static Array parse(byte[] b, String name) throws IOException {
    if (b.length < 4) {
      throw new IOException("IDX file " + name + ": truncated header (" + b.length + " bytes)");
    }
    if (b[0] != 0 || b[1] != 0) {
      throw new IOException("IDX file " + name + ": bad magic (the first two bytes must be 0)");
    }
    if (b[2] != 0x08) {
      throw new IOException("IDX file " + name + ": data type 0x" + Integer.toHexString(b[2] & 0xff)
          + " is not unsigned byte (0x08)");
    }
    int rank = b[3] & 0xff;
    if (rank < 1 || rank > 4) {
      throw new IOException("IDX file " + name + ": " + rank + " dimensions (1 to 4 expected)");
    }
    int header = 4 + 4 * rank;
    if (b.length < header) {
      throw new IOException("IDX file " + name + ": truncated header (" + b.length + " bytes, " + header + " needed)");
    }
    int[] dims = new int[rank];
    long size = 1;
    for (int i = 0; i < rank; i++) {
      int o = 4 + 4 * i;
      dims[i] = ((b[o] & 0xff) << 24) | ((b[o + 1] & 0xff) << 16) | ((b[o + 2] & 0xff) << 8) | (b[o + 3] & 0xff);
      if (dims[i] <= 0) {
        throw new IOException("IDX file " + name + ": dimension " + i + " is " + dims[i]);
      }
      size *= dims[i];
    }
    if (b.length - header != size) {
      throw new IOException("IDX file " + name + ": " + (b.length - header < size ? "truncated" : "too long")
          + ": dimensions " + java.util.Arrays.toString(dims) + " need " + size + " data bytes, the file has "
          + (b.length - header));
    }
    byte[] data = java.util.Arrays.copyOfRange(b, header, b.length);
    return new Array(dims, data);
  }
}
