package dev.autodiff.core.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autodiff.core.exec.Program;
import dev.autodiff.core.ops.Unary;
import dev.autodiff.core.tensor.Shape;
import dev.autodiff.core.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** Hash-consing, constant folding and algebraic identities at construction. */
class SimplifierTest {
  private final Graph g = Graph.create();
  private final Parameter x = g.parameter("x", Tensor.matrix(2, 2, 1, 2, 3, 4));
  private final Parameter y = g.parameter("y", Tensor.matrix(2, 2, 5, 6, 7, 8));

  @Test
  void identicalExpressionsAreOneNode() {
    assertSame(x.times(y).exp(), x.times(y).exp());
    assertSame(x.plus(y), y.plus(x));  // commutative
    assertNotSame(x.minus(y), y.minus(x));
    assertSame(g.constant(2.5), g.constant(2.5));
  }

  @Test
  void constantsFold() {
    Node c = g.constant(2).times(g.constant(3)).plus(1).exp();
    assertTrue(c.isConstant());
    assertEquals(Math.exp(7), Program.evaluate(c).item(), 1e-12);
  }

  @Test
  void additiveAndMultiplicativeIdentitiesDisappear() {
    assertSame(x, x.plus(0));
    assertSame(x, g.constant(0).plus(x));
    assertSame(x, x.minus(0));
    assertSame(x, x.times(1));
    assertSame(x, g.constant(1).times(x));
    assertSame(x, x.div(1));
    assertSame(x, x.pow(1));
    assertSame(x, x.neg().neg());
    assertSame(x, x.transpose().transpose());
    assertSame(x.neg(), x.times(-1));
    assertSame(x.neg(), g.constant(0).minus(x));
    assertSame(x.minus(y), x.plus(y.neg()));
    assertSame(x.plus(y), x.minus(y.neg()));
    assertTrue(x.pow(0).isConstant(1));
  }

  @Test
  void aProductWithAOneByOneOneIsTheOtherFactor() {
    Node column = g.parameter("c", Tensor.column(1, 2));
    Node one = g.constant(Shape.of(1, 1), 1);
    assertSame(column, column.matmul(one));
    assertSame(column.transpose(), one.matmul(column.transpose()));
    Node two = g.constant(Shape.of(1, 1), 2);
    assertNotSame(column, column.matmul(two));
  }

  @Test
  void identitiesThatWouldChangeTheShapeAreNotApplied() {
    Node zeros = g.constant(Shape.of(2, 2), 0);
    Node s = g.parameter("s", 1.0);
    Node sum = s.plus(zeros);
    assertEquals(Shape.of(2, 2), sum.shape());
    assertNotSame(s, sum);
  }

  @Test
  void logOfExpIsKeptBecauseExpMayOverflow() {
    // log(exp(x)) = x only where exp(x) is finite: at x = 1000 it is Infinity. The simplified and the raw graph
    // must agree everywhere, so the rewrite is not made (reference values: plain Math.log(Math.exp(...))).
    Graph raw = Graph.createUnsimplified();
    for (double v : new double[] {1000, -1000, 1}) {
      Node simplified = g.parameter("v" + v, v).exp().log();
      Node plain = raw.parameter("v" + v, v).exp().log();
      assertEquals(Unary.LOG, simplified.op());
      assertEquals(Math.log(Math.exp(v)), Program.evaluate(simplified).item());
      assertEquals(Program.evaluate(plain).item(), Program.evaluate(simplified).item());
    }
  }

  @Test
  void zeroTimesXIsKeptBecauseXMayBeInfinite() {
    // NOTE: IEEE 0 * inf is NaN, so 0 * x is not rewritten to 0 for an x whose value is unknown at build time.
    Node z = g.constant(0).times(x);
    assertEquals(dev.autodiff.core.ops.Binary.MUL, z.op());
  }

  @Test
  void trivialReductionsAndReshapesAreIdentities() {
    Node s = g.parameter("s", 1.0);
    Node row = g.parameter("row", Tensor.row(1, 2, 3));
    assertSame(s, s.sum());
    assertSame(row, row.sum(dev.autodiff.core.tensor.Axis.ROWS));
    assertSame(x, x.reshape(2, 2));
    assertSame(x.reshape(4, 1), x.reshape(1, 4).reshape(4, 1));
    assertSame(x, x.slice(0, 2, 0, 2));
    assertSame(s, s.transpose());
    assertEquals(Unary.NEG, x.neg().op());
  }
}
