package dev.autodiff.nn;

import static dev.autodiff.nn.NormalizationTest.assertClose;
import static dev.autodiff.nn.NormalizationTest.ref;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autodiff.core.check.GradientCheck;
import dev.autodiff.core.check.GradientChecker;
import dev.autodiff.core.exec.Feeds;
import dev.autodiff.core.graph.Graph;
import dev.autodiff.core.graph.Input;
import dev.autodiff.core.graph.Node;
import dev.autodiff.core.graph.Parameter;
import dev.autodiff.core.tensor.Shape;
import dev.autodiff.core.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** BatchNorm and LayerNorm: gradients by finite differences, parameters and state, models, and refusals. */
class NormalizationLayerTest {

  /** The loss {@code sum(y * w)} on the reference batch {@code prefix}, checked with respect to x and {@code wrt}. */
  private static GradientCheck check(String prefix, Layer layer, boolean training, Parameter... wrt) {
    Tensor x = ref(prefix + ".x");
    Graph g = wrt[0].graph();
    Input in = g.input(prefix, x.shape());
    Node loss = layer.forward(in, new Context(training, in, prefix)).times(g.constant(ref(prefix + ".w"))).sum();
    List<Node> all = new ArrayList<>(List.of(in));
    all.addAll(List.of(wrt));
    return GradientChecker.create().check(loss, all, Feeds.of(in, x));
  }

  @Test
  void batchNormGradientsAgreeWithFiniteDifferencesInTrainingAndInference() {
    BatchNorm bn = new BatchNorm(Graph.create(), "bn", 3);
    bn.gamma().set(ref("bn_default.gamma"));
    bn.beta().set(ref("bn_default.beta"));
    GradientCheck training = check("bn_default.step1", bn, true, bn.gamma(), bn.beta());
    assertTrue(training.passed(), training::toString);
    bn.runningMean().set(ref("bn_default.step3.running_mean"));
    bn.runningVar().set(ref("bn_default.step3.running_var"));
    GradientCheck inference = check("bn_default.eval", bn, false, bn.gamma(), bn.beta(), bn.runningMean(),
        bn.runningVar());
    assertTrue(inference.passed(), inference::toString);
  }

  @Test
  void layerNormGradientsAgreeWithFiniteDifferences() {
    LayerNorm ln = new LayerNorm(Graph.create(), "ln", 4);
    ln.gamma().set(ref("ln_default.gamma"));
    ln.beta().set(ref("ln_default.beta"));
    GradientCheck c = check("ln_default", ln, true, ln.gamma(), ln.beta());
    assertTrue(c.passed(), c::toString);
  }

  @Test
  void batchNormHasGammaAndBetaAsParametersAndRunningStatisticsAsFrozenState() {
    Graph g = Graph.create();
    BatchNorm bn = new BatchNorm(g, "bn1", 3, 0.01, 1e-3);
    assertEquals(List.of(bn.gamma(), bn.beta()), bn.parameters());
    assertEquals(List.of(bn.beta()), bn.biases());
    assertEquals(List.of(bn.runningMean(), bn.runningVar()), bn.state());
    assertEquals(List.of("bn1.gamma", "bn1.beta", "bn1.running_mean", "bn1.running_var"),
        List.of(bn.gamma().label(), bn.beta().label(), bn.runningMean().label(), bn.runningVar().label()));
    assertTrue(bn.gamma().isTrainable() && bn.beta().isTrainable());
    assertFalse(bn.runningMean().isTrainable() || bn.runningVar().isTrainable());
    for (Parameter p : List.of(bn.gamma(), bn.beta(), bn.runningMean(), bn.runningVar())) {
      assertEquals(Shape.of(1, 3), p.shape(), p.label());
      assertEquals(Optional.of("bn1"), p.group(), p.label());
    }
    assertEquals(6, bn.parameterCount());
    assertEquals("batchnorm bn1 3", bn.describe());
    assertEquals(3, bn.outputWidth(3));
    assertEquals(List.of(), bn.children());
  }

  @Test
  void layerNormHasGammaAndBetaAndNoState() {
    LayerNorm ln = new LayerNorm(Graph.create(), "ln1", 5);
    assertEquals(List.of(ln.gamma(), ln.beta()), ln.parameters());
    assertEquals(List.of(ln.beta()), ln.biases());
    assertEquals(List.of(), ln.state());
    assertEquals(Optional.of("ln1"), ln.gamma().group());
    assertEquals("ln1.gamma", ln.gamma().label());
    assertEquals("layernorm ln1 5", ln.describe());
    assertEquals(10, ln.parameterCount());
  }

  @Test
  void aModelPredictsWithTheRunningStatisticsAndTrainsWithBatchStatistics() {
    Graph g = Graph.create();
    BatchNorm bn = new BatchNorm(g, "bn", 2);
    Model model = new Model(g, Sequential.of(bn), 2);
    assertEquals(List.of(bn.gamma(), bn.beta()), model.parameters());
    assertEquals(List.of(bn.runningMean(), bn.runningVar()), model.network().state());
    bn.runningMean().set(Tensor.row(1, -2));
    bn.runningVar().set(Tensor.row(4, 0.25));
    bn.gamma().set(Tensor.row(2, 3));
    bn.beta().set(Tensor.row(0.5, -0.5));
    double[] y = model.predict(3, -1);                             // one sample is fine in inference
    assertEquals(2 * (3 - 1) / Math.sqrt(4 + 1e-5) + 0.5, y[0], 1e-15);
    assertEquals(3 * (-1 + 2) / Math.sqrt(0.25 + 1e-5) - 0.5, y[1], 1e-15);
    Model.Pass train = model.newPass("x", 4, true);
    assertEquals(List.of(bn.runningMean(), bn.runningVar()),
        train.context().stateUpdates().stream().map(Context.StateUpdate::state).toList());
    assertEquals(List.of(), model.newPass("x", 4, false).context().stateUpdates());
    assertEquals(Tensor.row(1, -2), bn.runningMean().value(), "building and predicting never move the state");
  }

  private static void assertRefused(String message, Executable call) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
    assertTrue(e.getMessage().contains(message), e.getMessage());
  }

  @Test
  void aTrainingBatchOfOneIsRefusedNamingTheLayer() {
    Graph g = Graph.create();
    Model model = new Model(g, Sequential.of(new Dense(g, "d", 2, 3, Init.xavier(), new java.util.Random(1)),
        new BatchNorm(g, "bn7", 3)), 2);
    assertRefused("batchnorm bn7: a training batch needs at least 2 rows", () -> model.newPass("x", 1, true));
    assertEquals(3, model.newPass("x", 1, false).output().shape().cols());
  }

  @Test
  void usingOneBatchNormTwiceInATrainingPassIsRefused() {
    Graph g = Graph.create();
    BatchNorm bn = new BatchNorm(g, "bn", 2);
    Input x = g.input("x", Shape.of(3, 2));
    assertRefused("bn.running_mean already has a state update",
        () -> Sequential.of(bn, bn).forward(x, new Context(true, x, "t")));
  }

  @Test
  void badArgumentsAreRefusedNamingTheLayer() {
    Graph g = Graph.create();
    assertRefused("batchnorm b: width must be positive, got 0", () -> new BatchNorm(g, "b", 0));
    assertRefused("batchnorm b: momentum must be in [0, 1], got 1.5", () -> new BatchNorm(g, "b", 2, 1.5, 1e-5));
    assertRefused("batchnorm b: momentum must be in [0, 1], got NaN", () -> new BatchNorm(g, "b", 2, Double.NaN, 1));
    assertRefused("batchnorm b: epsilon must be positive and finite, got 0.0", () -> new BatchNorm(g, "b", 2, 0.1, 0));
    assertRefused("batchnorm: name must be non-empty", () -> new BatchNorm(g, "a/b", 2));
    assertRefused("layernorm l: width must be positive, got -1", () -> new LayerNorm(g, "l", -1));
    assertRefused("layernorm l: epsilon must be positive and finite, got Infinity",
        () -> new LayerNorm(g, "l", 2, Double.POSITIVE_INFINITY));
    assertRefused("layernorm: name is null", () -> new LayerNorm(g, null, 2));

    BatchNorm bn = new BatchNorm(g, "bn", 3);
    LayerNorm ln = new LayerNorm(g, "ln", 3);
    Input wide = g.input("wide", Shape.of(4, 5));
    Context ctx = new Context(true, wide, "t");
    assertRefused("batchnorm bn: expects 3 columns, got a batch of shape 4x5", () -> bn.forward(wide, ctx));
    assertRefused("layernorm ln: expects 3 columns, got a batch of shape 4x5", () -> ln.forward(wide, ctx));
    assertRefused("batchnorm bn: expects 3 columns, got 5", () -> bn.outputWidth(5));
    assertRefused("layernorm ln: expects 3 columns, got 5", () -> ln.outputWidth(5));
    Input other = Graph.create().input("x", Shape.of(4, 3));
    assertRefused("batchnorm bn: the input belongs to another graph", () -> bn.forward(other, ctx));
    assertRefused("layernorm ln: the input belongs to another graph", () -> ln.forward(other, ctx));
  }
}
