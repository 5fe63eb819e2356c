package dev.autodiff.nn.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autodiff.core.graph.Graph;
import dev.autodiff.core.io.AtomicFiles;
import dev.autodiff.core.tensor.Tensor;
import dev.autodiff.core.testing.Seeds;
import dev.autodiff.nn.Activation;
import dev.autodiff.nn.Dense;
import dev.autodiff.nn.Init;
import dev.autodiff.nn.Layer;
import dev.autodiff.nn.Layers;
import dev.autodiff.nn.Mlp;
import dev.autodiff.nn.Model;
import dev.autodiff.nn.Sequential;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelFileTest {
  static Model rich() {
    Graph g = Graph.create();
    Random r = new Random(5);
    Layer net = Sequential.of(new Dense(g, "enc", 3, 4, Init.normal(1), r), Layers.activation(Activation.sigmoid(2)),
        Layers.activityL1(1e-3), Layers.prelu(g, "act", 4, 0.1),
        Sequential.of(Layers.dropout(0.25), new Dense(g, "dec", 4, 2, Init.he(), r)),
        Layers.activation(Activation.SOFTMAX), Layers.contractive(0.01));
    return new Model(g, net, 3);
  }

  @Test
  void roundTripIsBitExact(@TempDir Path dir) throws IOException {
    Model m = rich();
    Path f = dir.resolve("model.adnn");
    ModelFile.save(m, f);
    Model back = ModelFile.load(f);
    assertEquals(m.toString(), back.toString());
    assertEquals(m.snapshot(), back.snapshot());
    Tensor x = Tensor.matrix(2, 3, 0.1, -2, 3, 0.5, 0.25, -1);
    assertArrayEquals(m.predict(x).toArray(), back.predict(x).toArray(), 0.0);
    assertArrayEquals(ModelFile.encode(m), Files.readAllBytes(f));
  }

  @Test
  void everyTruncationIsAClearError() throws IOException {
    byte[] bytes = ModelFile.encode(Mlp.builder().inputs(2).hidden(3, Activation.TANH).outputs(1, Activation.SIGMOID)
        .build());
    for (int n = 0; n < bytes.length; n++) {
      byte[] cut = Arrays.copyOf(bytes, n);
      ModelFileException e = assertThrows(ModelFileException.class, () -> ModelFile.decode(cut), "length " + n);
      assertTrue(e.getMessage().contains("no ADNN header") || e.getMessage().contains("truncated")
          || e.getMessage().contains("checksum"), e.getMessage());
    }
    System.out.println("reliability: all " + bytes.length + " truncations of a model file refused");
  }

  @Test
  void randomCorruptionsAreAlwaysDetected() throws IOException {
    byte[] bytes = ModelFile.encode(rich());
    Random r = new Random(Seeds.of("ModelFileTest.randomCorruptionsAreAlwaysDetected", 1));
    for (int trial = 0; trial < 3000; trial++) {
      byte[] bad = bytes.clone();
      int flips = 1 + r.nextInt(4);
      for (int k = 0; k < flips; k++) {
        int at = r.nextInt(bad.length);
        bad[at] = (byte) (bad[at] ^ (1 + r.nextInt(255)));
      }
      assertThrows(ModelFileException.class, () -> ModelFile.decode(bad), "trial " + trial);
    }
    System.out.println("reliability: 3000 randomly corrupted model files refused, none half-loaded");
  }

  @Test
  void aNewerFormatVersionIsRefusedSayingSo() throws IOException {
    byte[] bytes = ModelFile.encode(rich());
    bytes[7] = (byte) (ModelFile.VERSION + 1);
    ModelFileException e = assertThrows(ModelFileException.class, () -> ModelFile.decode(bytes));
    assertTrue(e.getMessage().contains("format version " + (ModelFile.VERSION + 1)
        + " is newer than this library reads (up to " + ModelFile.VERSION + ")"), e.getMessage());
  }

  @Test
  void aFailedSaveLeavesThePreviousFileLoadable(@TempDir Path dir) throws IOException {
    Model m = rich();
    Path f = dir.resolve("model.adnn");
    ModelFile.save(m, f);
    byte[] good = ModelFile.encode(m);
    IOException e = assertThrows(IOException.class, () -> AtomicFiles.write(f, out -> {
      out.write(good, 0, good.length / 2);
      throw new IOException("disk full (simulated)");
    }));
    assertEquals("disk full (simulated)", e.getMessage());
    assertEquals(m.snapshot(), ModelFile.load(f).snapshot());
  }
}
