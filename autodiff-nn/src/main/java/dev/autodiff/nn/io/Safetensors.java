package dev.autodiff.nn.io;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The safetensors format: an 8-byte little-endian header length {@code N}, {@code N} bytes of UTF-8 JSON mapping each
 * tensor's name to its {@code dtype}, {@code shape} and {@code data_offsets} (relative to the end of the header),
 * with an optional {@code __metadata__} object of strings, then the tensors' raw little-endian row-major bytes. The
 * header is checked whole before any tensor is allocated: its length against the file and a cap, strict JSON (no
 * duplicate keys), known dtypes, byte lengths that match the shapes, offsets inside the data, and tensors that tile
 * the data exactly (no gap, no overlap), as the reference implementation requires.
 */
final class Safetensors {
  /** The reference implementation's cap on the header length. */
  static final long MAX_HEADER = 100_000_000;
  static final String METADATA = "__metadata__";
  private static final Set<String> FIELDS = Set.of("dtype", "shape", "data_offsets");

  enum DType {
    F64(8), F32(4);

    final int bytes;

    DType(int bytes) {
      this.bytes = bytes;
    }
  }

  /** One tensor of the header; offsets relative to the start of the data. */
  record Info(String name, DType dtype, long[] shape, long begin, long end) {
    String shapeText() {
      return Arrays.toString(shape);
    }

    long elements() {
      return (end - begin) / dtype.bytes;
    }
  }

  /** A checked header: its tensors in file order, its metadata, and where the data starts in the file. */
  record Header(Map<String, Info> tensors, Map<String, String> metadata, long dataStart) {}

  private Safetensors() {}

  /** Reads and checks the header of the file open in {@code ch}. */
  static Header readHeader(FileChannel ch) throws IOException {
    long size = ch.size();
    if (size < 8) {
      throw new ModelFileException("truncated: " + size + " bytes, shorter than the 8-byte header length");
    }
    ByteBuffer lengthBytes = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
    readFully(ch, lengthBytes, 0);
    long n = lengthBytes.getLong(0);
    if (n < 0 || n > size - 8) {
      throw new ModelFileException("header length " + Long.toUnsignedString(n) + " is larger than the file ("
          + (size - 8) + " bytes follow the length)");
    }
    if (n > MAX_HEADER) {
      throw new ModelFileException("header length " + n + " is more than the " + MAX_HEADER + " bytes allowed");
    }
    ByteBuffer headerBytes = ByteBuffer.allocate((int) n);
    readFully(ch, headerBytes, 8);
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(headerBytes.flip()).toString();
    } catch (CharacterCodingException e) {
      throw new ModelFileException("the header is not valid UTF-8", e);
    }
    Object json;
    try {
      json = Json.parse(text);
    } catch (Json.SyntaxError e) {
      throw new ModelFileException("the header is not valid JSON: " + e.getMessage(), e);
    }
    if (!(json instanceof Map<?, ?> top)) {
      throw new ModelFileException("the header must be a JSON object, it is " + kind(json));
    }
    long dataLength = size - 8 - n;
    Map<String, Info> tensors = new LinkedHashMap<>();
    Map<String, String> metadata = Map.of();
    for (Map.Entry<?, ?> e : top.entrySet()) {
      String name = (String) e.getKey();
      if (name.equals(METADATA)) {
        metadata = metadata(e.getValue());
      } else {
        tensors.put(name, info(name, e.getValue(), dataLength));
      }
    }
    checkTiling(new ArrayList<>(tensors.values()), dataLength);
    return new Header(tensors, metadata, 8 + n);
  }

  private static Map<String, String> metadata(Object v) throws ModelFileException {
    if (!(v instanceof Map<?, ?> m)) {
      throw new ModelFileException(METADATA + " must be an object of strings, it is " + kind(v));
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<?, ?> e : m.entrySet()) {
      if (!(e.getValue() instanceof String s)) {
        throw new ModelFileException(METADATA + " must map strings to strings; \"" + e.getKey() + "\" is "
            + kind(e.getValue()));
      }
      out.put((String) e.getKey(), s);
    }
    return out;
  }

  private static Info info(String name, Object v, long dataLength) throws ModelFileException {
    if (!(v instanceof Map<?, ?> m)) {
      throw bad(name, "must be an object with dtype, shape and data_offsets, it is " + kind(v));
    }
    for (Object key : m.keySet()) {
      if (!FIELDS.contains(key)) {
        throw bad(name, "unknown field \"" + key + "\"");
      }
    }
    Object dtype = m.get("dtype");
    if (!(dtype instanceof String d)) {
      throw bad(name, dtype == null ? "no dtype" : "dtype must be a string, it is " + kind(dtype));
    }
    DType type = Arrays.stream(DType.values()).filter(t -> t.name().equals(d)).findFirst()
        .orElseThrow(() -> bad(name, "dtype " + d + " is not supported (F64 and F32 are)"));
    long[] shape = integers(name, "shape", m.get("shape"), -1);
    long[] offsets = integers(name, "data_offsets", m.get("data_offsets"), 2);
    long begin = offsets[0];
    long end = offsets[1];
    if (begin > end || end > dataLength) {
      throw bad(name, "data_offsets [" + begin + ", " + end + "] lie outside the " + dataLength + " bytes of data");
    }
    long bytes = type.bytes;
    try {
      for (long dim : shape) {
        bytes = Math.multiplyExact(bytes, dim);
      }
    } catch (ArithmeticException e) {
      throw bad(name, "shape " + Arrays.toString(shape) + " is too large");
    }
    if (end - begin != bytes) {
      throw bad(name, "data_offsets [" + begin + ", " + end + "] hold " + (end - begin) + " bytes, but shape "
          + Arrays.toString(shape) + " of " + type + " needs " + bytes);
    }
    return new Info(name, type, shape, begin, end);
  }

  /** An array of non-negative integers ({@code count} of them, or any number when {@code count} is -1). */
  private static long[] integers(String name, String field, Object v, int count) throws ModelFileException {
    String want = count < 0 ? "an array of non-negative integers" : "an array of " + count + " non-negative integers";
    if (v == null) {
      throw bad(name, "no " + field);
    }
    if (!(v instanceof List<?> list) || (count >= 0 && list.size() != count)) {
      throw bad(name, field + " must be " + want + ", it is " + kind(v));
    }
    long[] out = new long[list.size()];
    for (int i = 0; i < out.length; i++) {
      Object x = list.get(i);
      try {
        if (!(x instanceof BigDecimal b) || b.scale() != 0 || b.signum() < 0) {
          throw new ArithmeticException();
        }
        out[i] = b.longValueExact();
      } catch (ArithmeticException e) {
        throw bad(name, field + " must be " + want + "; element " + i + " is " + x);
      }
    }
    return out;
  }

  /** The tensors, by offset, must cover the data exactly: each starts where the one before ended. */
  private static void checkTiling(List<Info> tensors, long dataLength) throws ModelFileException {
    tensors.sort(Comparator.comparingLong(Info::begin).thenComparingLong(Info::end));
    long next = 0;
    Info previous = null;
    for (Info t : tensors) {
      if (t.begin() < next) {
        throw bad(t.name(), "bytes [" + t.begin() + ", " + t.end() + ") overlap tensor '" + previous.name()
            + "' (bytes [" + previous.begin() + ", " + previous.end() + "))");
      }
      if (t.begin() > next) {
        throw bad(t.name(), "bytes [" + next + ", " + t.begin() + ") before it belong to no tensor (a gap"
            + (previous == null ? " at the start of the data)" : " after tensor '" + previous.name() + "')"));
      }
      next = t.end();
      previous = t;
    }
    if (next != dataLength) {
      throw new ModelFileException("bytes [" + next + ", " + dataLength + ") at the end of the data belong to no "
          + "tensor");
    }
  }

  /** The values of {@code t}, as doubles (F32 widened exactly). */
  static double[] values(FileChannel ch, Header h, Info t) throws IOException {
    double[] v = new double[Math.toIntExact(t.elements())];
    ByteBuffer chunk = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
    int perChunk = chunk.capacity() / t.dtype().bytes;
    for (int from = 0; from < v.length; from += perChunk) {
      int n = Math.min(perChunk, v.length - from);
      chunk.clear().limit(n * t.dtype().bytes);
      readFully(ch, chunk, h.dataStart() + t.begin() + (long) from * t.dtype().bytes);
      chunk.flip();
      for (int i = 0; i < n; i++) {
        v[from + i] = t.dtype() == DType.F64 ? chunk.getDouble() : chunk.getFloat();
      }
    }
    return v;
  }

  private static void readFully(FileChannel ch, ByteBuffer into, long position) throws IOException {
    long at = position;
    while (into.hasRemaining()) {
      int n = ch.read(into, at);
      if (n < 0) {
        throw new ModelFileException("truncated: the file ended at byte " + at + " (did it change while read?)");
      }
      at += n;
    }
  }

  private static ModelFileException bad(String tensor, String message) {
    return new ModelFileException("tensor '" + tensor + "': " + message);
  }

  private static String kind(Object v) {
    return v instanceof Map ? "an object" : v instanceof List ? "an array" : v instanceof String s ? "the string \""
        + s + "\"" : v instanceof BigDecimal ? "the number " + v : v == Json.Null.NULL ? "null" : "" + v;
  }
}
