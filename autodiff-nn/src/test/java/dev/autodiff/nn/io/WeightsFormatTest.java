package dev.autodiff.nn.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autodiff.core.graph.Graph;
import dev.autodiff.core.tensor.Tensor;
import dev.autodiff.nn.Dense;
import dev.autodiff.nn.Init;
import dev.autodiff.nn.Model;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every way a safetensors file can be malformed is refused, the message naming the problem (and the tensor). */
class WeightsFormatTest {
  @TempDir Path dir;

  /** A file: the header's length (little-endian), the header ({@code '} for {@code "}), {@code dataBytes} zeros. */
  Path file(String header, int dataBytes) throws IOException {
    byte[] h = header.replace('\'', '"').getBytes(StandardCharsets.UTF_8);
    return write(h, new byte[dataBytes]);
  }

  Path write(byte[] header, byte[] data) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(8 + header.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
    b.putLong(header.length).put(header).put(data);
    Path f = Files.createTempFile(dir, "w", ".safetensors");
    Files.write(f, b.array());
    return f;
  }

  String readError(Path f) {
    ModelFileException e = assertThrows(ModelFileException.class, () -> Weights.read(f));
    String prefix = "weights file " + f + ": ";
    assertTrue(e.getMessage().startsWith(prefix), e.getMessage());
    return e.getMessage().substring(prefix.length());
  }

  static final String W = "{'w': {'dtype': 'F64', 'shape': [1, 2], 'data_offsets': [0, 16]}}";

  @Test
  void theBaseFileOfTheseCasesIsValid() throws IOException {
    assertEquals(Tensor.matrix(1, 2, 0, 0), Weights.read(file(W, 16)).get("w"));
    assertEquals(0, Weights.read(file("{}", 0)).size());
  }

  /** The spec's corner cases a valid file may have: empty metadata, no tensors, a header padded for alignment. */
  @Test
  void emptyMetadataNoTensorsAndPaddingAreValid() throws IOException {
    assertEquals(0, Weights.read(file("{'__metadata__': {}}", 0)).size());
    assertEquals(0, Weights.read(file("{'__metadata__': {'format': 'pt'}}", 0)).size());
    // writers pad the header with spaces so that the data starts at a multiple of 8
    String padded = W + " ".repeat(8 - (W.length() + 8) % 8);
    assertEquals(0, (8 + padded.length()) % 8);
    assertEquals(Tensor.matrix(1, 2, 0, 0), Weights.read(file(padded, 16)).get("w"));
    assertEquals(Tensor.matrix(1, 2, 0, 0), Weights.read(file("  \n" + W, 16)).get("w"));
  }

  static Stream<Arguments> malformedHeaders() {
    return Stream.of(
        Arguments.of("a trailing comma", "{'w': {'dtype': 'F64', 'shape': [1, 2], 'data_offsets': [0, 16],}}", 16,
            "the header is not valid JSON: expected a key (a string), found '}' at character 64"),
        Arguments.of("a duplicate key", "{'w': {'dtype': 'F64', 'dtype': 'F64', 'shape': [1, 2], "
            + "'data_offsets': [0, 16]}}", 16, "the header is not valid JSON: duplicate key \"dtype\" at character 23"),
        Arguments.of("a duplicate tensor", "{'w': {'dtype': 'F64', 'shape': [1, 2], 'data_offsets': [0, 16]}, 'w': 1}",
            16, "the header is not valid JSON: duplicate key \"w\" at character 66"),
        Arguments.of("text after the object", W + " x", 16,
            "the header is not valid JSON: unexpected 'x' after the value at character 66"),
        Arguments.of("not an object", "[1, 2]", 0, "the header must be a JSON object, it is an array"),
        Arguments.of("offsets past the data", "{'w': {'dtype': 'F64', 'shape': [1, 2], 'data_offsets': [0, 24]}}",
            16, "tensor 'w': data_offsets [0, 24] lie outside the 16 bytes of data"),
        Arguments.of("offsets backwards", "{'w': {'dtype': 'F64', 'shape': [1, 2], 'data_offsets': [16, 0]}}", 16,
            "tensor 'w': data_offsets [16, 0] lie outside the 16 bytes of data"),
        Arguments.of("a wrong shape", "{'w': {'dtype': 'F64', 'shape': [2, 2], 'data_offsets': [0, 16]}}", 16,
            "tensor 'w': data_offsets [0, 16] hold 16 bytes, but shape [2, 2] of F64 needs 32"),
        Arguments.of("F32 sizes", "{'w': {'dtype': 'F32', 'shape': [1, 2], 'data_offsets': [0, 16]}}", 16,
            "tensor 'w': data_offsets [0, 16] hold 16 bytes, but shape [1, 2] of F32 needs 8"),
        Arguments.of("an unsupported dtype", "{'w': {'dtype': 'BF16', 'shape': [1, 2], 'data_offsets': [0, 4]}}",
            4, "tensor 'w': dtype BF16 is not supported (F64 and F32 are)"),
        Arguments.of("an unknown dtype", "{'w': {'dtype': 'F65', 'shape': [1, 2], 'data_offsets': [0, 16]}}", 16,
            "tensor 'w': dtype F65 is not supported (F64 and F32 are)"),
        Arguments.of("overlapping tensors", "{'a': {'dtype': 'F64', 'shape': [2], 'data_offsets': [0, 16]}, "
            + "'b': {'dtype': 'F64', 'shape': [2], 'data_offsets': [8, 24]}}", 24,
            "tensor 'b': bytes [8, 24) overlap tensor 'a' (bytes [0, 16))"),
        Arguments.of("a gap between tensors", "{'a': {'dtype': 'F64', 'shape': [1], 'data_offsets': [0, 8]}, "
            + "'b': {'dtype': 'F64', 'shape': [1], 'data_offsets': [16, 24]}}", 24,
            "tensor 'b': bytes [8, 16) before it belong to no tensor (a gap after tensor 'a')"),
        Arguments.of("a gap at the start", "{'b': {'dtype': 'F64', 'shape': [1], 'data_offsets': [8, 16]}}", 16,
            "tensor 'b': bytes [0, 8) before it belong to no tensor (a gap at the start of the data)"),
        Arguments.of("data after the last tensor", "{'a': {'dtype': 'F64', 'shape': [1], 'data_offsets': [0, 8]}}",
            16, "bytes [8, 16) at the end of the data belong to no tensor"),
        Arguments.of("a fractional dimension", "{'w': {'dtype': 'F64', 'shape': [1.5, 2], 'data_offsets': [0, 16]}}",
            16, "tensor 'w': shape must be an array of non-negative integers; element 0 is 1.5"),
        Arguments.of("a negative dimension", "{'w': {'dtype': 'F64', 'shape': [-1, 2], 'data_offsets': [0, 16]}}",
            16, "tensor 'w': shape must be an array of non-negative integers; element 0 is -1"),
        Arguments.of("a huge shape", "{'w': {'dtype': 'F64', 'shape': [9223372036854775807, 2], "
            + "'data_offsets': [0, 16]}}", 16, "tensor 'w': shape [9223372036854775807, 2] is too large"),
        Arguments.of("three offsets", "{'w': {'dtype': 'F64', 'shape': [1, 2], 'data_offsets': [0, 8, 16]}}", 16,
            "tensor 'w': data_offsets must be an array of 2 non-negative integers, it is an array"),
        Arguments.of("no shape", "{'w': {'dtype': 'F64', 'data_offsets': [0, 16]}}", 16, "tensor 'w': no shape"),
        Arguments.of("an unknown field", "{'w': {'dtype': 'F64', 'shape': [1, 2], 'data_offsets': [0, 16], "
            + "'scale': 2}}", 16, "tensor 'w': unknown field \"scale\""),
        Arguments.of("a tensor that is not an object", "{'w': 'F64'}", 0,
            "tensor 'w': must be an object with dtype, shape and data_offsets, it is the string \"F64\""),
        Arguments.of("metadata that is not strings", "{'__metadata__': {'epochs': 3}}", 0,
            "__metadata__ must map strings to strings; \"epochs\" is the number 3"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformedHeaders")
  void aMalformedHeaderIsRefusedNamingTheProblem(String what, String header, int dataBytes, String message)
      throws IOException {
    assertEquals(message, readError(file(header, dataBytes)));
  }

  @Test
  void aHeaderThatIsNotUtf8IsRefused() throws IOException {
    byte[] h = "{'w': 1}".replace('\'', '"').getBytes(StandardCharsets.UTF_8);
    h[2] = (byte) 0xff;
    assertEquals("the header is not valid UTF-8", readError(write(h, new byte[0])));
  }

  @Test
  void everyTruncationOfTheFixtureIsRefused() throws IOException {
    byte[] whole = Files.readAllBytes(WeightsTest.FIXTURE);
    for (int n = 0; n < whole.length; n++) {
      Path f = dir.resolve("cut" + n);
      Files.write(f, Arrays.copyOf(whole, n));
      String m = readError(f);
      String want = n < 8 ? "truncated: " + n + " bytes, shorter than the 8-byte header length"
          : n < 8 + 445 ? "header length 445 is larger than the file (" + (n - 8) + " bytes follow the length)"
          : null;
      if (want != null) {
        assertEquals(want, m, "cut at " + n);
      } else {
        assertTrue(m.matches("tensor '[a-z1.WbBeta]+': data_offsets \\[\\d+, \\d+\\] lie outside the "
            + (n - 453) + " bytes of data"), "cut at " + n + ": " + m);
      }
    }
  }

  @Test
  void aHeaderLengthLargerThanTheFileIsRefused() throws IOException {
    ByteBuffer b = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN).putLong(1_000_000).putInt(0);
    Path f = dir.resolve("long.safetensors");
    Files.write(f, b.array());
    assertEquals("header length 1000000 is larger than the file (4 bytes follow the length)", readError(f));
    Files.write(f, ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(-1).array());
    assertEquals("header length 18446744073709551615 is larger than the file (0 bytes follow the length)",
        readError(f));
  }

  @Test
  void aHeaderLengthOverTheCapIsRefusedBeforeItIsRead() throws IOException {
    Path f = dir.resolve("sparse.safetensors");
    try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
      raf.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(150_000_000).array());
      raf.setLength(200_000_000);  // sparse: no disk space, no bytes read
    }
    assertEquals("header length 150000000 is more than the 100000000 bytes allowed", readError(f));
  }

  @Test
  void onlyScalarsAndMatricesAreAutodiffTensors() throws IOException {
    Path f = file("{'v': {'dtype': 'F64', 'shape': [2], 'data_offsets': [0, 16]}}", 16);
    assertEquals("tensor 'v' has shape [2]: autodiff holds scalars ([]) and matrices ([rows, cols], each at least 1)",
        readError(f));
    Graph g = Graph.create();
    Model m = new Model(g, new Dense(g, "v", 2, 2, Init.normal(1), new Random(1)), 2);
    ModelFileException e = assertThrows(ModelFileException.class, () -> Weights.load(m, f));
    assertEquals("weights file " + f + ": no tensor 'v.W' (the model's 2x2 v.W)", e.getMessage());
  }
}
