package dev.autodiff.nn.io;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * The body of a model file being read: big-endian values, as {@link java.io.DataOutputStream} wrote them, with a
 * limit that a layer's settings frame can narrow. Every read checks that its bytes are there first, so a short file
 * is a {@link ModelFileException} naming what was being read, never a buffer underflow.
 */
final class ModelBytes {
  private final ByteBuffer buffer;
  private final int end;
  private long reserved;

  ModelBytes(byte[] bytes, int from, int to) {
    this.buffer = ByteBuffer.wrap(bytes, from, to - from).slice();
    this.end = to - from;
  }

  int position() {
    return buffer.position();
  }

  int limit() {
    return buffer.limit();
  }

  void limit(int limit) {
    buffer.limit(limit);
  }

  /** Bytes left before the current limit. */
  int remaining() {
    return buffer.remaining();
  }

  /** Bytes left before the end of the body, whatever the limit. */
  int remainingInBody() {
    return end - buffer.position();
  }

  private void need(int bytes, String what) throws ModelFileException {
    if (buffer.remaining() < bytes) {
      throw new ModelFileException((buffer.limit() == end ? "truncated" : "past the end of its settings")
          + " reading " + what);
    }
  }

  int readInt(String what) throws ModelFileException {
    need(4, what);
    return buffer.getInt();
  }

  double readDouble(String what) throws ModelFileException {
    need(8, what);
    return buffer.getDouble();
  }

  boolean readBoolean(String what) throws ModelFileException {
    need(1, what);
    byte b = buffer.get();
    if (b != 0 && b != 1) {
      throw new ModelFileException(what + " is the byte " + b + ", not a boolean (0 or 1)");
    }
    return b == 1;
  }

  /** A string as {@link java.io.DataOutputStream#writeUTF} wrote it (length, then modified UTF-8). */
  String readString(String what) throws ModelFileException {
    need(2, what);
    int length = Short.toUnsignedInt(buffer.getShort(buffer.position()));
    need(2 + length, what);
    int at = buffer.arrayOffset() + buffer.position();
    buffer.position(buffer.position() + 2 + length);
    try {
      return DataInputStream.readUTF(new DataInputStream(new ByteArrayInputStream(buffer.array(), at, 2 + length)));
    } catch (IOException e) {
      throw new ModelFileException(what + " is not a valid string: " + e.getMessage(), e);
    }
  }

  /**
   * Claims room for {@code values} doubles that a layer is about to allocate: together with what was claimed before,
   * they must fit in what is left of the body (where their saved values must follow), so a corrupt size is refused
   * before it is allocated.
   */
  void reserve(String what, long values) throws ModelFileException {
    if (values < 0 || values > (remainingInBody() - reserved) / Double.BYTES) {
      throw new ModelFileException(what + " needs " + values + " values, more than the " + remainingInBody()
          + " bytes left in the file can hold");
    }
    reserved += values * Double.BYTES;
  }
}
