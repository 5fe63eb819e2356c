package dev.autodiff.nn.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autodiff.core.graph.Node;
import dev.autodiff.nn.Context;
import dev.autodiff.nn.Dense;
import dev.autodiff.nn.Layer;
import dev.autodiff.nn.Layers;
import dev.autodiff.nn.io.TestLayers.Swish;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The codec registry: one codec per kind and per class, built-ins fixed, safe from several threads. */
class LayerCodecsTest {
  @BeforeAll
  static void registerCodecs() {
    TestLayers.register();
  }

  @Test
  void everyBuiltInLayerHasItsCodecRegisteredUnderItsKind() {
    assertEquals(List.of("sequential", "dense", "activation", "dropout", "prelu", "activity", "contractive",
        "batchnorm", "layernorm", "ensemble", "parallel", "conv2d", "maxpool2d", "averagepool2d", "flatten"),
        LayerCodecs.builtIn().stream().map(LayerCodec::kind).collect(Collectors.toList()));
    for (LayerCodec<?> c : LayerCodecs.builtIn()) {
      assertSame(c, LayerCodecs.forKind(c.kind()).orElseThrow());
      assertSame(c, LayerCodecs.forClass(c.layerClass()).orElseThrow());
    }
    assertTrue(LayerCodecs.registered().containsAll(LayerCodecs.builtIn()));
    assertSame(Swish.CODEC, LayerCodecs.forClass(Swish.class).orElseThrow());
  }

  @Test
  void aKindCannotBeRegisteredTwice() {
    LayerCodec<Racer> other = LayerCodec.of("dense", Racer.class, (l, out) -> {}, in -> null);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LayerCodecs.register(other));
    assertEquals("register: kind 'dense' is already registered, for dev.autodiff.nn.Dense", e.getMessage());
    LayerCodec<Swish> again = LayerCodec.of("test.swish", Swish.class, (l, out) -> {}, in -> null);
    e = assertThrows(IllegalArgumentException.class, () -> LayerCodecs.register(again));
    assertTrue(e.getMessage().startsWith("register: kind 'test.swish' is already registered"), e.getMessage());
  }

  @Test
  void aClassCannotHaveTwoCodecs() {
    LayerCodec<Dense> second = LayerCodec.of("my.dense", Dense.class, (l, out) -> {}, in -> null);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LayerCodecs.register(second));
    assertEquals("register: dev.autodiff.nn.Dense already has a codec, of kind 'dense'", e.getMessage());
    assertFalse(LayerCodecs.forKind("my.dense").isPresent());
  }

  @Test
  void aCodecIsForOneConcreteClass() {
    LayerCodec<Layer> forInterface = LayerCodec.of("any.layer", Layer.class, (l, out) -> {}, in -> null);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> LayerCodecs.register(forInterface));
    assertTrue(e.getMessage().contains("dev.autodiff.nn.Layer, which is not a concrete class"), e.getMessage());
  }

  @Test
  void kindsAreShortAndPlain() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> LayerCodec.of("has space", Swish.class, (l, out) -> {}, in -> null));
    assertEquals("layer codec: kind 'has space' must be 1 to 100 letters, digits or . _ - :", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> LayerCodec.of("", Swish.class, (l, out) -> {}, in -> null));
  }

  @Test
  void builtInCodecsCannotBeRemovedAndCustomOnesOnlyByTheirOwner() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> LayerCodecs.unregister(Dense.CODEC));
    assertEquals("unregister: dense is built in", e.getMessage());
    LayerCodec<Swish> impostor = LayerCodec.of("test.swish", Swish.class, (l, out) -> {}, in -> null);
    assertFalse(LayerCodecs.unregister(impostor));
    assertSame(Swish.CODEC, LayerCodecs.forKind("test.swish").orElseThrow());
  }

  /** A layer class of its own for the race below. */
  static final class Racer implements Layers.ShapePreserving {
    @Override
    public Node forward(Node x, Context ctx) {
      return x;
    }

    @Override
    public String describe() {
      return "racer";
    }
  }

  @Test
  void whenThreadsRaceToRegisterOneKindExactlyOneWins() throws Exception {
    int threads = 8;
    List<LayerCodec<Racer>> codecs = new ArrayList<>();
    for (int i = 0; i < threads; i++) {
      codecs.add(LayerCodec.of("test.racer", Racer.class, (l, out) -> {}, in -> new Racer()));
    }
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<Boolean>> results = new ArrayList<>();
      for (LayerCodec<Racer> c : codecs) {
        results.add(pool.submit(() -> {
          start.await();
          try {
            LayerCodecs.register(c);
            return true;
          } catch (IllegalArgumentException e) {
            return false;
          }
        }));
      }
      start.countDown();
      List<LayerCodec<Racer>> winners = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        if (results.get(i).get()) {
          winners.add(codecs.get(i));
        }
      }
      assertEquals(1, winners.size());
      assertSame(winners.get(0), LayerCodecs.forKind("test.racer").orElseThrow());
      assertSame(winners.get(0), LayerCodecs.forClass(Racer.class).orElseThrow());
      assertTrue(LayerCodecs.unregister(winners.get(0)));
      assertFalse(LayerCodecs.forClass(Racer.class).isPresent());
    } finally {
      pool.shutdownNow();
    }
  }
}
