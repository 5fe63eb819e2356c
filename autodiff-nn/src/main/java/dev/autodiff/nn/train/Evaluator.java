package dev.autodiff.nn.train;

import static com.google.common.base.Preconditions.checkArgument;
import static dev.autodiff.core.Require.checkNotNull;

import dev.autodiff.core.exec.Feeds;
import dev.autodiff.core.exec.Program;
import dev.autodiff.core.exec.Results;
import dev.autodiff.core.graph.Input;
import dev.autodiff.core.graph.Node;
import dev.autodiff.core.tensor.Shape;
import dev.autodiff.core.tensor.Tensor;
import dev.autodiff.nn.Loss;
import dev.autodiff.nn.Model;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A model's loss and metrics on a dataset in inference mode (dropout off, running statistics in use), in batches; it
 * needs no optimizer. Graphs are built once per batch size and reused.
 */
public final class Evaluator {
  private final Model model;
  private final Loss loss;
  private final List<Metric> metrics;
  private final int batchSize;
  private final Map<Integer, Graph> graphs = new HashMap<>();

  private record Graph(Input x, Input t, Node prediction, Node dataLoss, Program program) {}

  private Evaluator(Model model, Loss loss, List<Metric> metrics, int batchSize) {
    this.model = model;
    this.loss = loss;
    this.metrics = metrics;
    this.batchSize = batchSize;
  }

  /** Evaluates {@code loss} and {@code metrics} of {@code model} in batches of {@code batchSize}. */
  public static Evaluator of(Model model, Loss loss, int batchSize, Metric... metrics) {
    checkNotNull(model, "evaluator: model is null");
    checkNotNull(loss, "evaluator: loss is null");
    checkNotNull(metrics, "evaluator: metrics are null");
    checkArgument(batchSize > 0, "evaluator: batch size must be positive, got %s", batchSize);
    for (Metric m : metrics) {
      checkNotNull(m, "evaluator: a metric is null");
    }
    checkMetrics(model, loss, List.of(metrics));
    return new Evaluator(model, loss, List.of(metrics), batchSize);
  }

  /**
   * Refuses metrics that cannot take this model's predictions and this loss's targets (MAE on a Gaussian head's
   * mean-and-spread outputs, say), by trying each on a zero batch of the right shapes before anything trains.
   */
  static void checkMetrics(Model model, Loss loss, List<Metric> metrics) {
    Tensor p = Tensor.zeros(Shape.of(2, model.outputWidth()));
    Tensor t = Tensor.zeros(Shape.of(2, loss.targetCols(model.outputWidth())));
    for (Metric m : metrics) {
      try {
        m.compute(p, t);
      } catch (RuntimeException e) {
        throw new IllegalArgumentException("metric " + m.name() + " does not fit loss " + loss.name() + ": "
            + model.outputWidth() + " outputs against " + t.cols() + " target columns (" + e + ")", e);
      }
    }
  }

  /** {@code loss} and one entry per metric, averaged over the samples of {@code data}. */
  public synchronized Map<String, Double> evaluate(Dataset data) {
    check("evaluate", model, loss, data);
    double lossSum = 0;
    double[] metricSums = new double[metrics.size()];
    for (int start = 0; start < data.size(); start += batchSize) {
      int end = Math.min(data.size(), start + batchSize);
      Dataset batch = data.range(start, end);
      Graph e = graphs.computeIfAbsent(end - start, this::build);
      Results r = e.program().run(Feeds.of(e.x(), batch.inputs()).with(e.t(), batch.targets()));
      lossSum += r.scalar(e.dataLoss()) * (end - start);
      Tensor p = r.get(e.prediction());
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

  private Graph build(int rows) {
    Model.Pass pass = model.newPass("eval-x", rows, false);
    try (dev.autodiff.core.graph.Graph.Building building = pass.input().graph().building()) {
      Input t = pass.input().graph().input(pass.context().uniqueName("targets"),
          Shape.of(rows, loss.targetCols(model.outputWidth())));
      Node dataLoss = loss.apply(pass.output(), t);
      return new Graph(pass.input(), t, pass.output(), dataLoss, Program.compile(dataLoss, pass.output()));
    }
  }

  /** A dataset the model and loss can take: widths, target columns and target values checked. */
  static void check(String what, Model model, Loss loss, Dataset data) {
    checkNotNull(data, "%s: dataset is null", what);
    checkArgument(data.inputWidth() == model.inputWidth(), "%s: the model takes %s inputs per sample, the data has %s",
        what, model.inputWidth(), data.inputWidth());
    int targetCols = loss.targetCols(model.outputWidth());
    checkArgument(data.targetWidth() == targetCols, "%s: loss %s needs %s target columns for %s outputs, the data has %s",
        what, loss.name(), targetCols, model.outputWidth(), data.targetWidth());
    loss.checkTargets(data.targets());
  }
}
