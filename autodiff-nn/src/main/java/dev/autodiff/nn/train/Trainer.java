package dev.autodiff.nn.train;

import static com.google.common.base.Preconditions.checkArgument;
import static dev.autodiff.core.Require.checkNotNull;
import static com.google.common.base.Preconditions.checkState;

import dev.autodiff.core.Autodiff;
import dev.autodiff.core.exec.Feeds;
import dev.autodiff.core.exec.OutputBuffers;
import dev.autodiff.core.exec.Program;
import dev.autodiff.core.exec.Results;
import dev.autodiff.core.grad.Gradients;
import dev.autodiff.core.graph.Input;
import dev.autodiff.core.graph.Node;
import dev.autodiff.core.graph.Parameter;
import dev.autodiff.core.tensor.Axis;
import dev.autodiff.core.tensor.MutableTensor;
import dev.autodiff.core.tensor.Shape;
import dev.autodiff.core.tensor.Tensor;
import dev.autodiff.core.tensor.TensorFormat;
import dev.autodiff.nn.Context;
import dev.autodiff.nn.Loss;
import dev.autodiff.nn.Model;
import dev.autodiff.nn.Regularizer;
import dev.autodiff.nn.optim.Objective;
import dev.autodiff.nn.optim.Optimizer;
import dev.autodiff.nn.optim.Schedule;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Trains a {@link Model}: epochs of seeded-shuffled minibatches, one optimizer step per batch, a validation set,
 * metrics, a history, stopping rules, early stopping that restores the best weights, learning-rate schedules,
 * callbacks and a progress line. Graphs are built and compiled once per batch size and reused.
 *
 * <pre>{@code
 * History h = Trainer.builder(model).loss(Losses.mse()).optimizer(Optimizers.adam(0.01))
 *     .batchSize(32).epochs(100).validation(valid).metrics(Metric.ACCURACY).seed(1).build().fit(train);
 * }</pre>
 *
 * <p>If the loss or a gradient becomes NaN or infinite, training stops with a {@link TrainingDivergedException}
 * naming the step and the parameter, and the model keeps the weights it had before that step.
 */
public final class Trainer {
  private final Model model;
  private final Loss loss;
  private final Optimizer optimizer;
  private final Regularizer regularizer;
  private final int batchSize;
  private final int epochs;
  private final boolean shuffle;
  private final long seed;
  private final Dataset validation;
  private final List<Metric> metrics;
  private final List<StopRule> stopRules;
  private final int patience;
  private final double minDelta;
  private final Schedule schedule;
  private final double smoothing;
  private final List<Callback> callbacks;
  private final PrintStream progress;
  private final Augmentation augmentation;

  private final Map<Integer, Step> steps = new HashMap<>();
  private final Map<Integer, Eval> evals = new HashMap<>();

  private Trainer(Builder b) {
    this.model = b.model;
    this.loss = b.loss;
    this.optimizer = b.optimizer;
    this.regularizer = b.regularizer;
    this.batchSize = b.batchSize;
    this.epochs = b.epochs;
    this.shuffle = b.shuffle;
    this.seed = b.seed;
    this.validation = b.validation;
    this.metrics = List.copyOf(b.metrics);
    this.stopRules = List.copyOf(b.stopRules);
    this.patience = b.patience;
    this.minDelta = b.minDelta;
    this.schedule = b.schedule;
    this.smoothing = b.smoothing;
    this.callbacks = List.copyOf(b.callbacks);
    this.progress = b.progress;
    this.augmentation = b.augmentation;
  }

  /**
   * Changes each training batch's inputs before the step (data augmentation: shifted or rotated images; noisy
   * inputs with clean targets for a denoising autoencoder). Targets stay as they are; validation is untouched.
   */
  @FunctionalInterface
  public interface Augmentation {
    /** New inputs of the same shape; {@code random} is the trainer's seeded generator. */
    Tensor apply(Tensor inputs, Random random);
  }

  public static Builder builder(Model model) {
    return new Builder(model);
  }

  /** The graph of one training step for a batch size: loss with penalties, data loss, predictions, gradients. */
  private final class Step implements Objective {
    final Input x;
    final Input t;
    final Node total;
    final Node dataLoss;
    final Node prediction;
    final List<Node> grads;
    final List<Context.Noise> noise;
    final Program program;
    Program hessianProgram;
    Node hessian;
    Feeds feeds;
    Random noiseRandom;
    /** The outputs of the step's first evaluation (metrics read its predictions and data loss). */
    OutputBuffers first;
    /** Reused by every step's first evaluation when the optimizer does not keep gradients. */
    OutputBuffers reused;

    Step(int rows) {
      Model.Pass pass = model.newPass("train-x", rows, true);
      Context ctx = pass.context();
      x = pass.input();
      t = targets(ctx, rows);
      prediction = pass.output();
      dataLoss = loss.apply(prediction, t);
      Node sum = dataLoss;
      for (Node p : ctx.penalties()) {
        sum = sum.plus(p);
      }
      Node reg = regularizer == null ? null : regularizer.penalty(model.network());
      total = reg == null ? sum : sum.plus(reg);
      grads = Gradients.gradients(total, model.parameters());
      noise = ctx.noise();
      List<Node> outs = new ArrayList<>(List.of(total, dataLoss, prediction));
      outs.addAll(grads);
      program = Program.compile(outs);
    }

    private MutableTensor inputBuffer;
    private Tensor fedInputs;
    private Tensor fedTargets;

    /**
     * Feeds the rows {@code idx} of {@code data}: the inputs gathered into this step's own buffer, fed live (they
     * reach nothing but this step's program, so overwriting them at the next step is safe); the targets as a fresh
     * tensor (metrics see them), which is returned.
     */
    Tensor prepareRows(Dataset data, int[] idx, Random random) {
      if (inputBuffer == null) {
        inputBuffer = MutableTensor.zeros(x.shape());
      }
      inputBuffer.copyRows(data.inputs(), idx);
      Tensor targets = data.targets().rows(idx);
      feeds = Feeds.of(x, inputBuffer).with(t, targets);
      fedInputs = null;
      fedTargets = null;
      noiseRandom = random;
      first = null;
      return targets;
    }

    void prepare(Dataset batch, Random random) {
      // full-batch training feeds the same tensors every step: keep the feeds (and their checks) from last time
      if (feeds == null || fedInputs != batch.inputs() || fedTargets != batch.targets()) {
        feeds = Feeds.of(x, batch.inputs()).with(t, batch.targets());
        fedInputs = batch.inputs();
        fedTargets = batch.targets();
      }
      noiseRandom = random;
      first = null;
    }

    @Override
    public List<Parameter> parameters() {
      return model.parameters();
    }

    private Feeds withNoise() {
      Feeds f = feeds;
      for (Context.Noise n : noise) {
        f = f.with(n.input(), n.sample().apply(noiseRandom, n.input()));
      }
      return f;
    }

    @Override
    public Evaluation evaluate() {
      // an optimizer that does not keep gradients lets the step's first evaluation reuse the previous step's
      // storage; any other evaluation (a look-ahead, a line search) gets storage of its own
      OutputBuffers into;
      if (first == null && !optimizer.keepsGradients()) {
        if (reused == null) {
          reused = program.newOutputBuffers();
        }
        into = reused;
      } else {
        into = program.newOutputBuffers();
      }
      program.runInto(withNoise(), into);
      if (first == null) {
        first = into;
      }
      List<MutableTensor> g = new ArrayList<>(grads.size());
      for (Node n : grads) {
        g.add(into.get(n));
      }
      return new Evaluation(into.scalar(total), g);
    }

    @Override
    public Tensor hessian() {
      if (hessianProgram == null) {
        List<Parameter> ps = model.parameters();
        List<Node> rows = new ArrayList<>();
        for (int i = 0; i < ps.size(); i++) {
          List<Node> blocks = new ArrayList<>();
          for (Parameter pj : ps) {
            blocks.add(Gradients.jacobian(grads.get(i), pj));
          }
          rows.add(blocks.size() == 1 ? blocks.get(0) : Autodiff.concat(Axis.COLUMNS, blocks));
        }
        hessian = rows.size() == 1 ? rows.get(0) : Autodiff.concat(Axis.ROWS, rows);
        hessianProgram = Program.compile(hessian);
      }
      return hessianProgram.run(withNoise()).get(hessian);
    }
  }

  /** The graph for evaluating a batch size in inference mode: predictions and the data loss. */
  private final class Eval {
    final Input x;
    final Input t;
    final Node prediction;
    final Node dataLoss;
    final Program program;

    Eval(int rows) {
      Model.Pass pass = model.newPass("eval-x", rows, false);
      x = pass.input();
      t = targets(pass.context(), rows);
      prediction = pass.output();
      dataLoss = loss.apply(prediction, t);
      program = Program.compile(dataLoss, prediction);
    }
  }

  /** The loss and metrics of {@code data} in inference mode, in batches of the trainer's batch size. */
  public Map<String, Double> evaluate(Dataset data) {
    checkData("evaluate", data);
    double lossSum = 0;
    double[] metricSums = new double[metrics.size()];
    for (int start = 0; start < data.size(); start += batchSize) {
      int end = Math.min(data.size(), start + batchSize);
      Dataset batch = data.range(start, end);
      Eval e = evals.computeIfAbsent(end - start, Eval::new);
      Results r = e.program.run(Feeds.of(e.x, batch.inputs()).with(e.t, batch.targets()));
      lossSum += r.scalar(e.dataLoss) * (end - start);
      Tensor p = r.get(e.prediction);
      for (int i = 0; i < metrics.size(); i++) {
        metricSums[i] += metrics.get(i).compute(p, batch.targets()) * (end - start);
      }
    }
    Map<String, Double> out = new LinkedHashMap<>();
    out.put("loss", lossSum / data.size());
    for (int i = 0; i < metrics.size(); i++) {
      out.put(metrics.get(i).name(), metricSums[i] / data.size());
    }
    return out;
  }

  private void checkData(String what, Dataset data) {
    checkNotNull(data, "%s: dataset is null", what);
    checkArgument(data.inputWidth() == model.inputWidth(), "%s: the model takes %s inputs per sample, the data has %s",
        what, model.inputWidth(), data.inputWidth());
    int targetCols = loss.targetCols(model.outputWidth());
    checkArgument(data.targetWidth() == targetCols, "%s: loss %s needs %s target columns for %s outputs, the data has %s",
        what, loss.name(), targetCols, model.outputWidth(), data.targetWidth());
    loss.checkTargets(data.targets());
  }

  /** Trains on {@code train}; returns the history. */
  public History fit(Dataset train) {
    checkData("fit", train);
    if (validation != null) {
      checkData("fit (validation)", validation);
    }
    History history = new History();
    Random shuffleRandom = new Random(seed);
    Random noiseRandom = new Random(seed ^ 0x5DEECE66DL);
    double initialRate = optimizer.learningRate();
    long step = 0;
    double q = Double.NaN;
    double previousLoss = Double.NaN;
    double monitored = Double.NaN;
    double best = Double.POSITIVE_INFINITY;
    int sinceBest = 0;
    List<Tensor> bestWeights = null;
    String stop = null;
    long maxSteps = Long.MAX_VALUE;
    for (StopRule r : stopRules) {
      if (r instanceof StopRule.MaxSteps m) {
        maxSteps = Math.min(maxSteps, m.limit());
      }
    }
    final int n = train.size();
    for (int epoch = 0; epoch < epochs && stop == null; epoch++) {
      double rate = schedule.rate(epoch, initialRate, monitored);
      optimizer.setLearningRate(rate);
      long started = System.nanoTime();
      List<Tensor> epochStart = stopRules.isEmpty() ? null : model.snapshot();
      int[] order = shuffle ? Dataset.permutation(n, shuffleRandom) : identity(n);
      double lossSum = 0;
      double[] metricSums = new double[metrics.size()];
      int seen = 0;
      Progress bar = progress == null ? null : new Progress(progress, epoch + 1, epochs, n);
      for (int start = 0; start < n; start += batchSize) {
        int end = Math.min(n, start + batchSize);
        Step s = steps.computeIfAbsent(end - start, Step::new);
        Tensor batchTargets;
        if (!shuffle && start == 0 && end == n && augmentation == null) {
          s.prepare(train, noiseRandom);
          batchTargets = train.targets();
        } else if (augmentation == null) {
          // the inputs only ever reach this step's program: gathered into the step's own buffer
          batchTargets = s.prepareRows(train, java.util.Arrays.copyOfRange(order, start, end), noiseRandom);
        } else {
          Dataset batch = !shuffle && start == 0 && end == n ? train
              : train.rows(java.util.Arrays.copyOfRange(order, start, end));
          Tensor changed = augmentation.apply(batch.inputs(), noiseRandom);
          checkArgument(changed != null && changed.shape().equals(batch.inputs().shape()),
              "fit: the augmentation must return inputs of shape %s", batch.inputs().shape());
          s.prepare(Dataset.of(changed, batch.targets()), noiseRandom);
          batchTargets = batch.targets();
        }
        // Undoing a failed step: an optimizer that steps by Parameter.update is reverted parameter by parameter;
        // any other gets a snapshot (holding the values keeps parameters from recycling their storage)
        boolean byUpdate = optimizer.stepsByUpdate();
        List<Tensor> before = byUpdate ? null : model.snapshot();
        long[] versions = byUpdate ? versions(model.parameters()) : null;
        step++;
        Objective.Evaluation e;
        try {
          e = optimizer.step(s);
        } catch (RuntimeException ex) {
          undo(before, versions);
          throw ex;
        }
        String bad = nonFinite(e, model.parameters());
        if (bad != null) {
          undo(before, versions);
          history.stop("diverged at step " + step + ": " + bad);
          throw new TrainingDivergedException("training diverged at step " + step + " (epoch " + (epoch + 1)
              + "): " + bad + "; the model keeps the weights from before this step", step, history);
        }
        double dataLoss = s.first.scalar(s.dataLoss);
        q = Double.isNaN(q) ? e.loss() : smoothing * e.loss() + (1 - smoothing) * q;
        history.addStep(e.loss(), q);
        lossSum += dataLoss * (end - start);
        Tensor p = metrics.isEmpty() ? null : s.first.get(s.prediction).snapshot();
        for (int i = 0; i < metrics.size(); i++) {
          metricSums[i] += metrics.get(i).compute(p, batchTargets) * (end - start);
        }
        for (Callback c : callbacks) {
          c.onStep(step, e.loss());
        }
        seen = end;
        if (bar != null) {
          bar.update(end, lossSum / end);
        }
        if (step >= maxSteps) {
          stop = "reached " + maxSteps + " steps";
          break;
        }
      }
      // The epoch's averages cover the samples seen (all of them, unless a step limit ended it early).
      Map<String, Double> row = new LinkedHashMap<>();
      row.put("loss", lossSum / seen);
      for (int i = 0; i < metrics.size(); i++) {
        row.put(metrics.get(i).name(), metricSums[i] / seen);
      }
      monitored = row.get("loss");
      if (validation != null) {
        for (Map.Entry<String, Double> v : evaluate(validation).entrySet()) {
          row.put("val_" + v.getKey(), v.getValue());
        }
        monitored = row.get("val_loss");
      }
      row.put("lr", rate);
      row.put("seconds", (System.nanoTime() - started) / 1e9);
      history.addEpoch(row);
      if (bar != null) {
        bar.finish(row);
      }
      // the weight change is for stop rules; without any, the pass over every weight is skipped
      double change = stopRules.isEmpty() ? Double.NaN : distance(epochStart, model.snapshot());
      StopRule.State state = new StopRule.State(epoch + 1, step, row.get("loss"), previousLoss, change);
      previousLoss = row.get("loss");
      for (StopRule r : stopRules) {
        String why = r.check(state);
        if (why != null && stop == null) {
          stop = why;
        }
      }
      if (patience > 0) {
        if (monitored < best - minDelta) {
          best = monitored;
          sinceBest = 0;
          bestWeights = model.snapshot();
          history.best(epoch + 1);
        } else if (++sinceBest >= patience && stop == null) {
          stop = "early stopping: " + (validation != null ? "val_loss" : "loss") + " did not improve for " + patience
              + " epochs; restored the weights of epoch " + history.bestEpoch();
        }
      }
      for (Callback c : callbacks) {
        if (c.onEpochEnd(epoch + 1, history) && stop == null) {
          stop = "stopped by a callback";
        }
      }
    }
    if (patience > 0 && bestWeights != null) {
      model.restore(bestWeights);
    }
    history.stop(stop != null ? stop : "reached " + epochs + " epochs");
    return history;
  }

  private static long[] versions(List<Parameter> ps) {
    long[] v = new long[ps.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = ps.get(i).version();
    }
    return v;
  }

  /** Puts the weights back as they were before the step: from the snapshot, or by reverting each update. */
  private void undo(List<Tensor> before, long[] versions) {
    if (before != null) {
      model.restore(before);
      return;
    }
    List<Parameter> ps = model.parameters();
    for (int i = 0; i < ps.size(); i++) {
      if (ps.get(i).version() == versions[i] + 1) {
        ps.get(i).revert();
      } else {
        checkState(ps.get(i).version() == versions[i], "fit: parameter %s changed more than once in one step by %s",
            ps.get(i).label(), optimizer.name());
      }
    }
  }

  /** The input node for the targets of a pass's batch, named after the pass. */
  private Input targets(Context pass, int rows) {
    return model.graph().input(pass.uniqueName("targets"), Shape.of(rows, loss.targetCols(model.outputWidth())));
  }

  private static String nonFinite(Objective.Evaluation e, List<Parameter> ps) {
    // the fast check first; the loops below only name what went wrong
    boolean fine = Double.isFinite(e.loss());
    for (int i = 0; i < ps.size() && fine; i++) {
      // Parameter.isFinite, not value(): a value handed out could not be recycled
      fine = e.gradients().get(i).isFinite() && ps.get(i).isFinite();
    }
    if (fine) {
      return null;
    }
    for (int i = 0; i < ps.size(); i++) {
      double[] g = e.gradients().get(i).array();
      for (int k = 0; k < g.length; k++) {
        if (!Double.isFinite(g[k])) {
          return "the gradient of parameter " + ps.get(i).label() + " is " + g[k] + " at element " + k
              + " (loss " + TensorFormat.number(e.loss()) + ")";
        }
      }
    }
    if (!Double.isFinite(e.loss())) {
      return "the loss is " + e.loss();
    }
    for (Parameter p : ps) {
      if (!p.isFinite()) {
        return "the update made parameter " + p.label() + " non-finite";
      }
    }
    return null;
  }

  private static double distance(List<Tensor> a, List<Tensor> b) {
    double s = 0;
    for (int i = 0; i < a.size(); i++) {
      Tensor x = a.get(i);
      Tensor y = b.get(i);
      for (int k = 0; k < x.size(); k++) {
        double d = x.at(k) - y.at(k);
        s += d * d;
      }
    }
    return Math.sqrt(s);
  }

  private static int[] identity(int n) {
    int[] p = new int[n];
    for (int i = 0; i < n; i++) {
      p[i] = i;
    }
    return p;
  }

  /** Configures a {@link Trainer}. Required: a loss and an optimizer. */
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
    private Augmentation augmentation;

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

    /** The most epochs (default 10). */
    public Builder epochs(int n) {
      checkArgument(n > 0, "trainer: epochs must be positive, got %s", n);
      this.epochs = n;
      return this;
    }

    /** Whether to shuffle the samples each epoch (default true, seeded). */
    public Builder shuffle(boolean s) {
      this.shuffle = s;
      return this;
    }

    /** The seed of shuffling and dropout masks (default 0). */
    public Builder seed(long s) {
      this.seed = s;
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

    public Builder schedule(Schedule s) {
      this.schedule = checkNotNull(s, "trainer: schedule is null");
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

    /** Prints a progress line while training and one summary line per epoch, like Keras's log. */
    public Builder progress(PrintStream out) {
      this.progress = checkNotNull(out, "trainer: progress stream is null");
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
      return new Trainer(this);
    }
  }
}
