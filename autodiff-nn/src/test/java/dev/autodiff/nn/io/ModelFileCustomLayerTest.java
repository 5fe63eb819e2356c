package dev.autodiff.nn.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autodiff.core.graph.Graph;
import dev.autodiff.core.graph.Parameter;
import dev.autodiff.core.tensor.Tensor;
import dev.autodiff.nn.Activation;
import dev.autodiff.nn.Dense;
import dev.autodiff.nn.Init;
import dev.autodiff.nn.Layers;
import dev.autodiff.nn.Model;
import dev.autodiff.nn.Sequential;
import dev.autodiff.nn.io.TestLayers.Centering;
import dev.autodiff.nn.io.TestLayers.Residual;
import dev.autodiff.nn.io.TestLayers.Swish;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Custom layers with registered codecs are saved and loaded like built-in ones; state and frozen flags too. */
class ModelFileCustomLayerTest {
  static final Tensor X = Tensor.matrix(3, 2, 0.5, -1.5, 2, 0.25, -0.75, 1);

  @BeforeAll
  static void registerCodecs() {
    TestLayers.register();
  }

  /** dense, swish (beta 0.7), residual dense, centering (state), dense; {@code d1.W} frozen. */
  static Model custom() {
    Graph g = Graph.create();
    Random r = new Random(3);
    Swish swish = new Swish(g, "swish");
    swish.beta.set(0.7);
    Dense d1 = new Dense(g, "d1", 2, 3, Init.normal(1), r);
    d1.weights().setTrainable(false);
    Centering centering = new Centering(g, "center", 3);
    centering.mean.set(Tensor.matrix(1, 3, 0.1, -0.2, 0.3));
    return new Model(g, Sequential.of(d1, swish, new Residual(Sequential.of(new Dense(g, "res", 3, 3,
        Init.normal(1), r), Layers.activation(Activation.TANH))), centering, new Dense(g, "out", 3, 1,
        Init.normal(1), r)), 2);
  }

  @Test
  void aCustomLayerRoundTripsBitForBit(@TempDir Path dir) throws IOException {
    Model m = custom();
    Path f = dir.resolve("custom.adnn");
    ModelFile.save(m, f);
    Model back = ModelFile.load(f);
    assertEquals(m.network().describe(), back.network().describe());
    double[] want = m.predict(X).toArray();
    double[] got = back.predict(X).toArray();
    for (int i = 0; i < want.length; i++) {
      assertEquals(Double.doubleToRawLongBits(want[i]), Double.doubleToRawLongBits(got[i]), "prediction " + i);
    }
    assertEquals(m.snapshot(), back.snapshot());
    assertEquals(0.7, back.parameters().get(2).value().at(0), 0.0);
    assertEquals("swish.beta", back.parameters().get(2).parameterName());
  }

  @Test
  void stateValuesAndTrainableFlagsComeBack() throws IOException {
    Model back = ModelFile.decode(ModelFile.encode(custom()));
    Parameter mean = back.network().state().get(0);
    assertEquals("center.mean", mean.parameterName());
    assertArrayEquals(new double[] {0.1, -0.2, 0.3}, mean.value().toArray(), 0.0);
    assertFalse(mean.isTrainable());
    for (Parameter p : back.parameters()) {
      assertEquals(!p.parameterName().equals("d1.W"), p.isTrainable(), p.parameterName());
    }
  }

  @Test
  void withoutItsCodecACustomLayerIsAClearErrorWhenSavingAndWhenLoading() throws IOException {
    Model m = custom();
    byte[] saved = ModelFile.encode(m);
    assertTrue(LayerCodecs.unregister(Swish.CODEC));
    try {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelFile.encode(m));
      assertEquals("save: cannot save layer 'swish swish' (" + Swish.class.getName() + ") at network[1]: no codec "
          + "is registered for its class; implement LayerCodec for it and register it once with "
          + "LayerCodecs.register(codec)", e.getMessage());
      ModelFileException l = assertThrows(ModelFileException.class, () -> ModelFile.decode(saved));
      assertEquals("layer at network[1]: unknown layer kind 'test.swish' (a custom layer's codec must be registered "
          + "with LayerCodecs.register before loading)", l.getMessage());
    } finally {
      LayerCodecs.register(Swish.CODEC);
    }
    assertEquals(m.snapshot(), ModelFile.decode(saved).snapshot());
  }
}
