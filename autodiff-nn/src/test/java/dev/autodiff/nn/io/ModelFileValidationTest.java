package dev.autodiff.nn.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autodiff.core.graph.Graph;
import dev.autodiff.core.graph.Node;
import dev.autodiff.nn.Activation;
import dev.autodiff.nn.Context;
import dev.autodiff.nn.Dense;
import dev.autodiff.nn.Init;
import dev.autodiff.nn.Layer;
import dev.autodiff.nn.Layers;
import dev.autodiff.nn.Model;
import dev.autodiff.nn.Sequential;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

/**
 * What loading checks beyond the checksum: files made with a valid checksum but wrong content (as a buggy writer or
 * codec would make them) are refused naming the layer or value, before anything large is allocated.
 */
class ModelFileValidationTest {
  static Model small() {
    Graph g = Graph.create();
    return new Model(g, Sequential.of(new Dense(g, "d", 2, 3, Init.normal(1), new Random(1)),
        Layers.dropout(0.25)), 2);
  }

  /** {@code file} with the first {@code from} replaced by {@code to}, and its checksum made right again. */
  static byte[] patched(byte[] file, byte[] from, byte[] to) {
    int at = -1;
    for (int i = 0; i + from.length <= file.length && at < 0; i++) {
      if (Arrays.equals(file, i, i + from.length, from, 0, from.length)) {
        at = i;
      }
    }
    assertTrue(at >= 0, "pattern not found");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(file, 0, at);
    out.writeBytes(to);
    out.write(file, at + from.length, file.length - 8 - at - from.length);
    CRC32 crc = new CRC32();
    crc.update(out.toByteArray());
    out.writeBytes(ByteBuffer.allocate(8).putLong(crc.getValue()).array());
    return out.toByteArray();
  }

  static byte[] utfThenInts(String s, int... ints) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.writeUTF(s);
    for (int i : ints) {
      out.writeInt(i);
    }
    return bytes.toByteArray();
  }

  @Test
  void aLayerSizeTheFileHasNoRoomForIsRefusedBeforeItIsAllocated() throws IOException {
    byte[] bad = patched(ModelFile.encode(small()), utfThenInts("d", 2, 3), utfThenInts("d", 100_000, 100_000));
    ModelFileException e = assertThrows(ModelFileException.class, () -> ModelFile.decode(bad));
    assertTrue(e.getMessage().startsWith("layer dense at network[0]: dense d needs 10000100000 values, more than "
        + "the "), e.getMessage());
  }

  @Test
  void settingsALayerRefusesAreAnErrorNamingTheLayer() throws IOException {
    byte[] rate = ByteBuffer.allocate(8).putDouble(0.25).array();
    byte[] bad = patched(ModelFile.encode(small()), rate, ByteBuffer.allocate(8).putDouble(1.5).array());
    ModelFileException e = assertThrows(ModelFileException.class, () -> ModelFile.decode(bad));
    assertEquals("layer dropout at network[1]: dropout: rate must be in [0, 1), got 1.5", e.getMessage());
  }

  @Test
  void valuesForAParameterTheLayersDoNotMakeAreRefused() throws IOException {
    byte[] bad = patched(ModelFile.encode(small()), utfThenInts("d.W"), utfThenInts("d.X"));
    ModelFileException e = assertThrows(ModelFileException.class, () -> ModelFile.decode(bad));
    assertEquals("the file has values for parameter 'd.X', which its layers do not make (they make [d.W, d.b])",
        e.getMessage());
  }

  /** Writes an int and reads nothing back, or reads two ints: a codec whose two halves disagree. */
  static final class Sloppy implements Layers.ShapePreserving {
    final boolean readsTooMuch;

    Sloppy(boolean readsTooMuch) {
      this.readsTooMuch = readsTooMuch;
    }

    @Override
    public Node forward(Node x, Context ctx) {
      return x;
    }

    @Override
    public String describe() {
      return "sloppy";
    }
  }

  @Test
  void aCodecThatReadsMoreOrLessThanItWroteIsCaughtNamingTheLayer() throws IOException {
    LayerCodec<Sloppy> codec = LayerCodec.of("test.sloppy", Sloppy.class, (l, out) -> {
      out.writeBoolean(l.readsTooMuch);
      out.writeInt(7);
    }, in -> {
      boolean more = in.readBoolean("flag");
      if (more) {
        in.readInt("first");
        in.readInt("second");
      }
      return new Sloppy(more);
    });
    LayerCodecs.register(codec);
    try {
      byte[] less = ModelFile.encode(new Model(Graph.create(), Sequential.of(new Sloppy(false)), 2));
      ModelFileException e = assertThrows(ModelFileException.class, () -> ModelFile.decode(less));
      assertEquals("layer test.sloppy at network[0]: its codec read 1 of its 5 settings bytes", e.getMessage());
      byte[] more = ModelFile.encode(new Model(Graph.create(), Sequential.of(new Sloppy(true)), 2));
      e = assertThrows(ModelFileException.class, () -> ModelFile.decode(more));
      assertEquals("layer test.sloppy at network[0]: past the end of its settings reading second", e.getMessage());
    } finally {
      LayerCodecs.unregister(codec);
    }
  }

  @Test
  void anActivationThatCannotBeReadBackIsRefusedWhenSaving() {
    Activation mine = new Activation("mine", Node::tanh);
    Model m = new Model(Graph.create(), Sequential.of(Layers.dropout(0), Layers.activation(mine)), 2);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelFile.encode(m));
    assertEquals("save: cannot save layer 'activation mine' at network[1]: activation: unknown activation 'mine'",
        e.getMessage());
  }

  @Test
  void nestingDeeperThanTheReaderAllowsIsRefusedWhenSaving() {
    Layer net = Layers.dropout(0);
    for (int i = 0; i < 70; i++) {
      net = Sequential.of(net);
    }
    Model m = new Model(Graph.create(), net, 2);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelFile.encode(m));
    assertTrue(e.getMessage().startsWith("save: layers nested deeper than 64 at network[0][0]"), e.getMessage());
  }

  @Test
  void aLinkToAnEndlessDeviceIsRefusedWithoutReadingIt(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws Exception {
    // reliability issue item 11: a symlink to /dev/zero ran out of memory after 1.5 s
    java.nio.file.Path zero = java.nio.file.Path.of("/dev/zero");
    org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.exists(zero), "no /dev/zero here");
    java.nio.file.Path link = java.nio.file.Files.createSymbolicLink(dir.resolve("m.adnn"), zero);
    ModelFileException e = org.junit.jupiter.api.Assertions.assertThrows(ModelFileException.class,
        () -> ModelFile.load(link));
    org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("not a regular file"), e.getMessage());
    org.junit.jupiter.api.Assertions.assertThrows(ModelFileException.class, () -> ModelFile.load(dir));
  }

  @Test
  void aFileWhoseWeightsAreNotFiniteIsRefused() throws Exception {
    // reliability issue item 13: a model file whose weights are NaN loaded without a word
    dev.autodiff.nn.Model m = dev.autodiff.nn.Mlp.builder().inputs(1).outputs(1, dev.autodiff.nn.Activation.IDENTITY)
        .build();
    m.parameters().get(0).set(dev.autodiff.core.tensor.Tensor.matrix(1, 1, 12345.678));  // easy to find
    byte[] bytes = ModelFile.encode(m);
    // the weight's 8 bytes made NaN, the CRC fixed, so only the value is wrong
    java.nio.ByteBuffer buf = java.nio.ByteBuffer.wrap(bytes);
    int at = -1;
    for (int k = 0; k + 8 <= bytes.length && at < 0; k++) {
      at = buf.getDouble(k) == 12345.678 ? k : -1;
    }
    org.junit.jupiter.api.Assertions.assertTrue(at >= 0, "the weight is in the file");
    buf.putDouble(at, Double.NaN);
    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
    crc.update(bytes, 0, bytes.length - 8);
    java.nio.ByteBuffer.wrap(bytes).putLong(bytes.length - 8, crc.getValue());
    ModelFileException e = org.junit.jupiter.api.Assertions.assertThrows(ModelFileException.class,
        () -> ModelFile.decode(bytes));
    org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("NaN at element 0"), e.getMessage());
  }
}
