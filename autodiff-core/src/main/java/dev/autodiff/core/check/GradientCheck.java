package dev.autodiff.core.check;

import static dev.autodiff.core.Require.checkNotNull;

import static com.google.common.base.Preconditions.checkArgument;

import dev.autodiff.core.graph.Node;
import dev.autodiff.core.print.Formula;
import dev.autodiff.core.tensor.Shape;
import dev.autodiff.core.tensor.Tensor;
import dev.autodiff.core.tensor.TensorFormat;
import java.util.List;
import java.util.Optional;

/**
 * The outcome of a {@link GradientChecker} run: one entry per checked node, and, when the check failed, the first
 * op whose own vector-Jacobian product disagreed with finite differences.
 *
 * @param entries one per checked node, in the order asked
 * @param tolerance the largest error that passes
 * @param culprit the first disagreeing op, looked for only when the check failed
 */
public record GradientCheck(List<Entry> entries, double tolerance, Optional<Culprit> culprit) {

  /**
   * The comparison for one node.
   *
   * @param node the node differentiated against
   * @param analytic the symbolic gradient's value
   * @param numeric the finite-difference estimate
   * @param maxError the largest elementwise error (NaN if any element is NaN)
   * @param worstIndex the row-major index of the element with the largest error
   */
  public record Entry(Node node, Tensor analytic, Tensor numeric, double maxError, int worstIndex) {
    /** Whether every element is within {@code tolerance}. */
    public boolean passed(double tolerance) {
      return maxError <= tolerance;
    }

    /** The worst element, e.g. {@code w1[1,0]}. */
    public String worstElement() {
      Shape s = analytic.shape();
      String name = node.label();
      return s.isScalar() ? name : name + "[" + worstIndex / s.cols() + "," + worstIndex % s.cols() + "]";
    }
  }

  /**
   * An op whose local vector-Jacobian product disagrees with finite differences at the point.
   *
   * @param node the node of the original graph
   * @param local the check of that op alone
   */
  public record Culprit(Node node, GradientCheck local) {}

  public GradientCheck {
    checkNotNull(entries, "gradient check: entries are null");
    checkArgument(entries.stream().noneMatch(java.util.Objects::isNull), "gradient check: an entry is null");
    checkNotNull(culprit, "gradient check: culprit is null (Optional.empty() for none)");
    entries = List.copyOf(entries);
  }

  GradientCheck withCulprit(Optional<Culprit> c) {
    return new GradientCheck(entries, tolerance, c);
  }

  /** Whether every element of every entry is within tolerance. */
  public boolean passed() {
    for (Entry e : entries) {
      if (!e.passed(tolerance)) {
        return false;
      }
    }
    return true;
  }

  /** The entry with the largest error. */
  public Entry worst() {
    Entry worst = entries.get(0);
    for (Entry e : entries) {
      if (!(e.maxError() <= worst.maxError())) {
        worst = e;
      }
    }
    return worst;
  }

  /** The largest error over all entries. */
  public double maxError() {
    return worst().maxError();
  }

  /** A report: pass or fail, the worst element with both values, and the culprit op if one was found. */
  @Override
  public String toString() {
    Entry w = worst();
    StringBuilder b = new StringBuilder(passed() ? "gradient check passed" : "gradient check FAILED")
        .append(String.format(": worst element %s: analytic %s, numeric %s, error %s (tolerance %s)",
            w.worstElement(), TensorFormat.number(w.analytic().at(w.worstIndex())),
            TensorFormat.number(w.numeric().at(w.worstIndex())), TensorFormat.number(w.maxError()),
            TensorFormat.number(tolerance)));
    culprit.ifPresent(c -> b.append(String.format("; first disagreeing op: %s (%s) = %s: %s",
        c.node().label(), c.node().op().opName(), Formula.infix(c.node(), 200), c.local())));
    return b.toString();
  }
}
