package dev.autodiff.core.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autodiff.core.tensor.Axis;
import dev.autodiff.core.tensor.Shape;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The elementwise and reduction kernel against plain recomputations written here, element by element with explicit
 * broadcast indices (independent of the kernel's loops and its scratch-row broadcasting), on odd shapes.
 */
class LoopKernelTest {
  private static final List<Shape> SHAPES = List.of(Shape.scalar(), Shape.of(1, 1), Shape.of(3, 5), Shape.of(1, 5),
      Shape.of(3, 1), Shape.of(7, 13), Shape.of(1, 13), Shape.of(7, 1));

  private static final Map<UnaryFunction, DoubleUnaryOperator> UNARY = Map.ofEntries(
      Map.entry(UnaryFunction.NEG, x -> -x), Map.entry(UnaryFunction.EXP, Math::exp),
      Map.entry(UnaryFunction.LOG, Math::log), Map.entry(UnaryFunction.SQRT, Math::sqrt),
      Map.entry(UnaryFunction.ABS, Math::abs), Map.entry(UnaryFunction.SIGN, Math::signum),
      Map.entry(UnaryFunction.TANH, Math::tanh), Map.entry(UnaryFunction.SIGMOID, x -> 1 / (1 + Math.exp(-x))),
      Map.entry(UnaryFunction.RELU, x -> x > 0 ? x : 0), Map.entry(UnaryFunction.STEP, x -> x > 0 ? 1 : 0),
      Map.entry(UnaryFunction.SOFTPLUS, x -> Math.log(1 + Math.exp(x))), Map.entry(UnaryFunction.SIN, Math::sin),
      Map.entry(UnaryFunction.COS, Math::cos), Map.entry(UnaryFunction.LOG1P, x -> Math.log(1 + x)),
      Map.entry(UnaryFunction.EXPM1, x -> Math.exp(x) - 1), Map.entry(UnaryFunction.ERF, LoopKernelTest::erfExact));

  private static final Map<BinaryFunction, DoubleBinaryOperator> BINARY = Map.ofEntries(
      Map.entry(BinaryFunction.ADD, (a, b) -> a + b), Map.entry(BinaryFunction.SUB, (a, b) -> a - b),
      Map.entry(BinaryFunction.MUL, (a, b) -> a * b), Map.entry(BinaryFunction.DIV, (a, b) -> a / b),
      Map.entry(BinaryFunction.MAX, Math::max), Map.entry(BinaryFunction.MIN, Math::min),
      Map.entry(BinaryFunction.GT, (a, b) -> a > b ? 1 : 0), Map.entry(BinaryFunction.GE, (a, b) -> a >= b ? 1 : 0),
      Map.entry(BinaryFunction.LT, (a, b) -> a < b ? 1 : 0), Map.entry(BinaryFunction.LE, (a, b) -> a <= b ? 1 : 0),
      Map.entry(BinaryFunction.EQ, (a, b) -> a == b ? 1 : 0));

  private final ElementwiseKernel kernel = Kernels.elementwise();
  private final SplittableRandom random = new SplittableRandom(7);

  @Test
  void everyUnaryFunctionMatchesItsFormula() {
    assertEquals(UnaryFunction.values().length, UNARY.size(), "a function without a reference here");
    for (UnaryFunction f : UnaryFunction.values()) {
      double[] x = values(37, 0.05, 3);  // positive, so log and sqrt are defined; signs flipped below
      for (int i = 0; i < x.length; i += 2) {
        x[i] = f == UnaryFunction.LOG || f == UnaryFunction.SQRT ? x[i] : -x[i] * 0.3;
      }
      double[] out = new double[x.length];
      kernel.map(f, x, out, x.length);
      for (int i = 0; i < x.length; i++) {
        double want = UNARY.get(f).applyAsDouble(x[i]);
        assertEquals(want, out[i], 2e-15 * Math.max(1, Math.abs(want)), f + " at " + x[i]);
      }
    }
  }

  @Test
  void erfIsCorrectToAFewUlpsAcrossItsRange() {
    double worst = 0;
    for (double x = -6.5; x <= 6.5; x += 0.0173) {
      double want = erfExact(x);
      double got = UnaryFunction.ERF.at(x);
      worst = Math.max(worst, Math.abs(got - want) / Math.max(Math.abs(want), Double.MIN_NORMAL));
    }
    assertTrue(worst < 3e-15, "worst relative error " + worst);
    assertEquals(0.0, UnaryFunction.ERF.at(0.0));
    assertEquals(1.0, UnaryFunction.ERF.at(1e300));
    assertTrue(Double.isNaN(UnaryFunction.ERF.at(Double.NaN)));
  }

  /** Shapes large enough for the blocked broadcasts: several 4,096-element blocks, short rows, a short last block. */
  private static final List<Shape> BLOCKED = List.of(Shape.scalar(), Shape.of(4097, 1), Shape.of(1000, 5),
      Shape.of(1, 5), Shape.of(1000, 1), Shape.of(300, 15), Shape.of(1, 15), Shape.of(300, 1), Shape.of(9000, 1));

  @Test
  void binaryFunctionsBroadcastLikeThePlainIndexFormula() {
    binaryFunctionsMatchTheIndexFormula(SHAPES);
  }

  @Test
  void blockedBroadcastsOfManyShortRowsMatchTheIndexFormula() {
    binaryFunctionsMatchTheIndexFormula(BLOCKED);
  }

  private void binaryFunctionsMatchTheIndexFormula(List<Shape> shapes) {
    for (BinaryFunction f : BinaryFunction.values()) {
      for (Shape as : shapes) {
        for (Shape bs : shapes) {
          if (!as.broadcastsTo(bs) && !bs.broadcastsTo(as)) {
            continue;
          }
          Shape os = as.broadcastsTo(bs) ? bs : as;
          double[] a = values(as.size(), -2, 2);
          double[] b = values(bs.size(), -2, 2);
          if (f == BinaryFunction.EQ || f == BinaryFunction.GE || f == BinaryFunction.LE) {
            b[0] = a[0];  // ties, so that equality is exercised
          }
          double[] out = new double[os.size()];
          kernel.zip(f, a, as, b, bs, out, os);
          for (int r = 0; r < os.rows(); r++) {
            for (int c = 0; c < os.cols(); c++) {
              double want = BINARY.get(f).applyAsDouble(a[at(as, r, c)], b[at(bs, r, c)]);
              assertEquals(want, out[r * os.cols() + c], f + " " + as + " with " + bs + " at " + r + "," + c);
            }
          }
        }
      }
    }
  }

  @Test
  void selectAndBroadcastFollowThePlainIndexFormula() {
    Shape os = Shape.of(7, 13);
    for (Shape ms : List.of(Shape.scalar(), Shape.of(7, 1), Shape.of(1, 13), os)) {
      for (Shape as : List.of(Shape.scalar(), Shape.of(7, 1), os)) {
        double[] m = values(ms.size(), -1, 1);
        for (int i = 0; i < m.length; i += 3) {
          m[i] = 0;
        }
        double[] a = values(as.size(), -2, 2);
        double[] b = values(os.size(), -2, 2);
        double[] out = new double[os.size()];
        kernel.select(m, ms, a, as, b, os, out, os);
        double[] spread = new double[os.size()];
        kernel.broadcast(a, as, spread, os);
        for (int r = 0; r < os.rows(); r++) {
          for (int c = 0; c < os.cols(); c++) {
            int o = r * os.cols() + c;
            assertEquals(m[at(ms, r, c)] != 0 ? a[at(as, r, c)] : b[o], out[o], "select " + ms + " " + as);
            assertEquals(a[at(as, r, c)], spread[o], "broadcast " + as);
          }
        }
      }
    }
  }

  @Test
  void reductionsMatchPlainSumsAndExtrema() {
    ReductionKernel reductions = Kernels.reductions();
    for (Shape s : SHAPES) {
      double[] x = values(s.size(), -3, 3);
      for (Axis axis : new Axis[] {null, Axis.ROWS, Axis.COLUMNS}) {
        int groups = axis == null || s.isScalar() ? 1 : axis == Axis.ROWS ? s.cols() : s.rows();
        for (Reducer r : Reducer.values()) {
          double[] out = new double[groups];
          reductions.reduce(r, axis, x, s, out);
          for (int g = 0; g < groups; g++) {
            double sum = 0;
            double max = Double.NEGATIVE_INFINITY;
            double min = Double.POSITIVE_INFINITY;
            double sumExp = 0;
            for (int i = 0; i < x.length; i++) {
              int row = s.isScalar() ? 0 : i / s.cols();
              int col = s.isScalar() ? 0 : i % s.cols();
              boolean in = axis == null || s.isScalar() || (axis == Axis.ROWS ? col == g : row == g);
              if (in) {
                sum += x[i];
                max = Math.max(max, x[i]);
                min = Math.min(min, x[i]);
                sumExp += Math.exp(x[i]);
              }
            }
            double want = switch (r) {
              case SUM -> sum;
              case MAX -> max;
              case MIN -> min;
              case LOG_SUM_EXP -> Math.log(sumExp);
            };
            assertEquals(want, out[g], 1e-13, r + " over " + axis + " of " + s + " group " + g);
          }
        }
      }
    }
  }

  @Test
  void normalizersMatchPlainSoftmaxAndLogSoftmax() {
    ReductionKernel reductions = Kernels.reductions();
    for (Shape s : SHAPES) {
      double[] x = values(s.size(), -3, 3);
      for (Axis axis : new Axis[] {null, Axis.ROWS, Axis.COLUMNS}) {
        for (Normalizer f : Normalizer.values()) {
          double[] out = new double[x.length];
          reductions.normalize(f, axis, x, s, out);
          for (int i = 0; i < x.length; i++) {
            double sumExp = 0;
            for (int j = 0; j < x.length; j++) {
              if (sameLane(s, axis, i, j)) {
                sumExp += Math.exp(x[j]);
              }
            }
            double want = f == Normalizer.SOFTMAX ? Math.exp(x[i]) / sumExp : x[i] - Math.log(sumExp);
            assertEquals(want, out[i], 1e-13, f + " over " + axis + " of " + s + " element " + i);
          }
        }
      }
    }
  }

  private static boolean sameLane(Shape s, Axis axis, int i, int j) {
    if (axis == null || s.isScalar()) {
      return true;
    }
    return axis == Axis.ROWS ? i % s.cols() == j % s.cols() : i / s.cols() == j / s.cols();
  }

  @Test
  void transposeMovesEveryElement() {
    double[] x = values(7 * 13, -1, 1);
    double[] out = new double[x.length];
    kernel.transpose(x, 7, 13, out);
    for (int i = 0; i < 7; i++) {
      for (int j = 0; j < 13; j++) {
        assertEquals(x[i * 13 + j], out[j * 7 + i]);
      }
    }
  }

  private static int at(Shape s, int r, int c) {
    if (s.isScalar()) {
      return 0;
    }
    return (s.rows() == 1 ? 0 : r) * s.cols() + (s.cols() == 1 ? 0 : c);
  }

  private double[] values(int n, double lo, double hi) {
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = lo + (hi - lo) * random.nextDouble();
    }
    return v;
  }

  /** erf by its Taylor series in 60-digit decimal arithmetic (independent of the kernel's series and fraction). */
  static double erfExact(double x) {
    if (Math.abs(x) > 6) {
      return Math.signum(x);
    }
    MathContext mc = new MathContext(60);
    BigDecimal bx = new BigDecimal(x);
    BigDecimal x2 = bx.multiply(bx, mc);
    BigDecimal term = bx;
    BigDecimal sum = bx;
    for (int n = 1; n < 400; n++) {
      term = term.multiply(x2, mc).negate().divide(BigDecimal.valueOf(n), mc);
      BigDecimal add = term.divide(BigDecimal.valueOf(2L * n + 1), mc);
      sum = sum.add(add, mc);
      if (add.abs().compareTo(new BigDecimal("1e-45")) < 0) {
        break;
      }
    }
    BigDecimal twoOverSqrtPi = new BigDecimal("1.12837916709551257389615890312154517168810125865799771368817");
    return sum.multiply(twoOverSqrtPi, mc).doubleValue();
  }
}
