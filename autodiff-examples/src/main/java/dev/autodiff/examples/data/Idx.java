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

  /** The most values an IDX array may declare: what one Java array holds. */
  static final long MAX_VALUES = Integer.MAX_VALUE - 8;

  /**
   * Reads an IDX array of unsigned bytes from {@code in} (gzip detected by its magic); {@code name} is for messages.
   * The header is checked before the data is read, and no more data than the header declares is ever read or
   * inflated: a file with a bad header, or a gzip bomb behind one, fails at once and in bounded memory.
   */
  public static Array read(InputStream in, String name) throws IOException {
    try (InputStream raw = new BufferedInputStream(in)) {
      raw.mark(2);
      int b0 = raw.read();
      int b1 = raw.read();
      raw.reset();
      InputStream body = b0 == 0x1f && b1 == 0x8b ? new GZIPInputStream(raw) : raw;
      byte[] head = body.readNBytes(4);
      if (head.length < 4) {
        throw new IOException("IDX file " + name + ": truncated header (" + head.length + " bytes)");
      }
      if (head[0] != 0 || head[1] != 0) {
        throw new IOException("IDX file " + name + ": bad magic (the first two bytes must be 0)");
      }
      if (head[2] != 0x08) {
        throw new IOException("IDX file " + name + ": data type 0x" + Integer.toHexString(head[2] & 0xff)
            + " is not unsigned byte (0x08)");
      }
      int rank = head[3] & 0xff;
      if (rank < 1 || rank > 4) {
        throw new IOException("IDX file " + name + ": " + rank + " dimensions (1 to 4 expected)");
      }
      byte[] b = body.readNBytes(4 * rank);
      if (b.length < 4 * rank) {
        throw new IOException("IDX file " + name + ": truncated header (" + (4 + b.length) + " bytes, "
            + (4 + 4 * rank) + " needed)");
      }
      int[] dims = new int[rank];
      long size = 1;
      for (int i = 0; i < rank; i++) {
        int o = 4 * i;
        dims[i] = ((b[o] & 0xff) << 24) | ((b[o + 1] & 0xff) << 16) | ((b[o + 2] & 0xff) << 8) | (b[o + 3] & 0xff);
        if (dims[i] <= 0) {
          throw new IOException("IDX file " + name + ": dimension " + i + " is " + dims[i]);
        }
        size *= dims[i];
        if (size > MAX_VALUES) {  // checked per factor: the product of four ints cannot wrap unnoticed
          throw new IOException("IDX file " + name + ": dimensions " + java.util.Arrays.toString(dims)
              + " declare more values than an array holds (" + MAX_VALUES + ")");
        }
      }
      byte[] data = body.readNBytes((int) size);
      if (data.length < size || body.read() != -1) {
        throw new IOException("IDX file " + name + ": " + (data.length < size ? "truncated" : "too long")
            + ": dimensions " + java.util.Arrays.toString(dims) + " need " + size + " data bytes, the file has "
            + (data.length < size ? String.valueOf(data.length) : "more"));
      }
      return new Array(dims, data);
    } catch (ZipException | java.io.EOFException e) {
      throw new IOException("IDX file " + name + ": corrupt or truncated gzip data (" + e.getMessage() + ")", e);
    }
  }

  /** Parses the bytes of an (uncompressed or gzipped) IDX file. */
  public static Array parse(byte[] b, String name) throws IOException {
    dev.autodiff.core.Require.checkNotNull(b, "idx: parse: bytes are null");
    dev.autodiff.core.Require.checkNotNull(name, "idx: parse: name is null");
    return read(new java.io.ByteArrayInputStream(b), name);
  }
}
