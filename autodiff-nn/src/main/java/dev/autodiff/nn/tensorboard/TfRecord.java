package dev.autodiff.nn.tensorboard;

import com.google.common.hash.Hashing;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * TFRecord framing, the container of TensorFlow's event files: each record is its length as a little-endian
 * {@code uint64}, the masked CRC-32C of those 8 bytes, the data, and the masked CRC-32C of the data.
 */
final class TfRecord {
  private TfRecord() {}

  /** TFRecord's masked CRC-32C: the CRC rotated right by 15 bits plus a constant. */
  static int maskedCrc(byte[] data, int offset, int length) {
    int crc = Hashing.crc32c().hashBytes(data, offset, length).asInt();
    return ((crc >>> 15) | (crc << 17)) + 0xa282ead8;
  }

  /** One framed record. */
  static byte[] frame(byte[] data) {
    ByteBuffer b = ByteBuffer.allocate(8 + 4 + data.length + 4).order(ByteOrder.LITTLE_ENDIAN);
    b.putLong(data.length);
    b.putInt(maskedCrc(b.array(), 0, 8));
    b.put(data);
    b.putInt(maskedCrc(data, 0, data.length));
    return b.array();
  }

  /**
   * The records of a file, each length and CRC checked.
   *
   * @throws IOException naming the record and what is wrong (truncated, bad CRC)
   */
  static List<byte[]> read(byte[] file) throws IOException {
    List<byte[]> out = new ArrayList<>();
    ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
    while (b.hasRemaining()) {
      int record = out.size();
      if (b.remaining() < 12) {
        throw new IOException("event file: record " + record + ": truncated header");
      }
      int start = b.position();
      long length = b.getLong();
      if (b.getInt() != maskedCrc(file, start, 8)) {
        throw new IOException("event file: record " + record + ": bad length CRC");
      }
      if (length < 0 || length > b.remaining() - 4) {
        throw new IOException("event file: record " + record + ": truncated data (" + length + " bytes announced)");
      }
      byte[] data = new byte[(int) length];
      int dataStart = b.position();
      b.get(data);
      if (b.getInt() != maskedCrc(file, dataStart, (int) length)) {
        throw new IOException("event file: record " + record + ": bad data CRC");
      }
      out.add(data);
    }
    return out;
  }
}
