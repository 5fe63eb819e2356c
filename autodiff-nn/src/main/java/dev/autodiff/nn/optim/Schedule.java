package dev.autodiff.nn.optim;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * A learning-rate schedule: before each epoch the trainer asks for the rate, giving the epoch number (0-based) and
 * the last epoch's monitored loss (validation loss when there is a validation set, else training loss; NaN before
 * the first epoch). Schedules with memory (reduce-on-plateau) are made fresh for each training run.
 */
@FunctionalInterface
public interface Schedule {
  /** The learning rate for {@code epoch}, starting from {@code initial}. */
  double rate(int epoch, double initial, double lastLoss);

  /** Always the initial rate. */
  static Schedule constant() {
    return (epoch, initial, loss) -> initial;
  }

  /** Multiplies the rate by {@code factor} every {@code every} epochs. */
  static Schedule step(int every, double factor) {
    checkArgument(every > 0, "step schedule: every must be positive, got %s", every);
    checkArgument(factor > 0 && factor <= 1, "step schedule: factor must be in (0, 1], got %s", factor);
    return (epoch, initial, loss) -> initial * Math.pow(factor, epoch / every);
  }

  /** {@code initial * gamma^epoch}. */
  static Schedule exponential(double gamma) {
    checkArgument(gamma > 0 && gamma <= 1, "exponential schedule: gamma must be in (0, 1], got %s", gamma);
    return (epoch, initial, loss) -> initial * Math.pow(gamma, epoch);
  }

  /** {@code initial / (1 + k * epoch)}: the classic 1/t decay. */
  static Schedule inverseTime(double k) {
    checkArgument(k >= 0 && Double.isFinite(k), "1/t schedule: k must be >= 0, got %s", k);
    return (epoch, initial, loss) -> initial / (1 + k * epoch);
  }

  /**
   * Multiplies the rate by {@code factor} when the monitored loss has not improved by more than {@code minDelta}
   * for {@code patience} epochs, never below {@code minRate}.
   */
  static Schedule reduceOnPlateau(double factor, int patience, double minDelta, double minRate) {
    checkArgument(factor > 0 && factor < 1, "reduceOnPlateau: factor must be in (0, 1), got %s", factor);
    checkArgument(patience >= 1, "reduceOnPlateau: patience must be >= 1, got %s", patience);
    checkArgument(minDelta >= 0 && minRate > 0, "reduceOnPlateau: minDelta >= 0 and minRate > 0 needed");
    return new Schedule() {
      private double best = Double.POSITIVE_INFINITY;
      private int waited;
      private double current = Double.NaN;

      @Override
      public double rate(int epoch, double initial, double lastLoss) {
        if (Double.isNaN(current) || epoch == 0) {
          current = initial;
          best = Double.POSITIVE_INFINITY;
          waited = 0;
        }
        if (!Double.isNaN(lastLoss)) {
          if (lastLoss < best - minDelta) {
            best = lastLoss;
            waited = 0;
          } else if (++waited >= patience) {
            current = Math.max(minRate, current * factor);
            waited = 0;
          }
        }
        return current;
      }
    };
  }
}
