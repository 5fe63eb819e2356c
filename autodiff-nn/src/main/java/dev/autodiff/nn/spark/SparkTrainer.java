package dev.autodiff.nn.spark;

import static com.google.common.base.Preconditions.checkArgument;
import static dev.autodiff.core.Require.checkNotNull;

import dev.autodiff.core.exec.Program;
import dev.autodiff.core.exec.Results;
import dev.autodiff.core.grad.Gradients;
import dev.autodiff.core.graph.Node;
import dev.autodiff.core.graph.Parameter;
import dev.autodiff.core.tensor.MutableTensor;
import dev.autodiff.core.tensor.Tensor;
import dev.autodiff.nn.Loss;
import dev.autodiff.nn.Model;
import dev.autodiff.nn.Regularizer;
import dev.autodiff.nn.io.ModelFile;
import dev.autodiff.nn.optim.Objective;
import dev.autodiff.nn.optim.Optimizer;
import dev.autodiff.nn.optim.Schedule;
import dev.autodiff.nn.train.Callback;
import dev.autodiff.nn.train.Clipping;
import dev.autodiff.nn.train.Dataset;
import dev.autodiff.nn.train.History;
import dev.autodiff.nn.train.StopRule;
import dev.autodiff.nn.train.Trainer;
import dev.autodiff.nn.train.internal.TrainingAccess;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;

/**
 * Fits a {@link Model} on data that lives in Spark, data-parallel, with the library's own loss, regularizer,
 * optimizer, schedule, clipping and callbacks; the driver keeps the {@link History}. Three modes:
 * <ul>
 *   <li>{@link Builder#fullBatch full batch} (gradient descent or L-BFGS, as Spark MLlib trains its perceptron): each
 *       evaluation broadcasts the weights, every partition sums the loss and gradient of its rows, {@code treeReduce}
 *       adds the partitions up, and the optimizer steps on the driver. On the same data it reaches the weights a
 *       single-machine full-batch fit reaches, to rounding;
 *   <li>{@link Builder#miniBatch synchronous mini-batches} (Adam, SGD, momentum, ...): an epoch orders all rows by a
 *       seeded permutation of their global positions and each step takes the next {@code batchSize} of them, from
 *       whichever partitions hold them (see {@code Slices}), summed the same way, one update on the driver;
 *   <li>{@link Builder#localSteps local steps}: each partition takes {@code k} steps of the optimizer on its own rows
 *       from the broadcast weights, then the driver averages the weights (weighted by rows). An approximation: the
 *       partitions' steps do not see each other, and the optimizer's memory (momenta) starts afresh every round.
 * </ul>
 * A task's result is a pure function of the broadcast weights and its partition (and the seed), so a task Spark
 * retries after a lost executor adds the same numbers once, never twice. A non-finite loss or gradient stops the fit
 * with the same {@link dev.autodiff.nn.train.TrainingDivergedException} as on one machine, at the same step (a
 * non-finite first evaluation undoes the step before). Bad rows (a wrong width, a NaN, a target the loss refuses)
 * are refused before training, naming the column and the row (partition and position in it). The loss must be a
 * mean over rows (the built-in ones but {@code dice} and {@code jaccard} are). Layers with training state (batch normalization) are refused: their running
 * statistics cannot follow data-parallel steps; dropout is refused in full-batch mode (it would make the objective
 * random for L-BFGS's line search) and drawn per partition and step from the seed otherwise.
 */
public final class SparkTrainer {
  /** How the data's gradients are combined. */
  public enum Mode {
    FULL_BATCH, MINI_BATCH, LOCAL_STEPS
  }

  private final Model model;
  private final Loss loss;
  private final Optimizer optimizer;
  private final Regularizer regularizer;
  private final Schedule schedule;
  private final Clipping clipping;
  private final List<Callback> callbacks;
  private final PrintStream progress;
  private final long seed;
  private final Mode mode;
  private final int iterations;
  private final int batchSize;
  private final int localSteps;
  private final String featuresColumn;
  private final String targetColumn;
  private final int treeDepth;

  private SparkTrainer(Builder b) {
    this.model = b.model;
    this.loss = b.loss;
    this.optimizer = b.optimizer;
    this.regularizer = b.regularizer;
    this.schedule = b.schedule;
    this.clipping = b.clipping;
    this.callbacks = List.copyOf(b.callbacks);
    this.progress = b.progress;
    this.seed = b.seed;
    this.mode = b.mode;
    this.iterations = b.iterations;
    this.batchSize = b.batchSize;
    this.localSteps = b.localSteps;
    this.featuresColumn = b.featuresColumn;
    this.targetColumn = b.targetColumn;
    this.treeDepth = b.treeDepth;
  }

  public static Builder builder(Model model) {
    return new Builder(checkNotNull(model, "spark trainer: model is null"));
  }

  /**
   * Fits on a DataFrame: the features column holds an ML {@code Vector} or an array of numbers (the model's inputs);
   * the target column a number (one target, or a class index one-hot encoded when the loss wants one column per
   * class), a {@code Vector} or an array of numbers.
   *
   * @throws IllegalArgumentException naming the column and the row when a row does not fit the model
   */
  public History fit(org.apache.spark.sql.Dataset<Row> rows) {
    checkNotNull(rows, "spark fit: rows are null");
    List<String> columns = List.of(rows.columns());
    checkArgument(columns.contains(featuresColumn), "spark fit: no column '%s' (the features) among %s",
        featuresColumn, columns);
    checkArgument(columns.contains(targetColumn), "spark fit: no column '%s' (the targets) among %s", targetColumn,
        columns);
    RowReader reader = new RowReader(featuresColumn, targetColumn, model.inputWidth(),
        loss.targetCols(model.outputWidth()), loss);
    return fitChecked(rows.javaRDD().mapPartitionsWithIndex(reader::read, true), featuresColumn, targetColumn);
  }

  /**
   * Fits on samples.
   *
   * @throws IllegalArgumentException naming the row when a sample does not fit the model
   */
  public History fit(JavaRDD<Sample> samples) {
    checkNotNull(samples, "spark fit: samples are null");
    RowReader reader = new RowReader("features", "target", model.inputWidth(), loss.targetCols(model.outputWidth()),
        loss);
    return fitChecked(samples.mapPartitionsWithIndex(reader::check, true), "features", "target");
  }

  private History fitChecked(JavaRDD<RowReader.Read> read, String features, String target) {
    JavaRDD<RowReader.Read> cached = read.persist(StorageLevel.MEMORY_AND_DISK());
    try {
      // one pass checks every row and counts each partition's
      List<RowReader.Summary> summaries = cached.mapPartitionsWithIndex(RowReader::summarize, true).collect();
      long total = 0;
      long[] counts = new long[summaries.size()];
      for (RowReader.Summary s : summaries) {
        if (s.firstError() != null) {
          throw new IllegalArgumentException("spark fit: " + s.firstError());
        }
        counts[s.partition()] = s.rows();
        total += s.rows();
      }
      checkArgument(total > 0, "spark fit: the data has no rows");
      JavaRDD<Sample> data = cached.map(RowReader.Read::sample);
      return new Run(JavaSparkContext.fromSparkContext(cached.context()), data, counts, total).run();
    } finally {
      cached.unpersist(false);
    }
  }

  /** One fit: the broadcast model, the driver's objective and the loop. */
  private final class Run {
    private final JavaSparkContext jsc;
    private final JavaRDD<Sample> data;
    private final long[] counts;
    private final long total;
    /** Where each partition's rows start in the data's global order. */
    private final long[] offsets;
    private final String key = UUID.randomUUID().toString();
    private final List<Parameter> trainable;
    private final int[] trainableIndices;
    private final Broadcast<byte[]> modelFile;
    private final Program penalty;
    private final Node penaltyNode;
    private final List<Node> penaltyGradients;
    private final History history = new History();
    private final TrainingAccess.Hooks hooks = TrainingAccess.hooks();
    private final Schedule rates = schedule.start();  // a schedule with memory starts afresh every fit
    private double clusterSeconds;

    Run(JavaSparkContext jsc, JavaRDD<Sample> data, long[] counts, long total) {
      this.jsc = jsc;
      this.data = data;
      this.counts = counts;
      this.total = total;
      this.offsets = new long[counts.length];
      for (int i = 1; i < counts.length; i++) {
        offsets[i] = offsets[i - 1] + counts[i - 1];
      }
      this.trainable = model.trainableParameters();
      checkArgument(!trainable.isEmpty(), "spark fit: the model has no trainable parameter");
      List<Parameter> all = model.parameters();
      this.trainableIndices = new int[trainable.size()];
      for (int i = 0; i < trainable.size(); i++) {
        trainableIndices[i] = all.indexOf(trainable.get(i));
      }
      checkArgument(model.network().state().isEmpty(), "spark fit: the model has layer state that training updates "
          + "(batch normalization's running statistics), which data-parallel steps cannot keep consistent; use "
          + "layer normalization instead");
      try {
        this.modelFile = jsc.broadcast(ModelFile.encode(model));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      if (regularizer != null) {
        penaltyNode = regularizer.penalty(model.network());
        penaltyGradients = Gradients.gradients(penaltyNode, trainable);
        List<Node> outs = new ArrayList<>(penaltyGradients);
        outs.add(0, penaltyNode);
        penalty = Program.compile(outs);
      } else {
        penaltyNode = null;
        penaltyGradients = null;
        penalty = null;
      }
    }

    History run() {
      try {
        return mode == Mode.LOCAL_STEPS ? runLocal() : runSteps();
      } finally {
        modelFile.destroy();
      }
    }

    // ---- full batch and mini-batches: one update on the driver per step ----

    private History runSteps() {
      if (mode == Mode.FULL_BATCH) {
        Worker w = newWorker();
        boolean noise = w.hasNoise();
        Worker.giveBack(key + "-driver", w);
        checkArgument(!noise, "spark fit: the model draws dropout masks, which make the full-batch objective "
            + "random (L-BFGS's line search needs one function); use miniBatch or localSteps, or no dropout");
      }
      long perEpoch = mode == Mode.FULL_BATCH ? 1 : Math.max(1, (total + batchSize - 1) / batchSize);
      int epochs = iterations;
      long planned = perEpoch * epochs;
      Optimizer.State state = optimizer.start(trainable);
      double q = Double.NaN;
      long step = 0;
      List<Tensor> beforePrevious = null;
      String stop = "completed " + epochs + (mode == Mode.FULL_BATCH ? " iterations" : " epochs");
      for (int e = 0; e < epochs; e++) {
        long started = System.nanoTime();
        double epochCluster = clusterSeconds;
        double lossSum = 0;
        double dataSum = 0;
        long rowsSeen = 0;
        double rate = Double.NaN;
        for (long j = 0; j < perEpoch; j++) {
          rate = rates.rate(optimizer.learningRate(), new Schedule.Clock(step, e, perEpoch, planned));
          checkArgument(rate > 0 && Double.isFinite(rate), "spark fit: the schedule gave learning rate %s at step %s",
              Double.valueOf(rate), Long.valueOf(step));
          List<Tensor> before = values();
          ClusterObjective objective = new ClusterObjective(e, j, step);
          Objective.Evaluation ev;
          try {
            ev = state.step(objective, rate);
          } catch (NonFinite ex) {
            // as on one machine: a non-finite first evaluation means the step before made the weights bad, and it
            // is undone (the fit's first step: the weights came in bad, and stay as they came)
            boolean undo = objective.evaluations <= 1 && beforePrevious != null;
            restore(undo ? beforePrevious : before);
            long at = undo ? step : step + 1;
            String why = "diverged at step " + at + ": " + ex.getMessage() + (undo ? " after it" : "")
                + "; the model keeps the weights from before step " + at;
            hooks.stop(history, why);
            throw hooks.diverged("spark fit: " + why, at, history);
          }
          String bad = nonFiniteWeight();
          if (bad != null) {
            restore(before);
            String why = "diverged at step " + (step + 1) + ": it made " + bad + " non-finite; the model keeps the "
                + "weights from before step " + (step + 1);
            hooks.stop(history, why);
            throw hooks.diverged("spark fit: " + why, step + 1, history);
          }
          beforePrevious = before;
          step++;
          q = Double.isNaN(q) ? ev.loss() : 0.98 * q + 0.02 * ev.loss();
          hooks.addStep(history, ev.loss(), q, rate);
          lossSum += ev.loss() * objective.firstRows;
          dataSum += objective.firstDataLoss * objective.firstRows;
          rowsSeen += objective.firstRows;
          for (Callback c : callbacks) {
            c.onStep(step, ev.loss());
          }
        }
        Map<String, Double> row = new LinkedHashMap<>();
        row.put("loss", dataSum / rowsSeen);
        row.put("objective", lossSum / rowsSeen);
        row.put("lr", rate);
        row.put("seconds", (System.nanoTime() - started) / 1e9);
        row.put("cluster_seconds", clusterSeconds - epochCluster);
        hooks.addEpoch(history, row);
        rates.epochEnded(e, row.get("loss"));
        report(e + 1, epochs, row, perEpoch);
        boolean halt = false;
        for (Callback c : callbacks) {
          halt |= c.onEpochEnd(e + 1, history);
        }
        if (halt) {
          stop = "a callback stopped training after epoch " + (e + 1);
          break;
        }
      }
      hooks.stop(history, stop);
      return history;
    }

    /** The loss of the step's batch across the cluster at the parameters' current values, plus the regularizer. */
    private final class ClusterObjective implements Objective {
      private final int epoch;
      private final long slice;
      private final long step;
      int evaluations;
      double firstDataLoss = Double.NaN;
      long firstRows;

      ClusterObjective(int epoch, long slice, long step) {
        this.epoch = epoch;
        this.slice = slice;
        this.step = step;
      }

      @Override
      public List<Parameter> parameters() {
        return trainable;
      }

      @Override
      public Evaluation evaluate() {
        evaluations++;
        Partial p = aggregate(true);
        double dataLoss = p.loss / p.rows;
        if (evaluations == 1) {
          firstDataLoss = dataLoss;
          firstRows = p.rows;
        }
        double value = dataLoss;
        Results reg = penalty == null ? null : penalty.run();
        if (reg != null) {
          value += reg.scalar(penaltyNode);
        }
        List<MutableTensor> grads = new ArrayList<>(trainable.size());
        int at = 0;
        for (int i = 0; i < trainable.size(); i++) {
          Parameter t = trainable.get(i);
          double[] g = new double[t.shape().size()];
          Tensor pg = reg == null ? null : reg.get(penaltyGradients.get(i));
          for (int k = 0; k < g.length; k++) {
            g[k] = p.gradient[at + k] / p.rows + (pg == null ? 0 : pg.size() == 1 ? pg.item() : pg.at(k));
          }
          at += g.length;
          grads.add(MutableTensor.copyOf(Tensor.of(t.shape(), g)));
        }
        if (!Double.isFinite(value)) {
          throw new NonFinite("the loss is " + value);
        }
        for (int i = 0; i < grads.size(); i++) {
          Tensor g = grads.get(i).snapshot();
          for (int k = 0; k < g.size(); k++) {
            if (!Double.isFinite(g.at(k))) {
              throw new NonFinite("the gradient of " + trainable.get(i).label() + " is " + g.at(k));
            }
          }
        }
        clipping.apply(grads);
        return new Evaluation(value, grads);
      }

      @Override
      public double loss() {
        Partial p = aggregate(false);
        double value = p.loss / p.rows;
        if (penalty != null) {
          value += penalty.run().scalar(penaltyNode);
        }
        return value;
      }

      private Partial aggregate(boolean gradients) {
        long started = System.nanoTime();
        Broadcast<double[]> weights = jsc.broadcast(Worker.flatten(trainable));
        try {
          Job job = new Job(key, modelFile, trainableIndices, loss, weights, gradients, mode == Mode.FULL_BATCH,
              epoch, slice, offsets, total, batchSize, seed, step);
          return data.mapPartitionsWithIndex(job::evaluate, true).treeReduce(Partial::merge, treeDepth);
        } finally {
          weights.destroy();
          clusterSeconds += (System.nanoTime() - started) / 1e9;
        }
      }
    }

    // ---- local steps: k steps per partition, then the weights averaged ----

    private History runLocal() {
      checkArgument(optimizer instanceof Serializable, "spark fit: local steps run the optimizer on the executors, "
          + "so it must be Serializable (the built-in first-order rules are); %s is not", optimizer.name());
      long planned = (long) iterations * localSteps;
      String stop = "completed " + iterations + " rounds";
      double q = Double.NaN;
      for (int round = 0; round < iterations; round++) {
        long started = System.nanoTime();
        double rate = rates.rate(optimizer.learningRate(),
            new Schedule.Clock((long) round * localSteps, round, localSteps, planned));
        checkArgument(rate > 0 && Double.isFinite(rate), "spark fit: the schedule gave learning rate %s in round %s",
            Double.valueOf(rate), Integer.valueOf(round + 1));
        Broadcast<double[]> weights = jsc.broadcast(Worker.flatten(trainable));
        Partial p;
        long clusterStart = System.nanoTime();
        try {
          LocalJob job = new LocalJob(key, modelFile, trainableIndices, loss, weights,
              optimizer.withLearningRate(rate), regularizer, localSteps, batchSize, seed, round);
          p = data.mapPartitionsWithIndex(job::run, true).treeReduce(Partial::merge, treeDepth);
        } finally {
          weights.destroy();
        }
        double cluster = (System.nanoTime() - clusterStart) / 1e9;
        clusterSeconds += cluster;
        double meanLoss = p.loss / p.rows;
        double[] averaged = new double[p.weights.length];
        for (int i = 0; i < averaged.length; i++) {
          averaged[i] = p.weights[i] / p.rows;
          if (!Double.isFinite(averaged[i]) || !Double.isFinite(meanLoss)) {
            String why = "diverged in round " + (round + 1) + ": non-finite weights or loss " + meanLoss
                + "; the model keeps the weights from before the round";
            hooks.stop(history, why);
            throw hooks.diverged("spark fit: " + why, (long) (round + 1) * localSteps, history);
          }
        }
        Worker.unflatten(trainable, averaged);
        q = Double.isNaN(q) ? meanLoss : 0.98 * q + 0.02 * meanLoss;
        hooks.addStep(history, meanLoss, q, rate);
        for (Callback c : callbacks) {
          c.onStep((long) (round + 1) * localSteps, meanLoss);
        }
        Map<String, Double> row = new LinkedHashMap<>();
        row.put("loss", meanLoss);
        row.put("lr", rate);
        row.put("seconds", (System.nanoTime() - started) / 1e9);
        row.put("cluster_seconds", cluster);
        hooks.addEpoch(history, row);
        rates.epochEnded(round, meanLoss);
        report(round + 1, iterations, row, 1);
        boolean halt = false;
        for (Callback c : callbacks) {
          halt |= c.onEpochEnd(round + 1, history);
        }
        if (halt) {
          stop = "a callback stopped training after round " + (round + 1);
          break;
        }
      }
      hooks.stop(history, stop);
      return history;
    }

    // ---- helpers ----

    private Worker newWorker() {
      try {
        return Worker.borrow(key + "-driver", modelFile.value(), trainableIndices, loss);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    private void report(int done, int of, Map<String, Double> row, long steps) {
      if (progress == null) {
        return;
      }
      String unit = mode == Mode.FULL_BATCH ? "iteration" : mode == Mode.MINI_BATCH ? "epoch" : "round";
      progress.printf(Locale.ROOT, "%s %d/%d  loss %.6g  %s%.3f s on the cluster%s%n", unit, done, of,
          row.get("loss"), steps > 1 ? steps + " steps, " : "", row.get("cluster_seconds"),
          steps > 1 ? String.format(Locale.ROOT, " (%.1f ms a step)", 1000 * row.get("cluster_seconds") / steps) : "");
    }

    private List<Tensor> values() {
      List<Tensor> out = new ArrayList<>(trainable.size());
      for (Parameter p : trainable) {
        out.add(p.value());
      }
      return out;
    }

    private void restore(List<Tensor> before) {
      for (int i = 0; i < trainable.size(); i++) {
        trainable.get(i).set(before.get(i));
      }
    }

    private String nonFiniteWeight() {
      for (Parameter p : trainable) {
        if (!p.isFinite()) {
          return p.label();
        }
      }
      return null;
    }
  }

  /** A non-finite loss or gradient from the cluster, caught by the loop. */
  private static final class NonFinite extends RuntimeException {
    private static final long serialVersionUID = 1L;

    NonFinite(String message) {
      super(message, null, false, false);
    }
  }

  /**
   * What a task of a step computes: its partition's share of the step's batch (all its rows in full-batch mode), at
   * the broadcast weights. In mini-batch mode an epoch orders all rows by a seeded permutation of their global
   * positions (partition offset plus position in the partition), an affine map {@code g -> (a g + c) mod N} with
   * {@code a} prime to {@code N}; step {@code j} takes the rows the permutation puts in {@code [j B, (j + 1) B)}: every
   * row once per epoch, every step {@code B} rows (the last the rest), drawn across the partitions.
   */
  private record Job(String key, Broadcast<byte[]> modelFile, int[] trainableIndices, Loss loss,
      Broadcast<double[]> weights, boolean gradients, boolean all, int epoch, long slice, long[] offsets, long total,
      int batchSize, long seed, long step) implements Serializable {
    Iterator<Partial> evaluate(Integer partition, Iterator<Sample> rows) throws IOException {
      List<Sample> batch;
      if (all) {
        batch = new ArrayList<>();
        rows.forEachRemaining(batch::add);
      } else {
        Slices slices = Slices.of(key, partition, rows, epoch, offsets[partition], total, batchSize, seed);
        batch = slices.step(slice);
      }
      Worker w = Worker.borrow(key, modelFile.value(), trainableIndices, loss);
      try {
        w.setWeights(weights.value());
        Partial p = w.evaluate(batch, gradients, new Random(mix(seed, step, partition)));
        if (p.gradient == null && gradients) {
          p.gradient = new double[w.weightCount()];
        }
        return List.of(p).iterator();
      } finally {
        Worker.giveBack(key, w);
      }
    }
  }

  /** What a task of a local-steps round computes: {@code steps} optimizer steps on its partition's rows. */
  private record LocalJob(String key, Broadcast<byte[]> modelFile, int[] trainableIndices, Loss loss,
      Broadcast<double[]> weights, Optimizer optimizer, Regularizer regularizer, int steps, int batchSize, long seed,
      int round) implements Serializable {
    Iterator<Partial> run(Integer partition, Iterator<Sample> rows) throws IOException {
      List<Sample> mine = new ArrayList<>();
      rows.forEachRemaining(mine::add);
      Partial p = new Partial();
      if (mine.isEmpty()) {
        return List.of(p).iterator();
      }
      Worker w = Worker.borrow(key, modelFile.value(), trainableIndices, loss);
      try {
        w.setWeights(weights.value());
        double[][] x = new double[mine.size()][];
        double[][] t = new double[mine.size()][];
        for (int i = 0; i < x.length; i++) {
          x[i] = mine.get(i).features();
          t[i] = mine.get(i).target();
        }
        int perEpoch = (x.length + batchSize - 1) / batchSize;
        Trainer.Builder b = Trainer.builder(w.model).loss(loss).optimizer(optimizer).batchSize(batchSize)
            .epochs((steps + perEpoch - 1) / perEpoch).seed(mix(seed, round, partition))
            .stopWhen(StopRule.maxSteps(steps));
        if (regularizer != null) {
          b.regularizer(regularizer);
        }
        History h = b.build().fit(Dataset.of(x, t));
        List<Double> losses = h.stepLosses();
        double mean = 0;
        for (double l : losses) {
          mean += l;
        }
        p.loss = mean / losses.size() * x.length;
        p.rows = x.length;
        double[] end = w.weights();
        for (int i = 0; i < end.length; i++) {
          end[i] *= x.length;
        }
        p.weights = end;
        return List.of(p).iterator();
      } finally {
        Worker.giveBack(key, w);
      }
    }
  }

  static long mix(long seed, long a, long b) {
    long h = seed * 0x9E3779B97F4A7C15L + a;
    h = (h ^ (h >>> 29)) * 0xBF58476D1CE4E5B9L + b;
    return h ^ (h >>> 32);
  }

  /** Settings; {@link #build} checks them. */
  public static final class Builder {
    private final Model model;
    private Loss loss;
    private Optimizer optimizer;
    private Regularizer regularizer;
    private Schedule schedule = Schedule.constant();
    private Clipping clipping = Clipping.none();
    private final List<Callback> callbacks = new ArrayList<>();
    private PrintStream progress;
    private long seed = 1;
    private Mode mode;
    private int iterations;
    private int batchSize;
    private int localSteps;
    private String featuresColumn = "features";
    private String targetColumn = "label";
    private int treeDepth = 2;

    private Builder(Model model) {
      this.model = model;
    }

    /** The loss; it travels to the executors, so it must be {@link Serializable} (the built-in losses are). */
    public Builder loss(Loss l) {
      this.loss = checkNotNull(l, "spark trainer: loss is null");
      checkArgument(l instanceof Serializable, "spark trainer: the loss %s travels to the executors and must be "
          + "Serializable (the built-in losses are; implement Loss and Serializable)", l.name());
      return this;
    }

    public Builder optimizer(Optimizer o) {
      this.optimizer = checkNotNull(o, "spark trainer: optimizer is null");
      return this;
    }

    public Builder regularizer(Regularizer r) {
      this.regularizer = checkNotNull(r, "spark trainer: regularizer is null");
      return this;
    }

    public Builder schedule(Schedule s) {
      this.schedule = checkNotNull(s, "spark trainer: schedule is null");
      return this;
    }

    public Builder clipping(Clipping c) {
      this.clipping = checkNotNull(c, "spark trainer: clipping is null");
      return this;
    }

    public Builder callback(Callback c) {
      callbacks.add(checkNotNull(c, "spark trainer: callback is null"));
      return this;
    }

    /** Prints a line per iteration, epoch or round: the loss and the time spent in Spark jobs. */
    public Builder progress(PrintStream out) {
      this.progress = checkNotNull(out, "spark trainer: progress stream is null");
      return this;
    }

    /** The seed of mini-batch order, dropout masks and local steps (same seed, same data: the same fit). */
    public Builder seed(long s) {
      this.seed = s;
      return this;
    }

    /** Full-batch mode: {@code iterations} optimizer steps on the whole data (L-BFGS or gradient descent). */
    public Builder fullBatch(int iterations) {
      checkArgument(iterations > 0, "spark trainer: fullBatch: iterations must be positive, got %s", iterations);
      this.mode = Mode.FULL_BATCH;
      this.iterations = iterations;
      return this;
    }

    /** Synchronous mini-batch mode: {@code epochs} passes in steps of about {@code batchSize} rows. */
    public Builder miniBatch(int batchSize, int epochs) {
      checkArgument(batchSize > 0, "spark trainer: miniBatch: batch size must be positive, got %s", batchSize);
      checkArgument(epochs > 0, "spark trainer: miniBatch: epochs must be positive, got %s", epochs);
      this.mode = Mode.MINI_BATCH;
      this.batchSize = batchSize;
      this.iterations = epochs;
      return this;
    }

    /**
     * Local-steps mode: {@code rounds} rounds of {@code steps} optimizer steps per partition on its own batches of
     * {@code batchSize} rows, then the weights averaged.
     */
    public Builder localSteps(int steps, int rounds, int batchSize) {
      checkArgument(steps > 0, "spark trainer: localSteps: steps must be positive, got %s", steps);
      checkArgument(rounds > 0, "spark trainer: localSteps: rounds must be positive, got %s", rounds);
      checkArgument(batchSize > 0, "spark trainer: localSteps: batch size must be positive, got %s", batchSize);
      this.mode = Mode.LOCAL_STEPS;
      this.localSteps = steps;
      this.iterations = rounds;
      this.batchSize = batchSize;
      return this;
    }

    /** The DataFrame columns of features (default {@code features}) and targets (default {@code label}). */
    public Builder columns(String features, String target) {
      checkArgument(features != null && !features.isBlank(), "spark trainer: features column is empty");
      checkArgument(target != null && !target.isBlank(), "spark trainer: target column is empty");
      this.featuresColumn = features;
      this.targetColumn = target;
      return this;
    }

    /** The depth of {@code treeReduce} (default 2). */
    public Builder treeDepth(int depth) {
      checkArgument(depth >= 1, "spark trainer: tree depth must be at least 1, got %s", depth);
      this.treeDepth = depth;
      return this;
    }

    public SparkTrainer build() {
      checkArgument(loss != null, "spark trainer: loss(...) was not given");
      checkArgument(optimizer != null, "spark trainer: optimizer(...) was not given");
      checkArgument(mode != null, "spark trainer: choose fullBatch(...), miniBatch(...) or localSteps(...)");
      boolean secondOrder = optimizer instanceof dev.autodiff.nn.optim.Lbfgs
          || optimizer instanceof dev.autodiff.nn.optim.Newton;
      checkArgument(!secondOrder || mode == Mode.FULL_BATCH, "spark trainer: %s needs the same function at every "
          + "evaluation: use it with fullBatch(...), and a first-order rule with miniBatch or localSteps",
          optimizer.name());
      checkArgument(clipping == Clipping.none() || !secondOrder, "spark trainer: %s with clipping: a clipped "
          + "gradient is not the slope its line search needs; leave clipping to the first-order rules",
          optimizer.name());
      checkArgument(clipping == Clipping.none() || mode != Mode.LOCAL_STEPS, "spark trainer: clipping applies to "
          + "the driver's update, and local steps update on the executors: use miniBatch(...) to clip");
      return new SparkTrainer(this);
    }
  }
}
