package dev.autodiff.core.graph;

import static dev.autodiff.core.Autodiff.concat;
import static dev.autodiff.core.Autodiff.matmul;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autodiff.core.exec.Feeds;
import dev.autodiff.core.exec.Program;
import dev.autodiff.core.tensor.Axis;
import dev.autodiff.core.tensor.Shape;
import dev.autodiff.core.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Every public entry point rejects bad input at once, with a message naming the operation and the values. */
class BadInputTest {
  private final Graph g = Graph.create();
  private final Parameter m23 = g.parameter("m23", Tensor.zeros(Shape.of(2, 3)));
  private final Parameter m34 = g.parameter("m34", Tensor.zeros(Shape.of(3, 4)));
  private final Parameter m22 = g.parameter("m22", Tensor.zeros(Shape.of(2, 2)));

  private static void assertRejected(Executable e, String... fragments) {
    IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, e);
    for (String f : fragments) {
      assertTrue(ex.getMessage().contains(f), "message '" + ex.getMessage() + "' should contain '" + f + "'");
    }
  }

  @Test
  void rejectsMismatchedInnerDimensions() {
    assertRejected(() -> matmul(m23, m22), "matmul: inner dimensions differ: 2x3 · 2x2");
  }

  @Test
  void rejectsMatmulOfScalars() {
    assertRejected(() -> matmul(m23, g.constant(2)), "matmul", "scalar");
  }

  @Test
  void rejectsShapesThatDoNotBroadcast() {
    assertRejected(() -> m23.plus(m34), "add: shapes do not broadcast: 2x3 and 3x4");
    assertRejected(() -> m23.times(g.constant(Tensor.column(1, 2, 3))), "mul", "2x3", "3x1");
    assertRejected(() -> g.constant(Tensor.column(1, 2)).plus(g.constant(Tensor.row(1, 2, 3))), "add", "2x1", "1x3");
  }

  private static void assertNullRejected(Executable e, String fragment) {
    IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, e);
    assertTrue(ex.getMessage() != null && ex.getMessage().contains(fragment),
        "message '" + ex.getMessage() + "' should contain '" + fragment + "'");
  }

  @Test
  void rejectsNullsWithMessagesNamingTheArgument() {
    assertNullRejected(() -> m23.plus((Node) null), "add: input 1 is null");
    assertNullRejected(() -> g.apply(null, m23), "apply: op is null");
    assertNullRejected(() -> g.constant((Tensor) null), "constant: value is null");
    assertNullRejected(() -> matmul(m23, null), "matmul: input 1 is null");
    assertNullRejected(() -> m23.set(null), "parameter m23: value is null");
    assertNullRejected(() -> Program.compile((Node) null), "compile: output 0 is null");
    assertNullRejected(() -> Feeds.of(null, 1.0), "feeds: node is null");
    assertNullRejected(() -> dev.autodiff.core.grad.Gradients.grad(m23.sum(), null), "gradients: wrt[0] is null");
    assertNullRejected(() -> Program.compile(m23).run(null), "run: feeds are null");
  }

  @Test
  void rejectsNodesFromAnotherGraph() {
    Parameter foreign = Graph.create().parameter("p", Tensor.zeros(Shape.of(2, 3)));
    assertRejected(() -> m23.plus(foreign), "add: input 1 (p:2x3) belongs to another graph");
    assertRejected(() -> Program.compile(m23, foreign), "compile", "another graph");
    assertRejected(() -> Program.compile(m23).run(Feeds.of(foreign, Tensor.zeros(Shape.of(2, 3)))),
        "run", "another graph");
  }

  @Test
  void rejectsMissingAndWronglyShapedFeeds() {
    Input x = g.input("x", Shape.of(3, 1));
    Node y = m23.matmul(x);
    assertRejected(() -> Program.compile(y).run(), "input 'x' (3x1) is not fed");
    assertRejected(() -> Feeds.of(x, Tensor.zeros(Shape.of(1, 3))), "x has shape 3x1", "shape 1x3");
    assertRejected(() -> Feeds.of(x, Tensor.column(1, Double.NaN, 3)), "fed to x is not finite");
    assertRejected(() -> Feeds.of(y, Tensor.zeros(Shape.of(2, 1))), "only inputs and parameters can be fed");
  }

  @Test
  void rejectsDuplicateNamesAndBadParameterValues() {
    assertRejected(() -> g.parameter("m23", 1.0), "name 'm23' is already used");
    assertRejected(() -> g.input("", Shape.scalar()), "name must be non-empty");
    assertRejected(() -> m23.set(Tensor.zeros(Shape.of(3, 2))), "parameter m23: value has shape 3x2", "has 2x3");
  }

  @Test
  void rejectsBadShapesAndTensors() {
    assertRejected(() -> Shape.of(0, 3), "dimensions must be at least 1: 0x3");
    assertRejected(() -> Shape.of(-2, 3), "-2x3");
    assertRejected(() -> Tensor.matrix(2, 2, 1, 2, 3), "shape 2x2 needs 4 values, got 3");
    assertRejected(() -> Tensor.matrix(new double[][] {{1, 2}, {3}}), "ragged rows");
    assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(Shape.of(2, 2)).get(2, 0));
  }

  @Test
  void rejectsBadStructuralArguments() {
    assertRejected(() -> m23.reshape(4, 2), "reshape: 2x3 has 6 elements, 4x2 needs 8");
    assertRejected(() -> m23.slice(0, 3, 0, 1), "slice", "do not fit in 2x3");
    assertRejected(() -> m23.slice(1, 1, 0, 1), "slice: empty or negative range");
    assertRejected(() -> g.constant(2).slice(0, 1, 0, 1), "slice: the input must be a matrix");
    assertRejected(() -> concat(Axis.ROWS, m23, m34), "concat: along rows every input needs 3 columns");
    assertRejected(() -> concat(Axis.COLUMNS), "concat: needs at least one part");
    assertRejected(() -> m23.broadcast(Shape.of(3, 3)), "broadcast: 2x3 does not broadcast to 3x3");
    assertRejected(() -> m23.trace(), "trace: needs a square matrix, got 2x3");
    assertRejected(() -> m23.pow(Double.NaN), "pow: exponent must be finite");
  }

  @Test
  void rejectsReadingANodeThatIsNotAnOutput() {
    Node y = m23.exp();
    assertRejected(() -> Program.compile(y).run().get(m34), "results: m34:3x4 is not an output");
  }

  @Test
  void whereRefusesAnInputThatBroadcastsOnlyThroughAnother() {
    // found by the 100,000-graph reliability run: where(3x3 mask, 1x3, 1x1) was accepted (1x1 -> 1x3 -> 3x3), and
    // its gradient then failed in unbroadcast, since a 1x1 matrix does not broadcast to 3x3
    Graph g = Graph.create();
    Node mask = g.parameter("m", Tensor.filled(Shape.of(3, 3), 1));
    Node row = g.parameter("r", Tensor.row(1, 2, 3));
    Node one = g.parameter("o", Tensor.filled(Shape.of(1, 1), 1));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> dev.autodiff.core.Autodiff.where(mask, row, one));
    org.junit.jupiter.api.Assertions.assertEquals(
        "where: input 2 (1x1) does not broadcast to the result 3x3 (shapes 3x3, 1x3, 1x1)", e.getMessage());
  }
}
