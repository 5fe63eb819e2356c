package dev.autodiff.nn.optim;

import static com.google.common.base.Preconditions.checkArgument;
import static dev.autodiff.core.Require.checkNotNull;

/**
 * A learning-rate schedule: before every step the trainer asks for the rate of that step, given the optimizer's base
 * rate and a {@link Clock} (the step about to be taken, its epoch, the run's length). Step-based schedules (warm-up,
 * cosine, one-cycle) change the rate every step, epoch-based ones ({@link #step}, {@link #exponential},
 * {@link #inverseTime}) at epoch boundaries, and {@link #reduceOnPlateau} after epochs whose monitored loss did not
 * improve. Schedules compose: {@code Schedule.warmup(500).then(Schedule.cosine(0))}. The trainer records the rate
 * each step used in its history.
 *
 * <p>Schedules with memory are made fresh for each run by {@link #start()}.
 */
@FunctionalInterface
public interface Schedule {
  /**
   * Where a run is: {@code step} is the 0-based index of the step about to be taken, {@code epoch} the 0-based
   * epoch, {@code stepsPerEpoch} and {@code totalSteps} the run's planned size.
   */
  record Clock(long step, int epoch, long stepsPerEpoch, long totalSteps) {
    public Clock {
      checkArgument(step >= 0 && epoch >= 0 && stepsPerEpoch > 0 && totalSteps > 0,
          "schedule clock: step %s, epoch %s, %s steps per epoch, %s in all", step, epoch, stepsPerEpoch, totalSteps);
    }

    /** This clock {@code steps} later in the run, with that many steps fewer left (the phase after a warm-up). */
    public Clock shift(long steps) {
      return new Clock(step - steps, epoch, stepsPerEpoch, Math.max(1, totalSteps - steps));
    }
  }

  /** The learning rate of the step at {@code clock}, from the optimizer's base rate. */
  double rate(double base, Clock clock);

  /** A copy with fresh memory for one run (schedules without memory return themselves). */
  default Schedule start() {
    return this;
  }

  /** After every epoch, with the monitored loss (validation loss when there is a validation set, else training). */
  default void epochEnded(int epoch, double monitoredLoss) {}

  /** How many steps this schedule lasts before {@link #then} hands over; unbounded (-1) unless it says so. */
  default long length() {
    return -1;
  }

  /** This schedule for its {@link #length()} steps, then {@code next} with its clock shifted to start at 0. */
  default Schedule then(Schedule next) {
    checkNotNull(next, "schedule: then: next is null");
    checkArgument(length() > 0, "schedule: then: this schedule has no end (only warm-up phases have a length)");
    return new Schedules.Sequence(this, next);
  }

  /** Always the base rate. */
  static Schedule constant() {
    return (base, clock) -> base;
  }

  /** Multiplies the rate by {@code factor} every {@code every} epochs (PyTorch StepLR). */
  static Schedule step(int every, double factor) {
    checkArgument(every > 0, "step schedule: every must be positive, got %s", every);
    checkArgument(factor > 0 && factor <= 1, "step schedule: factor must be in (0, 1], got %s", factor);
    return (base, c) -> base * Math.pow(factor, Schedules.clock("step", c).epoch() / every);
  }

  /** {@code base * gamma^epoch} (PyTorch ExponentialLR). */
  static Schedule exponential(double gamma) {
    checkArgument(gamma > 0 && gamma <= 1, "exponential schedule: gamma must be in (0, 1], got %s", gamma);
    return (base, c) -> base * Math.pow(gamma, Schedules.clock("exponential", c).epoch());
  }

  /** {@code base / (1 + k * epoch)}: the classic 1/t decay. */
  static Schedule inverseTime(double k) {
    checkArgument(k >= 0 && Double.isFinite(k), "1/t schedule: k must be >= 0, got %s", k);
    return (base, c) -> base / (1 + k * Schedules.clock("inverseTime", c).epoch());
  }

  /**
   * A linear warm-up over {@code steps} steps: step {@code i} gets {@code base * (i + 1) / steps}, so the first step
   * is small but not zero and the last warm-up step reaches the base rate. Has a length: follow it with
   * {@link #then}; alone, the base rate holds after it.
   */
  static Schedule warmup(long steps) {
    checkArgument(steps > 0, "warmup: steps must be positive, got %s", steps);
    return new Schedules.Warmup(steps);
  }

  /**
   * Cosine decay over the whole run (or what is left of it after a warm-up): {@code minRate + (base - minRate) (1 +
   * cos(pi t / T)) / 2} with {@code T} the run's steps (PyTorch CosineAnnealingLR with {@code T_max} the run).
   */
  static Schedule cosine(double minRate) {
    checkArgument(minRate >= 0 && Double.isFinite(minRate), "cosine: minRate must be >= 0, got %s", minRate);
    return (base, c) -> Schedules.cosine(base, minRate, Schedules.clock("cosine", c).step(), c.totalSteps());
  }

  /**
   * Cosine decay with warm restarts (PyTorch CosineAnnealingWarmRestarts): the first period lasts
   * {@code firstPeriod} steps, each next one {@code multiplier} times longer, and every period starts again at the
   * base rate.
   */
  static Schedule cosineWithRestarts(long firstPeriod, int multiplier, double minRate) {
    checkArgument(firstPeriod > 0, "cosineWithRestarts: firstPeriod must be positive, got %s", firstPeriod);
    checkArgument(multiplier >= 1, "cosineWithRestarts: multiplier must be >= 1, got %s", multiplier);
    checkArgument(minRate >= 0 && Double.isFinite(minRate), "cosineWithRestarts: minRate must be >= 0, got %s",
        minRate);
    return new Schedules.Restarts(firstPeriod, multiplier, minRate);
  }

  /**
   * The one-cycle policy (PyTorch OneCycleLR with cosine annealing, no momentum cycling): from
   * {@code base / divFactor} up to {@code base} over the first {@code pctStart} of the run, then down to
   * {@code base / (divFactor * finalDivFactor)}. {@link #oneCycle()} uses PyTorch's defaults 0.3, 25 and 1e4.
   */
  static Schedule oneCycle(double pctStart, double divFactor, double finalDivFactor) {
    checkArgument(pctStart > 0 && pctStart < 1, "oneCycle: pctStart must be in (0, 1), got %s", pctStart);
    checkArgument(divFactor >= 1 && finalDivFactor >= 1, "oneCycle: div factors must be >= 1, got %s and %s",
        divFactor, finalDivFactor);
    return new Schedules.OneCycle(pctStart, divFactor, finalDivFactor);
  }

  static Schedule oneCycle() {
    return oneCycle(0.3, 25, 1e4);
  }

  /**
   * Multiplies the rate by {@code factor} when the monitored loss has not improved by more than {@code minDelta}
   * for {@code patience} epochs, never below {@code minRate} (Keras ReduceLROnPlateau).
   */
  static Schedule reduceOnPlateau(double factor, int patience, double minDelta, double minRate) {
    checkArgument(factor > 0 && factor < 1, "reduceOnPlateau: factor must be in (0, 1), got %s", factor);
    checkArgument(patience >= 1, "reduceOnPlateau: patience must be >= 1, got %s", patience);
    checkArgument(minDelta >= 0 && minRate > 0, "reduceOnPlateau: minDelta >= 0 and minRate > 0 needed");
    return new Schedules.Plateau(factor, patience, minDelta, minRate);
  }
}
