package dev.autodiff.core.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autodiff.core.exec.NonFiniteValueException;
import dev.autodiff.core.exec.Program;
import dev.autodiff.core.grad.Gradients;
import dev.autodiff.core.graph.Graph;
import dev.autodiff.core.graph.Node;
import dev.autodiff.core.graph.Op;
import dev.autodiff.core.graph.Parameter;
import dev.autodiff.core.tensor.Shape;
import dev.autodiff.core.tensor.Tensor;
import dev.autodiff.core.viz.Dot;
import dev.autodiff.core.viz.DotOptions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Issue 19, item 16 (core): values that feeds refuse are refused everywhere else a value enters a graph, and what a
 * custom op's VJP returns is checked where the gradient is built, naming the op.
 */
class SilentNanTest {
  static void assertRefused(Executable e, String... fragments) {
    IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, e);
    for (String f : fragments) {
      assertTrue(ex.getMessage().contains(f), "message '" + ex.getMessage() + "' should contain '" + f + "'");
    }
  }

  @Test
  void nonFiniteConstantsParametersAndValuesAreRefusedNamingTheElement() {
    Graph g = Graph.create();
    assertRefused(() -> g.constant(Double.NaN), "constant: element 0 is NaN");
    assertRefused(() -> g.constant(Tensor.matrix(2, 2, 1, 2, Double.NEGATIVE_INFINITY, 4)),
        "constant: element 2 (row 1, column 0) is -Infinity");
    assertRefused(() -> g.constant(Shape.of(2, 3), Double.POSITIVE_INFINITY), "constant", "Infinity");
    Node x = g.parameter("x", 1.0);
    assertRefused(() -> x.plus(Double.NaN), "constant: element 0 is NaN");
    assertRefused(() -> g.parameter("w", Double.NaN), "parameter w: initial value", "element 0 is NaN");
    assertEquals(1, g.parameters().size(), "the refused parameter was not added");
    Parameter p = g.parameter("p", Tensor.row(1, 2, 3));
    assertRefused(() -> p.set(Tensor.row(1, Double.POSITIVE_INFINITY, 3)), "parameter p: value",
        "element 1 (row 0, column 1) is Infinity");
    assertEquals(Tensor.row(1, 2, 3), p.value(), "the refused value was not set");
    // a value computed from finite constants may still be infinite (log 0): then it is not folded into a constant,
    // so every constant is finite, and a finite-checking run names the op (a folded -Infinity ran through silently)
    Node log0 = g.constant(0).log();
    assertEquals("log", log0.op().opName());
    assertEquals(Double.NEGATIVE_INFINITY, Program.compile(log0).run().get(log0).item());
    NonFiniteValueException named = assertThrows(NonFiniteValueException.class,
        () -> Program.compile(log0.times(2)).checkingFinite().run());
    assertTrue(named.getMessage().contains("log"), named.getMessage());
    assertEquals("mul", log0.times(2).op().opName(), "nor is what is built on it");
  }

  /** An identity whose VJP returns what the test gives it. */
  record Custom(Node adjoint) implements Op {
    @Override
    public String opName() {
      return "custom";
    }

    @Override
    public Shape shape(List<Shape> inputs) {
      return inputs.get(0);
    }

    @Override
    public void forward(double[][] in, Shape[] inShapes, double[] out, Shape outShape) {
      System.arraycopy(in[0], 0, out, 0, out.length);
    }

    @Override
    public Node[] vjp(Node grad, Node result, boolean[] needed) {
      return new Node[] {adjoint};
    }
  }

  @Test
  void aCustomVjpReturningANodeOfAnotherGraphOrTheWrongShapeIsRefusedNamingTheOp() {
    Graph g = Graph.create();
    Parameter w = g.parameter("w", Tensor.row(1, 2, 3));
    Node foreign = Graph.create().parameter("f", Tensor.row(1, 2, 3));
    Node y = g.apply(new Custom(foreign), w).sum();
    assertRefused(() -> Gradients.grad(y, w), "custom: vjp", "input 0", "another graph");
    Node wrong = g.constant(Tensor.column(1, 2));
    Node z = g.apply(new Custom(wrong), w).sum();
    assertRefused(() -> Gradients.grad(z, w), "custom: vjp", "input 0", "shape 2x1", "1x3");
  }

  @Test
  void collapsingNodesOfAnotherGraphIsRefusedWhereTheDrawingIsMade() {
    Graph g = Graph.create();
    Node y = g.parameter("a", 1.0).exp();
    Node other = Graph.create().parameter("b", 1.0).sin();
    DotOptions options = DotOptions.defaults().withCollapsed("theirs", List.of(other));
    assertRefused(() -> Dot.forward(List.of(y), null, options), "dot", "collapse(theirs)", "another graph");
  }

  /** An op that breaks its contract as {@code how} says: a null shape, or a VJP with the wrong number of adjoints. */
  record Broken(String how) implements Op {
    @Override
    public String opName() {
      return "broken";
    }

    @Override
    public Shape shape(List<Shape> inputs) {
      return how.equals("shape") ? null : inputs.get(0);
    }

    @Override
    public void forward(double[][] in, Shape[] inShapes, double[] out, Shape outShape) {
      System.arraycopy(in[0], 0, out, 0, out.length);
    }

    @Override
    public Node[] vjp(Node grad, Node result, boolean[] needed) {
      return how.equals("null") ? null : new Node[] {grad, grad};
    }
  }

  @Test
  void anOpThatBreaksItsContractIsAnIllegalStateNamingIt() {
    // reliability issue item 15: a shape rule returning null or a VJP of the wrong count was a Guava
    // VerifyException (or a NullPointerException)
    Graph g = Graph.create();
    Parameter w = g.parameter("w", Tensor.row(1, 2, 3));
    IllegalStateException shape = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
        () -> g.apply(new Broken("shape"), w));
    org.junit.jupiter.api.Assertions.assertTrue(shape.getMessage().contains("broken: its shape rule returned null"),
        shape.getMessage());
    Node y = g.apply(new Broken("count"), w).sum();
    IllegalStateException count = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
        () -> Gradients.grad(y, w));
    org.junit.jupiter.api.Assertions.assertTrue(count.getMessage().contains("broken: vjp returned 2 adjoints for 1"),
        count.getMessage());
    Node z = g.apply(new Broken("null"), w).sum();
    IllegalStateException none = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
        () -> Gradients.grad(z, w));
    org.junit.jupiter.api.Assertions.assertTrue(none.getMessage().contains("broken: vjp returned null"),
        none.getMessage());
  }
}
