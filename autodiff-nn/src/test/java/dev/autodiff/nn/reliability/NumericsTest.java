package dev.autodiff.nn.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autodiff.core.exec.NonFiniteValueException;
import dev.autodiff.core.exec.Program;
import dev.autodiff.core.grad.Gradients;
import dev.autodiff.core.graph.Graph;
import dev.autodiff.core.graph.Node;
import dev.autodiff.core.graph.Parameter;
import dev.autodiff.core.tensor.Axis;
import dev.autodiff.core.tensor.Tensor;
import dev.autodiff.nn.Loss;
import dev.autodiff.nn.Losses;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The stable forms where naive ones overflow or lose everything, at the extremes (logits of +-1000, sigmoid and
 * softplus at +-800, cross-entropy at probabilities 0 and 1): values and gradients stay finite and equal the exact
 * values computed with 60-digit decimals, rounded to double.
 */
class NumericsTest {
  static final MathContext MC = Exact.MC;

  static BigDecimal exp(BigDecimal x) {
    return Exact.exp(x);
  }

  static BigDecimal log(BigDecimal y) {
    return Exact.log(y);
  }

  static BigDecimal d(double v) {
    return Exact.d(v);
  }

  static void assertExact(BigDecimal exact, double got, String what) {
    double want = exact.doubleValue();
    assertTrue(Double.isFinite(got), what + " is " + got);
    assertEquals(want, got, Math.max(Math.abs(want) * 4e-16, Double.MIN_NORMAL), what);
  }

  static double eval(UnaryOperator<Node> f, double x) {
    Graph g = Graph.create();
    return Program.evaluate(f.apply(g.constant(x))).item();
  }

  static double slope(UnaryOperator<Node> f, double x) {
    Graph g = Graph.create();
    Parameter p = g.parameter("p", x);
    return Program.evaluate(Gradients.grad(f.apply(p), p)).item();
  }

  @Test
  void sigmoidAndSoftplusAtPlusMinus800() {
    for (double x : new double[] {-800, -30, -1, 0, 1, 30, 800}) {
      BigDecimal ex = exp(d(x));
      BigDecimal sigmoid = ex.divide(BigDecimal.ONE.add(ex, MC), MC);
      BigDecimal softplus = log(BigDecimal.ONE.add(ex, MC));
      assertExact(sigmoid, eval(Node::sigmoid, x), "sigmoid(" + x + ")");
      assertExact(softplus, eval(Node::softplus, x), "softplus(" + x + ")");
      assertExact(sigmoid, slope(Node::softplus, x), "softplus'(" + x + ")");
      assertExact(sigmoid.multiply(BigDecimal.ONE.subtract(sigmoid, MC), MC), slope(Node::sigmoid, x),
          "sigmoid'(" + x + ")");
    }
  }

  @Test
  void logSumExpAndSoftmaxWithLogitsOfPlusMinus1000() {
    for (double[] logits : new double[][] {{1000, -1000, 0}, {-1000, -999, -1000.5}, {30, -30, 0.5}}) {
      BigDecimal sum = BigDecimal.ZERO;
      for (double l : logits) {
        sum = sum.add(exp(d(l)), MC);
      }
      BigDecimal lse = log(sum);
      Graph g = Graph.create();
      Parameter s = g.parameter("s", Tensor.row(logits));
      assertExact(lse, Program.evaluate(s.logsumexp(Axis.COLUMNS)).item(), "logsumexp");
      Tensor soft = Program.evaluate(s.softmax(Axis.COLUMNS));
      Tensor grad = Program.evaluate(Gradients.grad(s.logsumexp(Axis.COLUMNS).sum(), s));
      for (int i = 0; i < logits.length; i++) {
        BigDecimal p = exp(d(logits[i])).divide(sum, MC);
        assertExact(p, soft.at(i), "softmax[" + i + "]");
        assertExact(p, grad.at(i), "d logsumexp / ds[" + i + "]");
      }
    }
  }

  @Test
  void crossEntropiesAtTheExtremes() {
    // Softmax + NLL from logits (1000, -1000, 0), target the middle class: 2000 + log(1 + e^-1000 + e^-2000).
    double[] logits = {1000, -1000, 0};
    BigDecimal sum = exp(d(1000)).add(exp(d(-1000)), MC).add(BigDecimal.ONE, MC);
    BigDecimal loss = log(sum).subtract(d(-1000), MC);
    Graph g = Graph.create();
    Parameter s = g.parameter("s", Tensor.row(logits));
    Node l = Losses.softmaxCrossEntropy().apply(s, g.constant(Tensor.row(0, 1, 0)));
    assertExact(loss, Program.evaluate(l).item(), "softmax cross-entropy");
    Tensor grad = Program.evaluate(Gradients.grad(l, s));
    for (int i = 0; i < 3; i++) {
      BigDecimal p = exp(d(logits[i])).divide(sum, MC);
      assertExact(i == 1 ? p.subtract(BigDecimal.ONE, MC) : p, grad.at(i), "d loss / ds[" + i + "]");
    }
    // Binary cross-entropy from logits of +-800 on the wrong side: softplus(800) = 800 + log(1 + e^-800).
    Parameter z = g.parameter("z", Tensor.matrix(2, 1, 800, -800));
    Node bce = Losses.binaryCrossEntropyWithLogits().apply(z, g.constant(Tensor.matrix(2, 1, 0, 1)));
    BigDecimal each = d(800).add(log(BigDecimal.ONE.add(exp(d(-800)), MC)), MC);
    assertExact(each, Program.evaluate(bce).item(), "BCE with logits at +-800");
    assertTrue(Program.evaluate(Gradients.grad(bce, z)).isFinite());
    // Cross-entropy on probabilities exactly 0 and 1 (both wrong): clipped to 1e-7, so -log(1e-7) per sample.
    Loss bceP = Losses.binaryCrossEntropy();
    Parameter p = g.parameter("p", Tensor.matrix(2, 1, 0, 1));
    Node lp = bceP.apply(p, g.constant(Tensor.matrix(2, 1, 1, 0)));
    // The clipped probabilities are the doubles eps and 1 - eps; the exact loss of those doubles:
    BigDecimal eps = d(Losses.PROBABILITY_EPSILON);
    BigDecimal oneMinus = BigDecimal.ONE.subtract(d(1 - Losses.PROBABILITY_EPSILON), MC);
    BigDecimal clipped = log(eps).add(log(oneMinus), MC).negate().divide(BigDecimal.valueOf(2), MC);
    assertExact(clipped, Program.evaluate(lp).item(), "BCE at probabilities 0 and 1");
    assertTrue(Program.evaluate(Gradients.grad(lp, p)).isFinite());
  }

  /** Softmax cross-entropy of one row of logits with a one-hot target at {@code k}, and its gradient. */
  static Tensor[] softmaxCrossEntropy(double[] logits, int k) {
    Graph g = Graph.create();
    Parameter s = g.parameter("s", Tensor.row(logits));
    double[] t = new double[logits.length];
    t[k] = 1;
    Node l = Losses.softmaxCrossEntropy().apply(s, g.constant(Tensor.row(t)));
    return new Tensor[] {Program.evaluate(l), Program.evaluate(Gradients.grad(l, s))};
  }

  @Test
  void issue19ReproducersAreExactToTheLastDigits() {
    // softmax cross-entropy at (1000, 1000), (1000, 990), (1000, 800), target the first: log(1 + e^-d) and the
    // gradient (-(1 - p_0), p_1); at d = 200 the loss and both gradients are 1.38e-87 (not 0)
    for (double second : new double[] {1000, 990, 800}) {
      Exact.Logits x = new Exact.Logits(1000, second);
      Tensor[] r = softmaxCrossEntropy(x.x, 0);
      assertExact(x.logSoftmax(0).negate(), r[0].item(), "softmax cross-entropy (1000, " + second + ")");
      assertExact(x.complement(0).negate(), r[1].at(0), "its gradient[0] at (1000, " + second + ")");
      assertExact(x.softmax(1), r[1].at(1), "its gradient[1] at (1000, " + second + ")");
    }
    Exact.Logits lse = new Exact.Logits(0, -20, -37, -40);
    Graph g = Graph.create();
    assertExact(lse.logSumExp(), Program.evaluate(g.constant(Tensor.row(lse.x)).logsumexp()).item(),
        "logsumexp(0, -20, -37, -40)");
    // binary cross-entropy of probability 0 with target 0: -log(1 - eps), eps the clipping bound
    Node bce = Losses.binaryCrossEntropy().apply(g.constant(Tensor.matrix(1, 1, 0)), g.constant(Tensor.matrix(1, 1, 0)));
    assertExact(Exact.log1p(d(Losses.PROBABILITY_EPSILON).negate()).negate(), Program.evaluate(bce).item(),
        "BCE(p = 0, t = 0)");
    // BCE with logits z = 20 and 40, target 1: softplus(-z), and the gradient -sigmoid(-z)
    for (double z : new double[] {20, 40}) {
      Parameter zp = g.parameter("z" + z, Tensor.matrix(1, 1, z));
      Node l = Losses.binaryCrossEntropyWithLogits().apply(zp, g.constant(Tensor.matrix(1, 1, 1)));
      assertExact(Exact.softplus(-z), Program.evaluate(l).item(), "BCE with logits at z = " + z);
      assertExact(Exact.sigmoid(-z).negate(), Program.evaluate(Gradients.grad(l, zp)).item(),
          "BCE with logits' at z = " + z);
    }
    // tanh' = 4 / (e^x + e^-x)^2, about 1.7e-17 at 20 (not 0)
    for (double x : new double[] {20, -20, 30, 300}) {
      BigDecimal cosh2 = exp(d(x)).add(exp(d(-x)), MC).pow(2, MC);
      assertExact(BigDecimal.valueOf(4).divide(cosh2, MC), slope(Node::tanh, x), "tanh'(" + x + ")");
    }
    // elu(1) = e^x - 1 just below 0, where exp(x) - 1 cancels
    for (double x : new double[] {-1e-8, -1e-17}) {
      assertExact(Exact.expm1(d(x)), eval(n -> n.elu(1), x), "elu(" + x + ")");
    }
  }

  @Test
  void theOptInCheckNamesTheFirstNodeThatWentNonFiniteForwardOrBackward() {
    Graph g = Graph.create();
    Parameter x = g.parameter("x", 0.0);
    Node y = x.log().named("logx").times(2).named("y");
    NonFiniteValueException forward = assertThrows(NonFiniteValueException.class,
        () -> Program.compile(y).checkingFinite().run());
    assertEquals("logx", forward.node().label());
    // log(x) has gradient 1/x: at x = 0 the backward pass divides by zero first.
    Parameter z = g.parameter("z", 0.0);
    Node w = z.sqrt().named("sqrtz");
    Node dz = Gradients.grad(w, z);
    NonFiniteValueException backward = assertThrows(NonFiniteValueException.class,
        () -> Program.compile(dz).checkingFinite().run());
    assertTrue(backward.getMessage().contains("non-finite value: node"), backward.getMessage());
    assertTrue(backward.node().id() > w.id(), "the first bad node is in the backward pass: " + backward.node());
  }
}
