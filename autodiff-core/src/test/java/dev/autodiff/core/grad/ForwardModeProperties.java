package dev.autodiff.core.grad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autodiff.core.check.jqwik.GraphArbitraries;
import dev.autodiff.core.check.jqwik.GraphRecipe;
import dev.autodiff.core.exec.Feeds;
import dev.autodiff.core.exec.Program;
import dev.autodiff.core.exec.Results;
import dev.autodiff.core.graph.Node;
import dev.autodiff.core.graph.Parameter;
import dev.autodiff.core.tensor.Tensor;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Forward mode on random graphs: against reverse mode, finite differences and Hessian-vector products. */
class ForwardModeProperties {

  @Provide
  Arbitrary<GraphRecipe> graphs() {
    return GraphArbitraries.recipes(8);
  }

  @Provide
  Arbitrary<GraphRecipe> smoothGraphs() {
    return GraphArbitraries.smoothRecipes(6);
  }

  @Provide
  Arbitrary<double[]> tangents() {
    return GraphArbitraries.domainSafeValues(6);
  }

  /**
   * The last node before the recipe's final sum, so that outputs are matrices as often as scalars (the recipe's
   * output itself is always a scalar).
   */
  private static Node vectorOutput(GraphRecipe.Built b) {
    Node out = b.output();
    return out.arity() == 1 ? out.input(0) : out;
  }

  private static Tensor tangent(Parameter p, double[] values) {
    double[] v = new double[p.shape().size()];
    System.arraycopy(values, 0, v, 0, v.length);
    return Tensor.of(p.shape(), v);
  }

  private static void assertClose(Tensor expected, Tensor got, double tolerance, String what) {
    assertEquals(expected.shape(), got.shape(), what + ": shape");
    for (int i = 0; i < expected.size(); i++) {
      double scale = Math.max(1, Math.abs(expected.at(i)));
      assertEquals(expected.at(i), got.at(i), tolerance * scale, what + ": element " + i);
    }
  }

  @Property(tries = 200, seed = "42")
  void jvpEqualsTheReverseJacobianTimesTheTangent(
      @ForAll("graphs") GraphRecipe recipe, @ForAll("tangents") double[] values) {
    GraphRecipe.Built b = recipe.build(true);
    Node y = vectorOutput(b);
    for (Parameter p : b.parameters()) {
      Tensor v = tangent(p, values);
      Node jv = Gradients.jvp(y, p, b.graph().constant(v));
      Program program = Program.compile(jv);
      assertTrue(program.requiredInputs().isEmpty(), () -> "jvp needs feeds " + program.requiredInputs());
      Tensor got = program.run().get(jv);
      Tensor j = Program.evaluate(Gradients.jacobianReverse(y, p));
      double[] expected = new double[y.shape().size()];
      for (int i = 0; i < expected.length; i++) {
        for (int k = 0; k < v.size(); k++) {
          expected[i] += j.get(i, k) * v.at(k);
        }
      }
      assertClose(Tensor.of(y.shape(), expected), got, 1e-10, "J v for " + p);
    }
  }

  @Property(tries = 200, seed = "42")
  void jvpAgreesWithCentralDifferencesAlongTheTangent(
      @ForAll("graphs") GraphRecipe recipe, @ForAll("tangents") double[] values) {
    GraphRecipe.Built b = recipe.build(true);
    Node y = vectorOutput(b);
    Program value = Program.compile(y);
    double eps = 1e-6;
    for (Parameter p : b.parameters()) {
      Tensor v = tangent(p, values);
      Tensor got = Program.evaluate(Gradients.jvp(y, p, b.graph().constant(v)));
      double[] up = p.value().toArray();
      double[] down = p.value().toArray();
      for (int k = 0; k < up.length; k++) {
        up[k] += eps * v.at(k);
        down[k] -= eps * v.at(k);
      }
      Tensor yUp = value.run(Feeds.of(p, Tensor.of(p.shape(), up))).get(y);
      Tensor yDown = value.run(Feeds.of(p, Tensor.of(p.shape(), down))).get(y);
      double[] fd = new double[y.shape().size()];
      for (int i = 0; i < fd.length; i++) {
        fd[i] = (yUp.at(i) - yDown.at(i)) / (2 * eps);
      }
      assertClose(Tensor.of(y.shape(), fd), got, 1e-5, "J v against central differences for " + p);
    }
  }

  @Property(tries = 200, seed = "42")
  void jvpOfTheGradientIsTheHessianVectorProduct(
      @ForAll("smoothGraphs") GraphRecipe recipe, @ForAll("tangents") double[] values) {
    GraphRecipe.Built b = recipe.build(true);
    Parameter p = b.parameters().get(0);
    Node v = b.graph().constant(tangent(p, values));
    Node forwardOverReverse = Gradients.jvp(Gradients.grad(b.output(), p), p, v);
    Node reverseOverReverse = Gradients.hessianVectorProduct(b.output(), p, v);
    Results r = Program.compile(forwardOverReverse, reverseOverReverse).run();
    assertClose(r.get(reverseOverReverse), r.get(forwardOverReverse), 1e-9, "H v");
  }

  @Property(tries = 200, seed = "42")
  void forwardAndReverseJacobiansAgree(@ForAll("graphs") GraphRecipe recipe) {
    GraphRecipe.Built b = recipe.build(true);
    Node y = vectorOutput(b);
    for (Parameter p : b.parameters()) {
      Results r = Program.compile(Gradients.jacobianForward(y, p), Gradients.jacobianReverse(y, p)).run();
      assertClose(r.get(Gradients.jacobianReverse(y, p)), r.get(Gradients.jacobianForward(y, p)), 1e-10,
          "Jacobian for " + p);
    }
  }
}
