package dev.autodiff.nn.train;

import dev.autodiff.core.graph.Parameter;
import dev.autodiff.core.tensor.Tensor;
import dev.autodiff.nn.Model;
import java.util.List;

/**
 * Stops when the monitored loss has not improved by more than {@code minDelta} for {@code patience} epochs, and puts
 * back the weights (and layer state) of the best epoch.
 */
final class EarlyStopping {
  private final int patience;
  private final double minDelta;
  private double best = Double.POSITIVE_INFINITY;
  private int since;
  private List<Tensor> bestValues;
  private int bestEpoch = -1;

  EarlyStopping(int patience, double minDelta) {
    this.patience = patience;
    this.minDelta = minDelta;
  }

  /** After an epoch: why to stop, or null. */
  String update(int epoch, double monitored, String monitoredName, Model model, History history) {
    if (monitored < best - minDelta) {
      best = monitored;
      since = 0;
      bestValues = values(model);
      bestEpoch = epoch;
      history.best(epoch);
      return null;
    }
    if (++since >= patience) {
      return "early stopping: " + monitoredName + " did not improve for " + patience
          + " epochs; restored the weights of epoch " + bestEpoch;
    }
    return null;
  }

  /** Puts back the best epoch's weights and state; returns that epoch (counted in the run), or -1 for none. */
  int restoreBest(Model model) {
    if (bestValues == null) {
      return -1;
    }
    List<Parameter> all = all(model);
    for (int i = 0; i < all.size(); i++) {
      all.get(i).set(bestValues.get(i));
    }
    return bestEpoch;
  }

  private static List<Tensor> values(Model model) {
    return all(model).stream().map(Parameter::value).toList();
  }

  private static List<Parameter> all(Model model) {
    List<Parameter> all = new java.util.ArrayList<>(model.parameters());
    all.addAll(model.network().state());
    return all;
  }
}
