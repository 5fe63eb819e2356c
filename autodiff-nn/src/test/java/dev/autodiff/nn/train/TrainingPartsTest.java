package dev.autodiff.nn.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autodiff.core.graph.Graph;
import dev.autodiff.core.graph.Node;
import dev.autodiff.core.graph.Parameter;
import dev.autodiff.core.tensor.Axis;
import dev.autodiff.core.tensor.Shape;
import dev.autodiff.core.tensor.Tensor;
import dev.autodiff.nn.Activation;
import dev.autodiff.nn.Context;
import dev.autodiff.nn.Dense;
import dev.autodiff.nn.Init;
import dev.autodiff.nn.Layer;
import dev.autodiff.nn.Losses;
import dev.autodiff.nn.Mlp;
import dev.autodiff.nn.Model;
import dev.autodiff.nn.Sequential;
import dev.autodiff.nn.optim.Optimizers;
import dev.autodiff.nn.optim.Schedule;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The training loop's parts: fresh runs and resumed ones, per-step schedules, clipping, freezing, layer state. */
class TrainingPartsTest {
  private static Model mlp(long seed) {
    return Mlp.builder().inputs(2).hidden(4, Activation.TANH).outputs(1, Activation.IDENTITY).seed(seed).build();
  }

  private static List<Tensor> weights(Model m) {
    return m.parameters().stream().map(Parameter::value).toList();
  }

  @Test
  void fittingTwiceGivesWhatFittingOnceFromScratchGives() {
    // the issue's bug: the second fit started from the first fit's decayed rate, with Adam's moments carried over
    Dataset data = TrainerTest.linear(50, 3);
    Model m = mlp(7);
    List<Tensor> start = weights(m);
    Trainer t = Trainer.builder(m).loss(Losses.mse()).optimizer(Optimizers.adam(0.05))
        .schedule(Schedule.step(1, 0.5)).batchSize(16).epochs(3).seed(2).build();
    History first = t.fit(data);
    List<Tensor> afterFirst = weights(m);
    m.restore(start);
    History second = t.fit(data);
    assertEquals(first.get("lr"), second.get("lr"));
    assertEquals(List.of(0.05, 0.025, 0.0125), second.get("lr"));
    assertEquals(first.stepLosses(), second.stepLosses());
    assertEquals(afterFirst, weights(m), "bit for bit");
  }

  @Test
  void resumingContinuesTheRunAsOneLongerFit() {
    Dataset data = TrainerTest.linear(50, 3);
    Model once = mlp(7);
    Model twice = mlp(7);
    Trainer.Builder b = Trainer.builder(once).loss(Losses.mse()).optimizer(Optimizers.adam(0.05))
        .schedule(Schedule.step(1, 0.5)).batchSize(16).seed(2);
    History all = b.epochs(4).build().fit(data);
    Trainer t = Trainer.builder(twice).loss(Losses.mse()).optimizer(Optimizers.adam(0.05))
        .schedule(Schedule.step(1, 0.5)).batchSize(16).seed(2).epochs(2).build();
    History h1 = t.fit(data);
    History h2 = t.resume(data);
    assertEquals(all.get("lr").subList(2, 4), h2.get("lr"), "the schedule's clock went on");
    List<Double> steps = new ArrayList<>(h1.stepLosses());
    steps.addAll(h2.stepLosses());
    assertEquals(all.stepLosses(), steps, "Adam's moments and the shuffling went on");
    assertEquals(weights(once), weights(twice));
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> Trainer.builder(mlp(1)).loss(Losses.mse()).optimizer(Optimizers.sgd(0.1)).build().resume(data));
    assertTrue(e.getMessage().contains("call fit first"), e.getMessage());
  }

  @Test
  void resumingWithDropoutDrawsTheSameMasksAsOneLongerFit() {
    // the dropout masks come from the run's seeded stream; checking the final weights must not draw from it
    Dataset data = TrainerTest.linear(48, 3);
    Model once = Mlp.builder().inputs(2).hidden(6, Activation.TANH, 0.3).outputs(1, Activation.IDENTITY).seed(5)
        .build();
    Model twice = Mlp.builder().inputs(2).hidden(6, Activation.TANH, 0.3).outputs(1, Activation.IDENTITY).seed(5)
        .build();
    Trainer.builder(once).loss(Losses.mse()).optimizer(Optimizers.adam(0.02)).batchSize(16).seed(4).epochs(4)
        .build().fit(data);
    Trainer t = Trainer.builder(twice).loss(Losses.mse()).optimizer(Optimizers.adam(0.02)).batchSize(16).seed(4)
        .epochs(2).build();
    t.fit(data);
    t.resume(data);
    assertEquals(weights(once), weights(twice));
  }

  @Test
  void aResumedRunKeepsItsSchedulesPlan() {
    // review: resume re-planned the run's length, so a finished cosine jumped back up (31x)
    Dataset data = TrainerTest.linear(40, 5);
    Trainer t = Trainer.builder(mlp(3)).loss(Losses.mse()).optimizer(Optimizers.sgd(0.1)).batchSize(10).epochs(5)
        .schedule(Schedule.warmup(2).then(Schedule.cosine(1e-4))).build();
    History fit = t.fit(data);
    History more = t.resume(data);
    double end = fit.stepRates().get(fit.stepRates().size() - 1);
    assertTrue(end < 1e-3, "the cosine ends near its minimum: " + end);
    for (double r : more.stepRates()) {
      assertEquals(1e-4, r, 1e-12, "past its plan, the schedule stays at its end");
    }
  }

  @Test
  void freezingDuringARunIsRefusedAtTheNextStep() {
    // review: a freeze from a callback was silently ignored until the next fit
    Model m = mlp(2);
    Dense hidden = (Dense) ((Sequential) m.network()).layers().get(0);
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> Trainer.builder(m).loss(Losses.mse())
        .optimizer(Optimizers.sgd(0.1)).batchSize(10).epochs(3).callback(new Callback() {
          @Override
          public boolean onEpochEnd(int epoch, History history) {
            m.freeze(hidden);
            return false;
          }
        }).build().fit(TrainerTest.linear(40, 5)));
    assertTrue(e.getMessage().contains("frozen during the run"), e.getMessage());
  }

  @Test
  void theHistoryRecordsTheRateEveryStepUsed() {
    Dataset data = TrainerTest.linear(40, 5);
    History h = Trainer.builder(mlp(3)).loss(Losses.mse()).optimizer(Optimizers.sgd(0.1)).batchSize(10).epochs(3)
        .schedule(Schedule.warmup(4).then(Schedule.cosine(0.01))).build().fit(data);
    List<Double> rates = h.stepRates();
    assertEquals(12, rates.size());
    // by hand: warm-up 0.1 (k+1)/4 for k < 4, then cosine over the 8 steps left
    for (int k = 0; k < 12; k++) {
      double want = k < 4 ? 0.1 * (k + 1) / 4 : 0.01 + 0.09 * (1 + Math.cos(Math.PI * (k - 4) / 8.0)) / 2;
      assertEquals(want, rates.get(k), 1e-15, "step " + k);
    }
    assertEquals(List.of(rates.get(3), rates.get(7), rates.get(11)), h.get("lr"), "lr: each epoch's last step");
  }

  @Test
  void clippingByNormBoundsEveryStep() {
    // one linear unit, SGD: each step moves the weights by eta * g, and g is clipped to norm 0.01
    Dataset data = TrainerTest.linear(20, 9);
    Model m = TrainerTest.linearModel();
    List<List<Tensor>> seen = new ArrayList<>();
    seen.add(weights(m));
    Trainer.builder(m).loss(Losses.mse()).optimizer(Optimizers.sgd(0.5)).batchSize(20).epochs(5)
        .clipping(Clipping.byNorm(0.01)).callback(new Callback() {
          @Override
          public void onStep(long step, double loss) {
            seen.add(weights(m));
          }
        }).build().fit(data);
    for (int s = 1; s < seen.size(); s++) {
      double d2 = 0;
      for (int p = 0; p < seen.get(s).size(); p++) {
        for (int k = 0; k < seen.get(s).get(p).size(); k++) {
          double d = seen.get(s).get(p).at(k) - seen.get(s - 1).get(p).at(k);
          d2 += d * d;
        }
      }
      // far from the minimum the raw gradient is ~4: clipped, every step is 0.5 * 0.01 long
      assertEquals(0.005, Math.sqrt(d2), 1e-8, "step " + s);
    }
  }

  @Test
  void frozenLayersStayBitIdenticalAndCountAsNonTrainable() {
    Model m = mlp(11);
    Sequential net = (Sequential) m.network();
    Dense hidden = (Dense) net.layers().get(0);
    Dense output = (Dense) net.layers().get(net.layers().size() - 1);
    m.freeze(hidden);
    assertEquals(2 * 4 + 4, m.nonTrainableParameterCount());
    assertEquals(4 + 1, m.trainableParameterCount());
    Tensor hiddenBefore = hidden.weights().value();
    Tensor outputBefore = output.weights().value();
    Trainer t = Trainer.builder(m).loss(Losses.mse()).optimizer(Optimizers.adam(0.05)).epochs(3).build();
    t.fit(TrainerTest.linear(30, 1));
    assertEquals(hiddenBefore, hidden.weights().value());
    assertNotEquals(outputBefore, output.weights().value());
    m.unfreeze(hidden);
    assertEquals(m.parameterCount(), m.trainableParameterCount());
    assertThrows(IllegalStateException.class, () -> t.resume(TrainerTest.linear(30, 1)),
        "the trainable set changed: resuming that run would be wrong");
    t.fit(TrainerTest.linear(30, 1));
    assertNotEquals(hiddenBefore, hidden.weights().value());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.freeze(mlp(1).network()));
    assertTrue(e.getMessage().contains("not part of this model"), e.getMessage());
  }

  @Test
  void theSummaryIsKerasLike() {
    Model m = Mlp.builder().inputs(2).hidden(2, Activation.SIGMOID).outputs(1, Activation.SIGMOID).build();
    String s = m.summary();
    assertEquals(String.join("\n",
        "Model: 2 inputs -> 1 outputs",
        "__________________________________________________",
        " Layer (type)               Output Shape  Param #",
        "==================================================",
        " hidden1 (Dense)            (None, 2)     6      ",
        " activation (Activation)    (None, 2)     0      ",
        " output (Dense)             (None, 1)     3      ",
        " activation_1 (Activation)  (None, 1)     0      ",
        "==================================================",
        "Total params: 9",
        "Trainable params: 9",
        "Non-trainable params: 0",
        "__________________________________________________", ""), s);
  }

  /** A layer with state: the running mean of its inputs, updated by each training step (momentum 0.5). */
  static final class RunningMean implements Layer {
    final Parameter mean;

    RunningMean(Graph g, int width) {
      mean = g.parameter("mean", Tensor.zeros(Shape.of(1, width)));
      mean.setTrainable(false);
    }

    @Override
    public Node forward(Node x, Context ctx) {
      if (ctx.training()) {
        ctx.addStateUpdate(mean, mean.times(0.5).plus(x.mean(Axis.ROWS).times(0.5)));
      }
      return x;
    }

    @Override
    public List<Parameter> parameters() {
      return List.of();
    }

    @Override
    public List<Parameter> state() {
      return List.of(mean);
    }

    @Override
    public int outputWidth(int inputWidth) {
      return inputWidth;
    }

    @Override
    public String describe() {
      return "running mean";
    }
  }

  @Test
  void theStepUpdatesLayerStateAfterEveryStep() {
    Graph g = Graph.create();
    RunningMean probe = new RunningMean(g, 2);
    Dense d = new Dense(g, "d", 2, 1, Init.zeros(), new Random(1));
    Model m = new Model(g, Sequential.of(probe, d), 2);
    Dataset data = Dataset.of(new double[][] {{1, 2}, {3, 4}, {5, 6}, {7, 8}}, new double[][] {{0}, {0}, {0}, {0}});
    Trainer.builder(m).loss(Losses.mse()).optimizer(Optimizers.sgd(0.1)).batchSize(2).shuffle(false).epochs(1)
        .build().fit(data);
    // by hand: batch means (2, 3) then (6, 7): 0.5 (0.5 * 0 + 0.5 (2, 3)) + 0.5 (6, 7) = (3.5, 4.25)
    assertEquals(Tensor.row(3.5, 4.25), probe.mean.value());
    assertEquals(List.of(probe.mean), m.state());
    assertEquals(2, m.nonTrainableParameterCount());
    assertFalse(m.trainableParameters().contains(probe.mean));
  }

  @Test
  void batchNormKeepsRunningStatisticsUnderTheTrainer() {
    // the issue's bug: under the old trainer a batch norm's running statistics stayed at 0 and 1. Full batches
    // without shuffling: every step sees the data's own mean m and unbiased variance v, so after k steps with
    // momentum 0.1 the running mean is (1 - 0.9^k) m and the running variance 0.9^k + (1 - 0.9^k) v, by hand
    Graph g = Graph.create();
    dev.autodiff.nn.BatchNorm bn = new dev.autodiff.nn.BatchNorm(g, "bn", 2);
    Dense d = new Dense(g, "d", 2, 1, Init.zeros(), new Random(1));
    Model m = new Model(g, Sequential.of(bn, d), 2);
    double[][] x = {{5, -1}, {7, 0}, {9, 4}, {3, 1}};
    Dataset data = Dataset.of(x, new double[][] {{1}, {0}, {1}, {0}});
    int k = 6;
    Trainer.builder(m).loss(Losses.mse()).optimizer(Optimizers.sgd(0.1)).batchSize(4).shuffle(false).epochs(k)
        .build().fit(data);
    double decay = Math.pow(0.9, k);
    double[] mean = {6, 1};
    double[] var = {(1 + 1 + 9 + 9) / 3.0, (4 + 1 + 9 + 0) / 3.0};
    for (int c = 0; c < 2; c++) {
      assertEquals((1 - decay) * mean[c], bn.runningMean().value().at(c), 1e-12, "running mean " + c);
      assertEquals(decay + (1 - decay) * var[c], bn.runningVar().value().at(c), 1e-12, "running variance " + c);
    }
    assertEquals(4, m.nonTrainableParameterCount(), "running mean and variance");
    assertEquals(2 + 2 + 2 + 1, m.trainableParameterCount(), "gamma, beta, d.W, d.b");
  }

  @Test
  void progressIsALiveLineOnlyWhenAskedOrOnATerminal() {
    for (Verbosity v : Verbosity.values()) {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      Trainer.builder(mlp(1)).loss(Losses.mse()).optimizer(Optimizers.sgd(0.1)).epochs(2)
          .progress(new PrintStream(bytes, true, StandardCharsets.UTF_8), v).build().fit(TrainerTest.linear(20, 1));
      String log = bytes.toString(StandardCharsets.UTF_8);
      switch (v) {
        case SILENT -> assertEquals("", log);
        case LIVE -> assertTrue(log.contains("\r") && log.contains("epoch 2/2 - 20/20"), log);
        // not the console: AUTO is one line per epoch, like EPOCH
        case EPOCH, AUTO -> assertEquals(2, log.lines().count(), log);
      }
      if (v == Verbosity.EPOCH || v == Verbosity.AUTO) {
        assertFalse(log.contains("\r"), v + ": a carriage return in a log file");
      }
    }
  }

  @Test
  void evaluatingNeedsOnlyALossAndMetrics() {
    Model m = TrainerTest.linearModel();
    var result = Evaluator.of(m, Losses.mse(), 7, Metric.MAE).evaluate(TrainerTest.linear(20, 2));
    // zero weights predict 0: the loss is the mean of y^2 and the MAE the mean |y|, computed here directly
    Dataset d = TrainerTest.linear(20, 2);
    double mse = 0;
    double mae = 0;
    for (int i = 0; i < 20; i++) {
      double y = d.targets().at(i);
      mse += y * y / 20;
      mae += Math.abs(y) / 20;
    }
    assertEquals(mse, result.get("loss"), 1e-12);
    assertEquals(mae, result.get("mae"), 1e-12);
  }
}
