package dev.autodiff.nn.optim;

/** The schedules of {@link Schedule} that need more than a line. */
final class Schedules {
  private Schedules() {}

  static Schedule.Clock clock(String schedule, Schedule.Clock c) {
    return dev.autodiff.core.Require.checkNotNull(c, "%s schedule: rate: clock is null", schedule);
  }

  static double cosine(double base, double min, long t, long period) {
    double p = Math.min(1.0, (double) t / period);
    return min + (base - min) * (1 + Math.cos(Math.PI * p)) / 2;
  }

  record Warmup(long steps) implements Schedule {
    @Override
    public double rate(double base, Clock c) {
      return clock("warmup", c).step() < steps ? base * (c.step() + 1) / steps : base;
    }

    @Override
    public long length() {
      return steps;
    }
  }

  /** {@code first} for its length, then {@code next} on a shifted clock. */
  record Sequence(Schedule first, Schedule next) implements Schedule {
    @Override
    public double rate(double base, Clock c) {
      long n = first.length();
      return clock("sequence", c).step() < n ? first.rate(base, c) : next.rate(base, c.shift(n));
    }

    @Override
    public Schedule start() {
      return new Sequence(first.start(), next.start());
    }

    @Override
    public void epochEnded(int epoch, double monitoredLoss) {
      first.epochEnded(epoch, monitoredLoss);
      next.epochEnded(epoch, monitoredLoss);
    }

    @Override
    public long length() {
      long n = next.length();
      return n < 0 ? -1 : first.length() + n;
    }
  }

  record Restarts(long firstPeriod, int multiplier, double minRate) implements Schedule {
    @Override
    public double rate(double base, Clock c) {
      long t = clock("cosineWithRestarts", c).step();
      long period = firstPeriod;
      if (multiplier == 1) {
        t %= period;  // equal periods: no walk over them
      }
      while (t >= period) {  // growing periods: as many iterations as restarts so far, a few dozen at most
        t -= period;
        period *= multiplier;
      }
      return cosine(base, minRate, t, period);
    }
  }

  record OneCycle(double pctStart, double divFactor, double finalDivFactor) implements Schedule {
    @Override
    public double rate(double base, Clock c) {
      // PyTorch's phases: up over steps [0, pctStart * total - 1], down over the rest to the last step (total - 1)
      clock("oneCycle", c);
      double initial = base / divFactor;
      double last = initial / finalDivFactor;
      double upEnd = pctStart * c.totalSteps() - 1;
      double downEnd = c.totalSteps() - 1;
      double t = c.step();
      if (t <= upEnd) {
        return annealed(initial, base, upEnd <= 0 ? 1 : t / upEnd);
      }
      return annealed(base, last, Math.min(1, (t - upEnd) / (downEnd - upEnd)));
    }

    private static double annealed(double from, double to, double pct) {
      return to + (from - to) / 2 * (Math.cos(Math.PI * pct) + 1);
    }
  }

  /** Reduce-on-plateau; made fresh for each run. */
  static final class Plateau implements Schedule {
    private final double factor;
    private final int patience;
    private final double minDelta;
    private final double minRate;
    private double scale = 1;
    private double best = Double.POSITIVE_INFINITY;
    private int waited;

    Plateau(double factor, int patience, double minDelta, double minRate) {
      this.factor = factor;
      this.patience = patience;
      this.minDelta = minDelta;
      this.minRate = minRate;
    }

    @Override
    public Schedule start() {
      return new Plateau(factor, patience, minDelta, minRate);
    }

    @Override
    public synchronized double rate(double base, Clock c) {
      clock("reduceOnPlateau", c);
      return Math.max(Math.min(minRate, base), base * scale);
    }

    @Override
    public synchronized void epochEnded(int epoch, double loss) {
      if (Double.isNaN(loss)) {
        return;
      }
      if (loss < best - minDelta) {
        best = loss;
        waited = 0;
      } else if (++waited >= patience) {
        scale *= factor;
        waited = 0;
      }
    }
  }
}
