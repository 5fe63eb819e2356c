package dev.autodiff.nn.train;

import static com.google.common.base.Preconditions.checkArgument;

import dev.autodiff.core.graph.Parameter;
import dev.autodiff.core.tensor.Tensor;
import dev.autodiff.nn.optim.Objective;
import dev.autodiff.nn.optim.Schedule;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * The loop of a training run: epochs of (shuffled) batches, each a {@link TrainingStep} taken by the optimizer's
 * state at the rate the schedule gives, guarded against divergence, then the layers' state updated; after each epoch
 * the validation, the history row, the stop rules, early stopping and the callbacks.
 */
final class TrainingLoop {
  private final TrainingSettings s;
  private final IntFunction<TrainingStep> steps;
  private final Evaluator evaluator;

  TrainingLoop(TrainingSettings s, IntFunction<TrainingStep> steps, Evaluator evaluator) {
    this.s = s;
    this.steps = steps;
    this.evaluator = evaluator;
  }

  History run(Dataset train, TrainingRun run) {
    History history = new History();
    long maxSteps = Long.MAX_VALUE;
    for (StopRule r : s.stopRules()) {
      if (r instanceof StopRule.MaxSteps m) {
        maxSteps = Math.min(maxSteps, m.limit());
      }
    }
    int n = train.size();
    long perEpoch = (n + s.batchSize() - 1) / s.batchSize();
    // every batch size the run will see gets its graph now, so a size a layer refuses (a batch norm's training
    // batch of one row) fails before the first step, not in the middle of the run
    steps.apply(Math.min(n, s.batchSize()));
    if (n > s.batchSize() && n % s.batchSize() != 0) {
      steps.apply(n % s.batchSize());
    }
    if (run.planned < 0) {
      run.planned = Math.max(1, Math.min(maxSteps, perEpoch * s.epochs()));
    }
    long total = run.planned;
    DivergenceGuard guard = new DivergenceGuard(run.trainable, run.optimizer);
    if (run.early == null && s.patience() > 0) {
      run.early = new EarlyStopping(s.patience(), s.minDelta());
    }
    EarlyStopping early = run.early;
    double q = Double.NaN;
    double previousLoss = Double.NaN;
    String stop = null;
    long stepsThisRun = 0;
    TrainingStep last = null;
    for (int e = 0; e < s.epochs() && stop == null; e++) {
      long started = System.nanoTime();
      List<Tensor> epochStart = s.stopRules().isEmpty() ? null : values(run.trainable);
      int[] order = s.shuffle() ? Dataset.permutation(n, run.shuffleRandom) : null;
      double lossSum = 0;
      double rate = Double.NaN;
      double[] metricSums = new double[s.metrics().size()];
      int seen = 0;
      Progress bar = s.progress() == null ? null
          : new Progress(s.progress(), s.verbosity(), e + 1, s.epochs(), n);
      for (int start = 0; start < n; start += s.batchSize()) {
        int end = Math.min(n, start + s.batchSize());
        run.checkFlags();
        TrainingStep step = steps.apply(end - start);
        feed(step, train, order, start, end, run);
        rate = run.schedule.rate(s.optimizer().learningRate(),
            new Schedule.Clock(run.step, run.epoch, perEpoch, total));
        if (!(rate > 0 && Double.isFinite(rate))) {  // no boxing of the arguments on the good path
          throw new IllegalArgumentException("fit: the schedule gave learning rate " + rate + " at step " + run.step);
        }
        guard.remember(stepsThisRun == 0);
        Objective.Evaluation ev;
        try {
          ev = run.optimizer.step(step, rate);
        } catch (TrainingStep.NonFinite ex) {
          if (ex.why != null) {  // a non-finite gradient, caught before any rule folded it into its state
            throw diverged(history, run, run.step + 1, ex.why);
          }
          // nothing moved yet: the step before made the weights bad, and is undone (the run's first step: the
          // weights came in bad, and stay as they came)
          boolean undone = guard.undoPrevious();
          throw diverged(history, run, undone ? run.step : run.step + 1, "the loss is " + ex.loss
              + (undone ? " after it" : " at the weights the run started from"));
        } catch (ArithmeticException ex) {
          guard.undo();  // Newton's method: a Hessian that no damping makes positive definite
          throw diverged(history, run, run.step + 1, ex.getMessage());
        } catch (RuntimeException ex) {
          guard.undo();
          throw ex;
        }
        String bad = guard.nonFinite(ev);
        if (bad != null) {
          guard.undo();
          throw diverged(history, run, run.step + 1, bad);
        }
        last = step;
        step.applyStateUpdates();
        run.step++;
        stepsThisRun++;
        q = Double.isNaN(q) ? ev.loss() : s.smoothing() * ev.loss() + (1 - s.smoothing()) * q;
        history.addStep(ev.loss(), q, rate);
        lossSum += step.first.scalar(step.dataLoss) * (end - start);
        if (!s.metrics().isEmpty()) {
          Tensor p = step.first.get(step.prediction).snapshot();
          Tensor targets = step.targets();
          for (int i = 0; i < s.metrics().size(); i++) {
            metricSums[i] += s.metrics().get(i).compute(p, targets) * (end - start);
          }
        }
        for (Callback c : s.callbacks()) {
          c.onStep(run.step, ev.loss());
        }
        seen = end;
        if (bar != null) {
          bar.update(end, lossSum / end);
        }
        if (stepsThisRun >= maxSteps) {
          stop = "reached " + maxSteps + " steps";
          break;
        }
      }
      // the epoch's averages cover the samples seen (all of them, unless a step limit ended it early)
      Map<String, Double> row = new LinkedHashMap<>();
      row.put("loss", lossSum / seen);
      for (int i = 0; i < s.metrics().size(); i++) {
        row.put(s.metrics().get(i).name(), metricSums[i] / seen);
      }
      double monitored = row.get("loss");
      if (s.validation() != null) {
        for (Map.Entry<String, Double> v : evaluator.evaluate(s.validation()).entrySet()) {
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
      run.schedule.epochEnded(run.epoch, monitored);
      run.epoch++;
      double change = epochStart == null ? Double.NaN : distance(epochStart, values(run.trainable));
      StopRule.State state = new StopRule.State(e + 1, stepsThisRun, row.get("loss"), previousLoss, change);
      previousLoss = row.get("loss");
      for (StopRule r : s.stopRules()) {
        String why = r.check(state);
        if (why != null && stop == null) {
          stop = why;
        }
      }
      if (early != null) {
        String why = early.update(e + 1, monitored, s.validation() != null ? "val_loss" : "loss", s.model(), history);
        stop = stop == null ? why : stop;
      }
      for (Callback c : s.callbacks()) {
        if (c.onEpochEnd(e + 1, history) && stop == null) {
          stop = "stopped by a callback";
        }
      }
    }
    // early stopping puts back the best epoch's weights, whether it stopped the run or the run ended first
    int restored = early == null ? -1 : early.restoreBest(s.model());
    if (restored < 0 && last != null && stepsThisRun > 0) {
      // the last step's result is checked too: the loss at the final weights, on the last batch
      double end = last.lossNow();
      if (!Double.isFinite(end)) {
        guard.undo();
        throw diverged(history, run, run.step, "the loss is " + end + " after it");
      }
    }
    String reason = stop != null ? stop : "reached " + s.epochs() + " epochs";
    if (restored >= 0 && !reason.startsWith("early stopping")) {
      reason += "; restored the weights of epoch " + restored + ", the best";
    }
    history.stop(reason);
    return history;
  }

  private static TrainingDivergedException diverged(History history, TrainingRun run, long step, String why) {
    run.diverged = true;
    history.stop("diverged at step " + step + ": " + why);
    return new TrainingDivergedException("training diverged at step " + step + " (epoch " + (run.epoch + 1) + "): "
        + why + "; the model keeps the weights from before step " + step, step, history);
  }

  /** Feeds the batch {@code [start, end)} of the epoch's order to {@code step}. */
  private void feed(TrainingStep step, Dataset train, int[] order, int start, int end, TrainingRun run) {
    boolean reuse = !run.optimizer.keepsGradients();
    boolean whole = order == null && start == 0 && end == train.size();
    if (s.augmentation() == null) {
      if (whole) {
        step.prepare(train, run.noiseRandom, run.step, reuse);
        return;
      }
      // inputs and targets reach only this step's program (metrics take a copy): gathered into its buffers
      step.prepareRows(train, rows(order, start, end), run.noiseRandom, run.step, reuse);
      return;
    }
    Dataset batch = whole ? train : train.rows(rows(order, start, end));
    Tensor changed = s.augmentation().apply(batch.inputs(), run.noiseRandom);
    checkArgument(changed != null && changed.shape().equals(batch.inputs().shape()),
        "fit: the augmentation must return inputs of shape %s", batch.inputs().shape());
    step.prepare(Dataset.of(changed, batch.targets()), run.noiseRandom, run.step, reuse);
  }

  private static int[] rows(int[] order, int start, int end) {
    if (order != null) {
      return Arrays.copyOfRange(order, start, end);
    }
    int[] r = new int[end - start];
    for (int i = 0; i < r.length; i++) {
      r[i] = start + i;
    }
    return r;
  }

  private static List<Tensor> values(List<Parameter> ps) {
    return ps.stream().map(Parameter::value).toList();
  }

  private static double distance(List<Tensor> a, List<Tensor> b) {
    double sum = 0;
    for (int i = 0; i < a.size(); i++) {
      for (int k = 0; k < a.get(i).size(); k++) {
        double d = a.get(i).at(k) - b.get(i).at(k);
        sum += d * d;
      }
    }
    return Math.sqrt(sum);
  }
}
