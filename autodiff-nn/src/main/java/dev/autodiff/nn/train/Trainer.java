package dev.autodiff.nn.train;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkState;
import static dev.autodiff.core.Require.checkNotNull;

import dev.autodiff.core.graph.Parameter;
import dev.autodiff.core.tensor.Tensor;
import dev.autodiff.nn.Loss;
import dev.autodiff.nn.Model;
import dev.autodiff.nn.Regularizer;
import dev.autodiff.nn.optim.Optimizer;
import dev.autodiff.nn.optim.Schedule;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Trains a {@link Model}, built from parts: a {@link TrainingStep} per batch size (loss, gradients of the trainable
 * parameters, the layers' state updates), the {@link Reduction} point and {@link Clipping} its gradients pass, the
 * optimizer's per-run state, and around them the loop with its policies (schedule, divergence guard, stop rules,
 * early stopping) and callbacks.
 *
 * <pre>{@code
 * History h = Trainer.builder(model).loss(Losses.mse()).optimizer(Optimizers.adam(0.01))
 *     .batchSize(32).epochs(100).validation(valid).metrics(Metric.ACCURACY).seed(1).build().fit(train);
 * }</pre>
 *
 * <p>Every {@link #fit} starts from the configured state: fresh optimizer state (moments, L-BFGS history), the
 * schedule from its first step, the seeded shuffling and dropout from their seeds; only the weights carry over.
 * {@link #resume} continues the last run instead. If the loss, a gradient or a weight becomes NaN or infinite,
 * training stops with a {@link TrainingDivergedException} and the model keeps the weights from before that step.
 */
public final class Trainer {
  /**
   * Changes each training batch's inputs before the step (data augmentation: shifted or rotated images; noisy
   * inputs with clean targets for a denoising autoencoder). Targets stay as they are; validation is untouched.
   */
  @FunctionalInterface
  public interface Augmentation {
    /** New inputs of the same shape; {@code random} is the trainer's seeded generator. */
    Tensor apply(Tensor inputs, Random random);
  }

  private final TrainingSettings s;
  private final Evaluator evaluator;
  /** Training steps by trainable set, then by batch size: alternating freezes reuse their graphs. */
  private final Map<List<Parameter>, Map<Integer, TrainingStep>> steps = new HashMap<>();
  private TrainingRun last;

  private Trainer(TrainingSettings s) {
    this.s = s;
    this.evaluator = Evaluator.of(s.model(), s.loss(), s.batchSize(), s.metrics().toArray(new Metric[0]));
  }

  public static Builder builder(Model model) {
    return new Builder(model);
  }

  /** Trains on {@code train} from the configured state (only the model's weights carry over); returns the history. */
  public synchronized History fit(Dataset train) {
    check(train);
    return exclusively(train, new TrainingRun(s, s.model().trainableParameters()));
  }

  private History exclusively(Dataset train, TrainingRun run) {
    TrainingSettings.claim(s.model());
    try {
      last = run;  // only once the model is ours: a refused fit leaves the resumable run as it was
      return loop().run(train, run);
    } finally {
      TrainingSettings.release(s.model());
    }
  }

  /**
   * Trains {@code epochs} more epochs (the builder's number) continuing the last {@link #fit} or resume: the same
   * optimizer state, the schedule's clock and the seeded generators go on where they stopped.
   *
   * @throws IllegalStateException when nothing ran yet, or the trainable parameters changed since (freezing)
   */
  public synchronized History resume(Dataset train) {
    checkState(last != null, "resume: nothing to resume, call fit first");
    checkState(!last.diverged, "resume: the last run diverged, and its optimizer state may hold what made it; "
        + "start again with fit");
    checkState(last.trainable.equals(s.model().trainableParameters()),
        "resume: the trainable parameters changed since the last run (frozen or unfrozen); start again with fit");
    check(train);
    return exclusively(train, last);
  }

  /** The loss and metrics of {@code data} in inference mode, in batches of the trainer's batch size. */
  public Map<String, Double> evaluate(Dataset data) {
    return evaluator.evaluate(data);
  }

  private void check(Dataset train) {
    Evaluator.check("fit", s.model(), s.loss(), train);
    if (s.validation() != null) {
      Evaluator.check("fit (validation)", s.model(), s.loss(), s.validation());
    }
  }

  private TrainingLoop loop() {
    List<Parameter> trainable = last.trainable;
    Map<Integer, TrainingStep> forSet = steps.computeIfAbsent(trainable, k -> new HashMap<>());
    return new TrainingLoop(s, rows -> forSet.computeIfAbsent(rows, r -> new TrainingStep(s.model(), s.loss(),
        s.regularizer(), trainable, r, s.reduction(), s.clipping())), evaluator);
  }

  /** Settings of a trainer; {@link #loss} and {@link #optimizer} are required. */
  public static final class Builder {
    private final Model model;
    private Loss loss;
    private Optimizer optimizer;
    private Regularizer regularizer;
    private int batchSize = 32;
    private int epochs = 10;
    private boolean shuffle = true;
    private long seed;
    private Dataset validation;
    private final List<Metric> metrics = new ArrayList<>();
    private final List<StopRule> stopRules = new ArrayList<>();
    private int patience;
    private double minDelta;
    private Schedule schedule = Schedule.constant();
    private double smoothing = 0.1;
    private final List<Callback> callbacks = new ArrayList<>();
    private PrintStream progress;
    private Verbosity verbosity = Verbosity.AUTO;
    private Augmentation augmentation;
    private Clipping clipping = Clipping.none();
    private Reduction reduction = Reduction.local();

    private Builder(Model model) {
      this.model = checkNotNull(model, "trainer: model is null");
    }

    public Builder loss(Loss l) {
      this.loss = checkNotNull(l, "trainer: loss is null");
      return this;
    }

    public Builder optimizer(Optimizer o) {
      this.optimizer = checkNotNull(o, "trainer: optimizer is null");
      return this;
    }

    /** A weight penalty added to the loss. */
    public Builder regularizer(Regularizer r) {
      this.regularizer = checkNotNull(r, "trainer: regularizer is null");
      return this;
    }

    /** Samples per step (default 32); larger than the data means full-batch gradient descent, 1 means SGD. */
    public Builder batchSize(int n) {
      checkArgument(n > 0, "trainer: batch size must be positive, got %s", n);
      this.batchSize = n;
      return this;
    }

    /** The most epochs per fit (default 10). */
    public Builder epochs(int n) {
      checkArgument(n > 0, "trainer: epochs must be positive, got %s", n);
      this.epochs = n;
      return this;
    }

    /** Whether to shuffle the samples each epoch (default true, seeded). */
    public Builder shuffle(boolean sh) {
      this.shuffle = sh;
      return this;
    }

    /** The seed of shuffling and dropout masks (default 0). */
    public Builder seed(long sd) {
      this.seed = sd;
      return this;
    }

    /** A validation set, evaluated after each epoch ({@code val_loss}, {@code val_<metric>}). */
    public Builder validation(Dataset v) {
      this.validation = checkNotNull(v, "trainer: validation set is null");
      return this;
    }

    public Builder metrics(Metric... ms) {
      checkNotNull(ms, "trainer: metrics are null");
      for (Metric m : ms) {
        metrics.add(checkNotNull(m, "trainer: metric is null"));
      }
      return this;
    }

    public Builder stopWhen(StopRule rule) {
      stopRules.add(checkNotNull(rule, "trainer: stop rule is null"));
      return this;
    }

    /**
     * Early stopping: stop when the validation loss (training loss without a validation set) has not improved by
     * more than {@code minDelta} for {@code patience} epochs, and restore the best epoch's weights.
     */
    public Builder earlyStopping(int patienceEpochs, double minimumDelta) {
      checkArgument(patienceEpochs > 0, "trainer: patience must be positive, got %s", patienceEpochs);
      checkArgument(minimumDelta >= 0, "trainer: minDelta must be >= 0, got %s", minimumDelta);
      this.patience = patienceEpochs;
      this.minDelta = minimumDelta;
      return this;
    }

    /** The learning-rate schedule (default constant), asked before every step. */
    public Builder schedule(Schedule sc) {
      this.schedule = checkNotNull(sc, "trainer: schedule is null");
      return this;
    }

    /** Gradient clipping ({@link Clipping#byNorm}, {@link Clipping#byValue}); default none. */
    public Builder clipping(Clipping c) {
      this.clipping = checkNotNull(c, "trainer: clipping is null");
      return this;
    }

    /** Where gradients from several workers are combined (default {@link Reduction#local()}). */
    public Builder reduction(Reduction r) {
      this.reduction = checkNotNull(r, "trainer: reduction is null");
      return this;
    }

    /** The {@code lambda} of the smoothed loss {@code Q = lambda e + (1 - lambda) Q} (default 0.1). */
    public Builder smoothing(double lambda) {
      checkArgument(lambda > 0 && lambda <= 1, "trainer: smoothing must be in (0, 1], got %s", lambda);
      this.smoothing = lambda;
      return this;
    }

    public Builder callback(Callback c) {
      callbacks.add(checkNotNull(c, "trainer: callback is null"));
      return this;
    }

    /** Prints progress to {@code out}: a live line on a terminal, one line per epoch otherwise. */
    public Builder progress(PrintStream out) {
      return progress(out, Verbosity.AUTO);
    }

    /** Prints progress to {@code out} as {@code verbosity} says. */
    public Builder progress(PrintStream out, Verbosity v) {
      this.progress = checkNotNull(out, "trainer: progress stream is null");
      this.verbosity = checkNotNull(v, "trainer: verbosity is null");
      if (v == Verbosity.SILENT) {
        this.progress = null;
      }
      return this;
    }

    /** Changes each training batch's inputs before its step; see {@link Augmentation}. */
    public Builder augment(Augmentation a) {
      this.augmentation = checkNotNull(a, "trainer: augmentation is null");
      return this;
    }

    public Trainer build() {
      checkState(loss != null, "trainer: loss(...) was not given");
      checkState(optimizer != null, "trainer: optimizer(...) was not given");
      checkState(clipping == Clipping.none() || !(optimizer instanceof dev.autodiff.nn.optim.Newton
          || optimizer instanceof dev.autodiff.nn.optim.Lbfgs), "trainer: %s with clipping: a clipped gradient is "
          + "not the slope its line search needs; leave clipping to the first-order rules", optimizer.name());
      return new Trainer(new TrainingSettings(model, loss, optimizer, regularizer, batchSize, epochs, shuffle, seed,
          validation, List.copyOf(metrics), List.copyOf(stopRules), patience, minDelta, schedule, smoothing,
          List.copyOf(callbacks), progress, verbosity, augmentation, clipping, reduction));
    }
  }
}
