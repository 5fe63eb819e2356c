package dev.autodiff.nn.train;

import dev.autodiff.core.graph.Parameter;
import dev.autodiff.nn.optim.Optimizer;
import dev.autodiff.nn.optim.Schedule;
import java.util.List;
import java.util.Random;

/** What a run carries from one fit to a resumed one: the optimizer's state, the schedule, the counters. */
final class TrainingRun {
  final List<Parameter> trainable;
  final Optimizer.State optimizer;
  final Schedule schedule;
  final Random shuffleRandom;
  final Random noiseRandom;
  long step;
  int epoch;
  /** The steps the fit that started the run planned: schedules keep this plan when the run is resumed. */
  long planned = -1;
  /** Whether the run ended in a divergence (its optimizer state may hold what caused it: not resumable). */
  boolean diverged;
  /** Early stopping's best epoch so far, kept across resumes. */
  EarlyStopping early;

  /** Every parameter of the model with its trainable flag at the start of the run, to notice a change. */
  final List<Parameter> all;
  final boolean[] flags;

  TrainingRun(TrainingSettings s, List<Parameter> trainable) {
    this.trainable = trainable;
    this.all = s.model().parameters();
    this.flags = new boolean[all.size()];
    for (int i = 0; i < flags.length; i++) {
      flags[i] = all.get(i).isTrainable();
    }
    this.optimizer = s.optimizer().start(trainable);
    this.schedule = s.schedule().start();
    this.shuffleRandom = new Random(s.seed());
    this.noiseRandom = new Random(s.seed() ^ 0x5DEECE66DL);
  }

  /**
   * Freezing takes effect at the start of a run: the run's gradients and optimizer state are for the parameters
   * that were trainable then. A change in the middle of a run is refused at the next step, with the weights as they
   * are, rather than ignored.
   */
  void checkFlags() {
    for (int i = 0; i < flags.length; i++) {
      Parameter p = all.get(i);
      if (p.isTrainable() != flags[i]) {
        throw new IllegalStateException("fit: parameter " + p.label() + " was " + (flags[i] ? "frozen" : "unfrozen")
            + " during the run (at step " + (step + 1) + "); freezing takes effect when a run starts: let this "
            + "fit end (a callback can stop it) and call fit again");
      }
    }
  }
}
