package dev.autodiff.nn.train;

import static com.google.common.base.Preconditions.checkState;

import dev.autodiff.core.graph.Parameter;
import dev.autodiff.core.tensor.Tensor;
import dev.autodiff.nn.optim.Objective;
import dev.autodiff.nn.optim.Optimizer;
import java.util.List;

/**
 * Keeps a failed step from leaving its mark: before each step it remembers how to undo it (by reverting each
 * parameter's one update when the optimizer steps by {@link Parameter#update}, else by a snapshot of the values,
 * which keeps parameters from recycling their storage), and after it names the first non-finite loss, gradient or
 * weight.
 */
final class DivergenceGuard {
  private final List<Parameter> ps;
  private final Optimizer.State optimizer;
  private final long[] versions;
  private final long[] previousVersions;
  private List<Tensor> snapshot;
  private List<Tensor> previousSnapshot;
  private boolean hasPrevious;

  DivergenceGuard(List<Parameter> ps, Optimizer.State optimizer) {
    this.ps = ps;
    this.optimizer = optimizer;
    this.versions = new long[ps.size()];
    this.previousVersions = new long[ps.size()];
  }

  /** Before a step; what the step before it changed can still be undone until the next call. */
  void remember(boolean first) {
    hasPrevious = !first;
    if (optimizer.stepsByUpdate()) {
      System.arraycopy(versions, 0, previousVersions, 0, versions.length);
      for (int i = 0; i < versions.length; i++) {
        versions[i] = ps.get(i).version();
      }
    } else {
      previousSnapshot = snapshot;
      snapshot = ps.stream().map(Parameter::value).toList();
    }
  }

  /**
   * Undoes the step before the current one, when the current one found its starting point non-finite before
   * changing anything: the weights go back to those before the step that made them bad. False when there was none
   * (the run's first step: the weights came in bad).
   */
  boolean undoPrevious() {
    if (!hasPrevious) {
      return false;
    }
    if (!optimizer.stepsByUpdate()) {
      for (int i = 0; i < ps.size(); i++) {
        ps.get(i).set(previousSnapshot.get(i));
      }
      return true;
    }
    for (int i = 0; i < ps.size(); i++) {
      if (ps.get(i).version() == previousVersions[i] + 1) {
        ps.get(i).revert();
      }
    }
    return true;
  }

  /** Puts the weights back as they were before the step. */
  void undo() {
    if (!optimizer.stepsByUpdate()) {
      for (int i = 0; i < ps.size(); i++) {
        ps.get(i).set(snapshot.get(i));
      }
      return;
    }
    for (int i = 0; i < ps.size(); i++) {
      if (ps.get(i).version() == versions[i] + 1) {
        ps.get(i).revert();
      } else {
        checkState(ps.get(i).version() == versions[i], "fit: parameter %s changed more than once in one step",
            ps.get(i).label());
      }
    }
  }

  /**
   * What went wrong in the step that gave {@code e}, or null when everything is finite. The step's loss and
   * gradients were checked before any rule saw them (see {@link TrainingStep}); this checks what the update made,
   * and the loss and gradients again for rules written elsewhere that evaluate objectives of their own.
   */
  String nonFinite(Objective.Evaluation e) {
    if (!Double.isFinite(e.loss())) {
      return "the loss is " + e.loss();
    }
    for (Parameter p : ps) {
      // Parameter.isFinite, not value(): a value handed out could not be recycled
      if (!p.isFinite()) {
        return "the update made parameter " + p.label() + " non-finite";
      }
    }
    return null;
  }
}
