package dev.autodiff.nn.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autodiff.core.graph.Graph;
import dev.autodiff.core.graph.Node;
import dev.autodiff.core.graph.Parameter;
import dev.autodiff.core.tensor.Shape;
import dev.autodiff.core.tensor.Tensor;
import dev.autodiff.nn.Activation;
import dev.autodiff.nn.Context;
import dev.autodiff.nn.Init;
import dev.autodiff.nn.Layer;
import dev.autodiff.nn.Losses;
import dev.autodiff.nn.Mlp;
import dev.autodiff.nn.Model;
import dev.autodiff.nn.Regularizer;
import dev.autodiff.nn.optim.Objective;
import dev.autodiff.nn.optim.Optimizer;
import dev.autodiff.nn.optim.Optimizers;
import dev.autodiff.nn.optim.Schedule;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TrainerTest {
  /** y = 2 x1 - x2 + 0.5 plus a little noise. */
  static Dataset linear(int n, long seed) {
    Random r = new Random(seed);
    double[][] x = new double[n][2];
    double[][] y = new double[n][1];
    for (int i = 0; i < n; i++) {
      x[i][0] = r.nextGaussian();
      x[i][1] = r.nextGaussian();
      y[i][0] = 2 * x[i][0] - x[i][1] + 0.5 + 0.01 * r.nextGaussian();
    }
    return Dataset.of(x, y);
  }

  static Model linearModel() {
    return Mlp.builder().inputs(2).outputs(1, Activation.IDENTITY).init(Init.zeros()).build();
  }

  @Test
  void minibatchesCoverEverySampleIncludingALastPartialBatch() {
    Model m = linearModel();
    List<Long> steps = new ArrayList<>();
    History h = Trainer.builder(m).loss(Losses.mse()).optimizer(Optimizers.sgd(0.05)).batchSize(32).epochs(3)
        .callback(new Callback() {
          @Override
          public void onStep(long step, double loss) {
            steps.add(step);
          }
        }).build().fit(linear(100, 1));
    assertEquals(12, steps.size(), "4 batches per epoch (32, 32, 32, 4) for 3 epochs");
    assertEquals(12, h.stepLosses().size());
    assertEquals(3, h.epochCount());
    assertEquals("reached 3 epochs", h.stopReason());
  }

  @Test
  void fullBatchGradientDescentFitsALinearModel() {
    Model m = linearModel();
    History h = Trainer.builder(m).loss(Losses.mse()).optimizer(Optimizers.sgd(0.2)).batchSize(1000).epochs(300)
        .metrics(Metric.MAE).build().fit(linear(200, 2));
    double[] w = m.parameters().get(0).value().toArray();
    assertEquals(2.0, w[0], 0.01);
    assertEquals(-1.0, w[1], 0.01);
    assertEquals(0.5, m.parameters().get(1).value().at(0), 0.01);
    assertTrue(h.last("mae") < 0.02, h.toCsv());
    assertTrue(h.smoothedLosses().get(299) < h.smoothedLosses().get(0));
  }

  @Test
  void newtonSolvesLinearLeastSquaresInOneStepAndLbfgsInAFew() {
    Dataset data = linear(60, 12);
    Model newton = linearModel();
    History h = Trainer.builder(newton).loss(Losses.mse()).optimizer(Optimizers.newton(1)).batchSize(60).epochs(1)
        .build().fit(data);
    assertEquals(1, h.stepLosses().size());
    Model lbfgs = linearModel();
    Trainer.builder(lbfgs).loss(Losses.mse()).optimizer(Optimizers.lbfgs(1, 10)).batchSize(60).epochs(30).build()
        .fit(data);
    // One Newton step lands on the least-squares solution that 30 L-BFGS steps converge to.
    double[] w = newton.parameters().get(0).value().toArray();
    double[] v = lbfgs.parameters().get(0).value().toArray();
    assertEquals(w[0], v[0], 1e-6);
    assertEquals(w[1], v[1], 1e-6);
    assertEquals(newton.parameters().get(1).value().at(0), lbfgs.parameters().get(1).value().at(0), 1e-6);
    assertEquals(2.0, w[0], 0.01);
  }

  @Test
  void sameSeedSameWeightsBitForBit() {
    List<Tensor> runs = new ArrayList<>();
    for (int k = 0; k < 2; k++) {
      Model m = Mlp.builder().inputs(2).hidden(5, Activation.TANH, 0.2).outputs(1, Activation.IDENTITY).seed(3)
          .build();
      Trainer.builder(m).loss(Losses.mse()).optimizer(Optimizers.adam(0.01)).batchSize(8).epochs(5).seed(11).build()
          .fit(linear(50, 3));
      runs.add(m.parameters().get(0).value());
    }
    assertEquals(runs.get(0), runs.get(1));
    Model other = Mlp.builder().inputs(2).hidden(5, Activation.TANH, 0.2).outputs(1, Activation.IDENTITY).seed(3)
        .build();
    Trainer.builder(other).loss(Losses.mse()).optimizer(Optimizers.adam(0.01)).batchSize(8).epochs(5).seed(12).build()
        .fit(linear(50, 3));
    assertNotEquals(runs.get(0), other.parameters().get(0).value(), "another shuffling seed, other weights");
  }

  @Test
  void earlyStoppingRestoresTheBestWeights() {
    Dataset train = linear(20, 4);
    Dataset noisy = linear(20, 5);
    Model m = Mlp.builder().inputs(2).hidden(32, Activation.TANH).outputs(1, Activation.IDENTITY).seed(1).build();
    List<List<Tensor>> perEpoch = new ArrayList<>();
    History h = Trainer.builder(m).loss(Losses.mse()).optimizer(Optimizers.adam(0.2)).batchSize(4).epochs(200)
        .validation(noisy).earlyStopping(5, 0).callback(new Callback() {
          @Override
          public boolean onEpochEnd(int epoch, History history) {
            perEpoch.add(m.snapshot());
            return false;
          }
        }).build().fit(train);
    assertTrue(h.stopReason().startsWith("early stopping: val_loss did not improve for 5 epochs"), h.stopReason());
    int best = h.bestEpoch();
    List<Double> val = h.get("val_loss");
    assertEquals(val.stream().mapToDouble(Double::doubleValue).min().orElseThrow(), val.get(best - 1), 0.0);
    assertEquals(perEpoch.get(best - 1), m.snapshot(), "the model holds the best epoch's weights");
    assertEquals(best + 5, h.epochCount());
  }

  @Test
  void stoppingRulesOfTheLectures() {
    History steps = Trainer.builder(linearModel()).loss(Losses.mse()).optimizer(Optimizers.sgd(0.1)).batchSize(10)
        .epochs(100).stopWhen(StopRule.maxSteps(25)).build().fit(linear(100, 6));
    assertEquals("reached 25 steps", steps.stopReason());
    assertEquals(25, steps.stepLosses().size());
    History flat = Trainer.builder(linearModel()).loss(Losses.mse()).optimizer(Optimizers.sgd(0.2)).batchSize(100)
        .epochs(10_000).stopWhen(StopRule.lossChangeBelow(1e-9)).build().fit(linear(100, 6));
    assertTrue(flat.stopReason().startsWith("loss changed by less than"), flat.stopReason());
    List<Double> l = flat.get("loss");
    assertTrue(Math.abs(l.get(l.size() - 1) - l.get(l.size() - 2)) < 1e-9);
    History still = Trainer.builder(linearModel()).loss(Losses.mse()).optimizer(Optimizers.sgd(0.2)).batchSize(100)
        .epochs(10_000).stopWhen(StopRule.weightChangeBelow(1e-8)).build().fit(linear(100, 6));
    assertTrue(still.stopReason().startsWith("weights changed by less than"), still.stopReason());
    assertTrue(still.epochCount() < 10_000);
  }

  @Test
  void schedulesSetTheRateOfEachEpoch() {
    History h = Trainer.builder(linearModel()).loss(Losses.mse()).optimizer(Optimizers.sgd(0.1)).epochs(4)
        .schedule(Schedule.step(2, 0.5)).build().fit(linear(40, 7));
    assertEquals(List.of(0.1, 0.1, 0.05, 0.05), h.get("lr"));
  }

  @Test
  void divergenceStopsWithTheStepAndParameterAndKeepsTheLastGoodWeights() {
    Model m = linearModel();
    List<List<Tensor>> good = new ArrayList<>();
    TrainingDivergedException e = assertThrows(TrainingDivergedException.class,
        () -> Trainer.builder(m).loss(Losses.mse()).optimizer(Optimizers.sgd(1e3)).batchSize(100).epochs(1000)
            .callback(new Callback() {
              @Override
              public void onStep(long step, double loss) {
                good.add(m.snapshot());
              }
            }).build().fit(linear(100, 8)));
    assertTrue(e.getMessage().matches("training diverged at step \\d+ \\(epoch \\d+\\): .*"), e.getMessage());
    assertTrue(e.getMessage().contains("output.W") || e.getMessage().contains("output.b")
        || e.getMessage().contains("the loss is"), e.getMessage());
    // the failing step is the one that made the weights bad (its own loss finite, the next start's not, or its
    // gradient non-finite): the model keeps the weights from before it, which the callback saw after step - 1
    assertTrue(e.step() >= 2, e.getMessage());
    assertEquals(good.get((int) e.step() - 2), m.snapshot(), "weights from before the failing step");
    for (Tensor t : m.snapshot()) {
      assertTrue(t.isFinite());
    }
    assertTrue(e.history().stepLosses().size() >= e.step() - 1, "the history keeps every step up to it");
  }

  @Test
  void aNonFiniteGradientStopsTrainingEvenWhenTheOptimizerLeavesTheWeightsFinite() {
    Graph g = Graph.create();
    Parameter w = g.parameter("w", Tensor.zeros(Shape.of(1, 1)));
    Layer sqrtAbs = new Layer() {  // sqrt(|x w|) at w = 0: value 0, gradient inf * sign(0) = NaN
      @Override
      public Node forward(Node x, Context ctx) {
        return x.matmul(w).abs().sqrt();
      }

      @Override
      public List<Parameter> parameters() {
        return List.of(w);
      }

      @Override
      public int outputWidth(int inputWidth) {
        return 1;
      }

      @Override
      public String describe() {
        return "sqrt |x w|";
      }
    };
    Optimizer standStill = new Optimizer() {  // evaluates, moves nothing: the weights stay finite
      @Override
      public String name() {
        return "stand-still";
      }

      @Override
      public double learningRate() {
        return 1;
      }

      @Override
      public Optimizer withLearningRate(double rate) {
        return this;
      }

      @Override
      public Optimizer withWeightDecay(double lambda, dev.autodiff.nn.optim.WeightDecay form) {
        return this;
      }

      @Override
      public Optimizer.State start(List<dev.autodiff.core.graph.Parameter> parameters) {
        return new Optimizer.State() {
          @Override
          public Objective.Evaluation step(Objective objective, double learningRate) {
            return objective.evaluate();
          }

          @Override
          public long steps() {
            return 0;
          }
        };
      }
    };
    Model m = new Model(g, sqrtAbs, 1);
    TrainingDivergedException e = assertThrows(TrainingDivergedException.class,
        () -> Trainer.builder(m).loss(Losses.mse()).optimizer(standStill).batchSize(2).epochs(3).build()
            .fit(Dataset.of(new double[][] {{1}, {2}}, new double[][] {{1}, {1}})));
    assertTrue(e.getMessage().contains("the gradient of parameter w is NaN"), e.getMessage());
  }

  @Test
  void validationMetricsAndCsvAndProgress() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    Dataset.Split parts = linear(120, 9).validationSplit(0.25, 1);
    assertEquals(90, parts.train().size());
    assertEquals(30, parts.validation().size());
    History h = Trainer.builder(linearModel()).loss(Losses.mse()).optimizer(Optimizers.adam(0.05)).epochs(3)
        .validation(parts.validation()).metrics(Metric.MAE)
        .progress(new PrintStream(bytes, true, StandardCharsets.UTF_8))
        .regularizer(Regularizer.l2(1e-3)).build().fit(parts.train());
    assertEquals(List.of("loss", "mae", "val_loss", "val_mae", "lr", "seconds"), h.metrics());
    String csv = h.toCsv();
    assertTrue(csv.startsWith("epoch,loss,mae,val_loss,val_mae,lr,seconds\n1,"), csv);
    assertEquals(4, csv.lines().count());
    String log = bytes.toString(StandardCharsets.UTF_8);
    assertTrue(log.contains("epoch 3/3 - 90/90 - "), log);
    assertTrue(log.contains(" - val_loss "), log);
  }

  @Test
  void badInputIsRejectedBeforeTraining() {
    Model m = linearModel();
    Trainer t = Trainer.builder(m).loss(Losses.mse()).optimizer(Optimizers.sgd(0.1)).build();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> t.fit(Dataset.of(new double[][] {{1, 2, 3}}, new double[][] {{1}})));
    assertTrue(e.getMessage().contains("the model takes 2 inputs per sample, the data has 3"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> Dataset.of(new double[][] {{1, Double.NaN}}, new double[][] {{1}}));
    assertTrue(e.getMessage().contains("input row 0, column 1 is NaN"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> Dataset.of(new double[][] {{1, 2}}, new double[][] {{Double.POSITIVE_INFINITY}}));
    assertTrue(e.getMessage().contains("target row 0, column 0 is Infinity"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Dataset.of(new double[0][], new double[0][]));
    e = assertThrows(IllegalArgumentException.class, () -> Dataset.oneHot(new int[] {0, 3, 1}, 3));
    assertTrue(e.getMessage().contains("label 3 of sample 1 is outside 0..2"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Trainer.builder(m).batchSize(0));
    assertThrows(IllegalArgumentException.class, () -> Trainer.builder(m).epochs(-1));
    Model classifier = Mlp.builder().inputs(2).outputs(1, Activation.SIGMOID).build();
    Trainer bce = Trainer.builder(classifier).loss(Losses.binaryCrossEntropy()).optimizer(Optimizers.sgd(0.1)).build();
    e = assertThrows(IllegalArgumentException.class,
        () -> bce.fit(Dataset.of(new double[][] {{1, 2}, {3, 4}}, new double[][] {{1}, {3}})));
    assertTrue(e.getMessage().contains("targets must be in [0, 1]; row 1 has 3.0"), e.getMessage());
    assertThrows(IllegalStateException.class, () -> Trainer.builder(m).loss(Losses.mse()).build());
  }

  @Test
  void augmentationChangesTrainingInputsOnly() {
    List<Double> seen = new ArrayList<>();
    Model m = linearModel();
    Trainer t = Trainer.builder(m).loss(Losses.mse()).optimizer(Optimizers.sgd(0.01)).batchSize(10).epochs(1)
        .shuffle(false).augment((x, r) -> {
          seen.add(x.at(0));
          return x.map(v -> v + 100);
        }).build();
    Dataset data = linear(20, 13);
    t.fit(data);
    assertEquals(List.of(data.inputs().get(0, 0), data.inputs().get(10, 0)), seen, "called once per batch");
    // Trained on inputs shifted by 100, the model is far off on the originals.
    assertTrue(t.evaluate(data).get("loss") > 1);
    Trainer bad = Trainer.builder(m).loss(Losses.mse()).optimizer(Optimizers.sgd(0.01)).batchSize(10).epochs(1)
        .augment((x, r) -> Tensor.zeros(dev.autodiff.core.tensor.Shape.of(1, 1))).build();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> bad.fit(data));
    assertTrue(e.getMessage().contains("the augmentation must return inputs of shape 10x2"), e.getMessage());
  }

  @Test
  void standardizationIsFittedOnTrainingDataOnly() {
    Tensor train = Tensor.matrix(4, 2, 1, 10, 2, 10, 3, 10, 4, 10);
    Standardizer s = Standardizer.fit(train);
    Tensor z = s.apply(train);
    assertEquals(0.0, z.get(0, 0) + z.get(1, 0) + z.get(2, 0) + z.get(3, 0), 1e-12);
    assertEquals(0.0, z.get(0, 1), 0.0, "a constant column becomes 0");
    Tensor test = s.apply(Tensor.matrix(1, 2, 5, 10));
    assertEquals((5 - 2.5) / Math.sqrt(1.25), test.get(0, 0), 1e-12);
    assertThrows(IllegalArgumentException.class, () -> s.apply(Tensor.matrix(1, 3, 1, 2, 3)));
  }
}
