package dev.autodiff.nn.train;

import dev.autodiff.nn.train.internal.TrainingAccess;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a training run recorded: every metric per epoch ({@code loss}, {@code accuracy}, {@code val_loss},
 * {@code val_accuracy}, {@code lr} (the rate of the epoch's last step), {@code seconds}, ...), the loss and learning
 * rate of every step, the smoothed loss
 * {@code Q = lambda e + (1 - lambda) Q} of the lectures, and why training stopped.
 */
public final class History {
  static {
    TrainingAccess.install(new TrainingAccess.Hooks() {
      @Override
      public void addStep(History history, double loss, double smoothed, double rate) {
        history.addStep(loss, smoothed, rate);
      }

      @Override
      public void addEpoch(History history, Map<String, Double> row) {
        history.addEpoch(row);
      }

      @Override
      public void stop(History history, String reason) {
        history.stop(reason);
      }

      @Override
      public TrainingDivergedException diverged(String message, long step, History history) {
        return new TrainingDivergedException(message, step, history);
      }
    });
  }

  private final Map<String, List<Double>> epochs = new LinkedHashMap<>();
  /** How many of the most recent steps {@link #stepLosses} keeps (so a run of any length has bounded memory). */
  public static final int STEPS_KEPT = 100_000;

  private double[] stepLosses = new double[256];
  private double[] smoothed = new double[256];
  private double[] rates = new double[256];
  private long steps;
  private String stopReason = "not started";
  private int bestEpoch = -1;

  void addEpoch(Map<String, Double> values) {
    int n = epochCount();
    for (Map.Entry<String, Double> e : values.entrySet()) {
      List<Double> list = epochs.computeIfAbsent(e.getKey(), k -> new ArrayList<>(Collections.nCopies(n, Double.NaN)));
      list.add(e.getValue());
    }
    for (List<Double> list : epochs.values()) {
      while (list.size() < n + 1) {
        list.add(Double.NaN);
      }
    }
  }

  void addStep(double loss, double q, double rate) {
    if (steps == stepLosses.length && stepLosses.length < STEPS_KEPT) {
      int n = Math.min(STEPS_KEPT, stepLosses.length * 2);
      stepLosses = java.util.Arrays.copyOf(stepLosses, n);
      smoothed = java.util.Arrays.copyOf(smoothed, n);
      rates = java.util.Arrays.copyOf(rates, n);
    }
    int at = (int) (steps % STEPS_KEPT);
    stepLosses[at] = loss;
    smoothed[at] = q;
    rates[at] = rate;
    steps++;
  }

  void stop(String reason) {
    this.stopReason = reason;
  }

  void best(int epoch) {
    this.bestEpoch = epoch;
  }

  /** The number of finished epochs. */
  public int epochCount() {
    return epochs.isEmpty() ? 0 : epochs.values().iterator().next().size();
  }

  /** The names of the recorded metrics, in the order they were first recorded. */
  public List<String> metrics() {
    return List.copyOf(epochs.keySet());
  }

  /** One metric per epoch. */
  public List<Double> get(String metric) {
    List<Double> v = epochs.get(metric);
    if (v == null) {
      throw new IllegalArgumentException("history: no metric '" + metric + "'; recorded: " + epochs.keySet());
    }
    return Collections.unmodifiableList(v);
  }

  /** The last epoch's value of a metric. */
  public double last(String metric) {
    List<Double> v = get(metric);
    if (v.isEmpty()) {
      throw new IllegalStateException("history: no epoch finished");
    }
    return v.get(v.size() - 1);
  }

  /** The number of optimizer steps taken. */
  public long stepCount() {
    return steps;
  }

  /**
   * The loss of every optimizer step, in order: all of them, or the last {@value #STEPS_KEPT} of a longer run
   * (the first of those is step {@code stepCount() - size + 1}).
   */
  public List<Double> stepLosses() {
    return kept(stepLosses);
  }

  /** The learning rate every step used (the last {@value #STEPS_KEPT} of a longer run). */
  public List<Double> stepRates() {
    return kept(rates);
  }

  /** The smoothed loss {@code Q} after every step (the last {@value #STEPS_KEPT} of a longer run). */
  public List<Double> smoothedLosses() {
    return kept(smoothed);
  }

  private List<Double> kept(double[] ring) {
    int n = (int) Math.min(steps, STEPS_KEPT);
    List<Double> out = new ArrayList<>(n);
    for (long k = steps - n; k < steps; k++) {
      out.add(ring[(int) (k % STEPS_KEPT)]);
    }
    return Collections.unmodifiableList(out);
  }

  /** Why training stopped, e.g. {@code "reached 100 epochs"} or {@code "early stopping: ..."}. */
  public String stopReason() {
    return stopReason;
  }

  /** The epoch whose weights the model holds after early stopping restored them, or -1. */
  public int bestEpoch() {
    return bestEpoch;
  }

  /** The per-epoch history as CSV: a header {@code epoch,loss,...} and one line per epoch. */
  public String toCsv() {
    StringBuilder b = new StringBuilder("epoch");
    for (String m : epochs.keySet()) {
      b.append(',').append(m);
    }
    b.append('\n');
    for (int i = 0; i < epochCount(); i++) {
      b.append(i + 1);
      for (List<Double> v : epochs.values()) {
        b.append(',').append(String.format(Locale.ROOT, "%.10g", v.get(i)));
      }
      b.append('\n');
    }
    return b.toString();
  }
}
