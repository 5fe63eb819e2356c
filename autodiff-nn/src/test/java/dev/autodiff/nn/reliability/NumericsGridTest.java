package dev.autodiff.nn.reliability;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autodiff.core.exec.Program;
import dev.autodiff.core.grad.Gradients;
import dev.autodiff.core.graph.Graph;
import dev.autodiff.core.graph.Node;
import dev.autodiff.core.graph.Parameter;
import dev.autodiff.core.tensor.Axis;
import dev.autodiff.core.tensor.Tensor;
import dev.autodiff.nn.Losses;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The stable forms over a grid of points, against 60-digit exact values ({@link Exact}): every value and gradient of
 * the log-sum-exp family (log-sum-exp, softmax, log-softmax, softmax cross-entropy) on all pairs of 22 logits from
 * -1000 to 1000 and on seeded random triples, the logistic family (sigmoid, softplus, BCE with logits, tanh') from
 * -800 to 800, ELU just below 0 and BCE on probabilities at and near 0 and 1. Each quantity's worst relative error
 * (against {@code max(|exact|, MIN_NORMAL)}; where the result is a difference that cancels, against the terms'
 * magnitude) is printed with its point and must stay within the bound README's Guarantees states.
 */
class NumericsGridTest {
  /** Random points on top of the fixed grid: 20 times as many in the reliability profile. */
  static final int SCALE = Boolean.getBoolean("autodiff.reliability") ? 20 : 1;
  static final double[] LOGITS = {-1000, -999.5, -745.3, -300.1, -40, -37, -20, -1.5, -0.3, -1e-8, 0, 1e-8, 0.7, 2,
      19.9, 37, 300.1, 745.3, 800, 990, 999.123456, 1000};
  static final double[] Z = {-800, -745.3, -300.1, -40, -37.5, -20, -19.9, -5, -1, -0.3, -1e-8, 0, 1e-8, 0.3, 1, 5,
      19.9, 20, 37.5, 40, 300.1, 745.3, 800};

  /** The worst relative error of one quantity, and where. */
  static final class Worst {
    final double bound;
    double error;
    String where = "-";
    int points;

    Worst(double bound) {
      this.bound = bound;
    }

    void check(BigDecimal exact, double got, String at) {
      check(exact, got, at, Math.abs(exact.doubleValue()));
    }

    /** The error relative to {@code scale} (the exact value's magnitude, or that of the terms that cancel). */
    void check(BigDecimal exact, double got, String at, double scale) {
      points++;
      double want = exact.doubleValue();
      double e = Double.isFinite(got)
          ? exact.subtract(new BigDecimal(got)).abs().doubleValue() / Math.max(scale, Double.MIN_NORMAL)
          : Double.POSITIVE_INFINITY;
      if (e > error || Double.isNaN(e)) {
        error = e;
        where = at + " = " + got + " (exact " + want + ")";
      }
    }
  }

  final Map<String, Worst> worst = new LinkedHashMap<>();

  Worst quantity(String name, double bound) {
    return worst.computeIfAbsent(name, n -> new Worst(bound));
  }

  static String row(double[] x) {
    return java.util.Arrays.toString(x);
  }

  void logSumExpFamily(double[] logits) {
    Exact.Logits x = new Exact.Logits(logits);
    String at = row(logits);
    Graph g = Graph.create();
    Parameter s = g.parameter("s", Tensor.row(logits));
    Node lse = s.logsumexp(Axis.COLUMNS);
    double m = logits[x.argmax];
    // m + log1p(s) cancels when the largest logit is negative and the result near 0: log1p(s) is rounded before, so
    // there the error is relative to |m| (the function's own condition number is |m| / |result| there)
    if (m >= 0) {
      quantity("logsumexp, largest logit >= 0", 4.5e-16).check(x.logSumExp(), Program.evaluate(lse).item(),
          "logsumexp" + at);
    } else {
      quantity("logsumexp, largest logit < 0 (error / max(|lse|, |m|))", 4.5e-16).check(x.logSumExp(),
          Program.evaluate(lse).item(), "logsumexp" + at, Math.max(Math.abs(x.logSumExp().doubleValue()), -m));
    }
    Tensor dLse = Program.evaluate(Gradients.grad(lse.sum(), s));
    Tensor soft = Program.evaluate(s.softmax(Axis.COLUMNS));
    Tensor logSoft = Program.evaluate(s.logSoftmax(Axis.COLUMNS));
    for (int j = 0; j < logits.length; j++) {
      quantity("softmax", 4.5e-16).check(x.softmax(j), soft.at(j), "softmax" + at + "[" + j + "]");
      quantity("logsumexp gradient", 4.5e-16).check(x.softmax(j), dLse.at(j), "dlogsumexp" + at + "[" + j + "]");
      quantity("log-softmax", 4.5e-16).check(x.logSoftmax(j), logSoft.at(j), "logsoftmax" + at + "[" + j + "]");
    }
    for (int k = 0; k < logits.length; k++) {
      Tensor[] r = NumericsTest.softmaxCrossEntropy(logits, k);
      String ce = "softmaxCrossEntropy" + at + " target " + k;
      quantity("softmax cross-entropy", 4.5e-16).check(x.logSoftmax(k).negate(), r[0].item(), ce);
      for (int j = 0; j < logits.length; j++) {
        BigDecimal want = j == k ? x.complement(j).negate() : x.softmax(j);
        quantity("softmax cross-entropy gradient", 4.5e-16).check(want, r[1].at(j), ce + " gradient[" + j + "]");
      }
    }
  }

  static double eval(UnaryOperator<Node> f, double x) {
    return NumericsTest.eval(f, x);
  }

  static double slope(UnaryOperator<Node> f, double x) {
    return NumericsTest.slope(f, x);
  }

  @Test
  void theLogSumExpFamilyIsExactToAFewUlpsOverTheGrid() {
    for (double a : LOGITS) {
      for (double b : LOGITS) {
        logSumExpFamily(new double[] {a, b});
      }
    }
    Random r = new Random(19);
    for (int i = 0; i < 150 * SCALE; i++) {
      logSumExpFamily(new double[] {LOGITS[r.nextInt(LOGITS.length)], LOGITS[r.nextInt(LOGITS.length)],
          (r.nextDouble() - 0.5) * 2000});
    }
    for (int i = 0; i < 60 * SCALE; i++) {
      double[] row = new double[4 + r.nextInt(3)];
      double spread = r.nextBoolean() ? 50 : 2000;
      for (int j = 0; j < row.length; j++) {
        row[j] = r.nextInt(3) == 0 ? LOGITS[r.nextInt(LOGITS.length)] : (r.nextDouble() - 0.5) * spread;
      }
      logSumExpFamily(row);
    }
    logSumExpFamily(new double[] {0, -20, -37, -40});
    report();
  }

  @Test
  void theLogisticFamilyEluAndCrossEntropiesAreExactToAFewUlpsOverTheGrid() {
    Random r = new Random(19);
    for (int i = 0; i < 400 * SCALE; i++) {
      double z = (r.nextDouble() - 0.5) * (i % 2 == 0 ? 50 : 4);
      BigDecimal sig = Exact.sigmoid(z);
      quantity("sigmoid", 4.5e-16).check(sig, eval(Node::sigmoid, z), "sigmoid(" + z + ")");
      quantity("sigmoid'", 6e-16).check(sig.multiply(Exact.sigmoid(-z), Exact.MC), slope(Node::sigmoid, z),
          "sigmoid'(" + z + ")");
      quantity("softplus", 4.5e-16).check(Exact.softplus(z), eval(Node::softplus, z), "softplus(" + z + ")");
      BigDecimal cosh = Exact.exp(Exact.d(z)).add(Exact.exp(Exact.d(-z)), Exact.MC);
      quantity("tanh'", 6e-16).check(BigDecimal.valueOf(4).divide(cosh.pow(2, Exact.MC), Exact.MC),
          slope(Node::tanh, z), "tanh'(" + z + ")");
    }
    for (double z : Z) {
      BigDecimal sig = Exact.sigmoid(z);
      BigDecimal sigNeg = Exact.sigmoid(-z);
      quantity("sigmoid", 4.5e-16).check(sig, eval(Node::sigmoid, z), "sigmoid(" + z + ")");
      quantity("sigmoid'", 6e-16).check(sig.multiply(sigNeg, Exact.MC), slope(Node::sigmoid, z), "sigmoid'(" + z + ")");
      quantity("softplus", 4.5e-16).check(Exact.softplus(z), eval(Node::softplus, z), "softplus(" + z + ")");
      quantity("softplus'", 4.5e-16).check(sig, slope(Node::softplus, z), "softplus'(" + z + ")");
      BigDecimal cosh = Exact.exp(Exact.d(z)).add(Exact.exp(Exact.d(-z)), Exact.MC);
      quantity("tanh'", 6e-16).check(BigDecimal.valueOf(4).divide(cosh.pow(2, Exact.MC), Exact.MC),
          slope(Node::tanh, z), "tanh'(" + z + ")");
      for (double t : new double[] {0, 0.25, 0.5, 1}) {
        Graph g = Graph.create();
        Parameter zp = g.parameter("z", Tensor.matrix(1, 1, z));
        Node l = Losses.binaryCrossEntropyWithLogits().apply(zp, g.constant(Tensor.matrix(1, 1, t)));
        BigDecimal tt = Exact.d(t);
        BigDecimal want = tt.multiply(Exact.softplus(-z), Exact.MC)
            .add(BigDecimal.ONE.subtract(tt).multiply(Exact.softplus(z), Exact.MC), Exact.MC);
        String at = "BCE with logits(z = " + z + ", t = " + t + ")";
        quantity("BCE with logits", 4.5e-16).check(want, Program.evaluate(l).item(), at);
        // the gradient sigmoid(z) - t, exact for t = 0 and 1 (-sigmoid(-z)), a difference of two numbers otherwise
        BigDecimal dWant = t == 1 ? sigNeg.negate() : sig.subtract(tt, Exact.MC);
        double dGot = Program.evaluate(Gradients.grad(l, zp)).item();
        if (t == 0 || t == 1) {
          quantity("BCE with logits gradient, t in {0, 1}", 4.5e-16).check(dWant, dGot, at + "'");
        } else {
          quantity("BCE with logits gradient, 0 < t < 1 (error / max(sigmoid, t))", 4.5e-16).check(dWant, dGot,
              at + "'", Math.max(sig.doubleValue(), t));
        }
      }
    }
    for (double x : new double[] {-1e-300, -1e-17, -1e-8, -1e-3, -0.3, -1, -5, -40, -745.3}) {
      quantity("elu", 4.5e-16).check(Exact.expm1(Exact.d(x)), eval(n -> n.elu(1), x), "elu(" + x + ")");
      quantity("elu'", 4.5e-16).check(Exact.exp(Exact.d(x)), slope(n -> n.elu(1), x), "elu'(" + x + ")");
    }
    double eps = Losses.PROBABILITY_EPSILON;
    for (double p : new double[] {0, 1e-9, eps, 2e-7, 0.3, 0.5, 0.999, 1 - 2e-7, 1 - eps, 1}) {
      for (double t : new double[] {0, 0.3, 1}) {
        Graph g = Graph.create();
        Node l = Losses.binaryCrossEntropy().apply(g.constant(Tensor.matrix(1, 1, p)), g.constant(Tensor.matrix(1, 1, t)));
        double q = Math.min(Math.max(p, eps), 1 - eps);  // the clipped probability, a double
        BigDecimal tt = Exact.d(t);
        BigDecimal want = tt.multiply(Exact.log(Exact.d(q)), Exact.MC).add(BigDecimal.ONE.subtract(tt)
            .multiply(Exact.log1p(Exact.d(q).negate()), Exact.MC), Exact.MC).negate();
        quantity("BCE", 4.5e-16).check(want, Program.evaluate(l).item(), "BCE(p = " + p + ", t = " + t + ")");
      }
    }
    report();
  }

  void report() {
    List<String> over = new ArrayList<>();
    for (Map.Entry<String, Worst> e : worst.entrySet()) {
      Worst w = e.getValue();
      String line = String.format("%-40s %5d points, worst relative error %.2e (bound %.1e) at %s", e.getKey(),
          w.points, w.error, w.bound, w.where);
      System.out.println("NumericsGridTest: " + line);
      if (!(w.error <= w.bound)) {
        over.add(line);
      }
    }
    assertTrue(over.isEmpty(), "over the bound:\n" + String.join("\n", over));
  }
}
