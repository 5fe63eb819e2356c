package dev.autodiff.nn.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autodiff.core.graph.Parameter;
import dev.autodiff.core.tensor.Tensor;
import dev.autodiff.nn.Activation;
import dev.autodiff.nn.Init;
import dev.autodiff.nn.Losses;
import dev.autodiff.nn.Mlp;
import dev.autodiff.nn.Model;
import dev.autodiff.nn.optim.Objective;
import dev.autodiff.nn.optim.Optimizer;
import dev.autodiff.nn.optim.Optimizers;
import dev.autodiff.nn.optim.WeightDecay;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Reproducers of the reliability issue's training items, each failing on the trainer before its fix. */
class DivergenceTest {
  /** MLP 1-1 identity from zeros, SGD lr 1, x = t = 1e150: one step gives finite weights 2e300, 2e150. */
  private static Model overflowing() {
    return Mlp.builder().inputs(1).outputs(1, Activation.IDENTITY).init(Init.zeros()).build();
  }

  private static final Dataset HUGE = Dataset.of(new double[][] {{1e150}}, new double[][] {{1e150}});

  @Test
  void theLastStepsResultIsChecked() {
    // item 10: the weights stay finite but the model outputs infinity; fit returned normally before
    Model m = overflowing();
    TrainingDivergedException e = assertThrows(TrainingDivergedException.class,
        () -> Trainer.builder(m).loss(Losses.mse()).optimizer(Optimizers.sgd(1)).batchSize(1).epochs(1).build()
            .fit(HUGE));
    assertEquals(1, e.step());
    assertTrue(e.getMessage().contains("the loss is Infinity after it"), e.getMessage());
    for (Parameter p : m.parameters()) {
      assertEquals(0.0, p.value().at(0), "the weights from before step 1: " + p.label());
    }
  }

  @Test
  void aStepWhoseStartIsNonFiniteUndoesTheStepThatMadeIt() {
    // two epochs: step 2 starts from the bad weights of step 1, finds its loss infinite before moving anything
    Model m = overflowing();
    TrainingDivergedException e = assertThrows(TrainingDivergedException.class,
        () -> Trainer.builder(m).loss(Losses.mse()).optimizer(Optimizers.adam(1e140)).batchSize(1).epochs(3)
            .build().fit(Dataset.of(new double[][] {{1e150}}, new double[][] {{1}})));
    assertEquals(1, e.step(), e.getMessage());
    for (Parameter p : m.parameters()) {
      assertEquals(0.0, p.value().at(0), "reverted to the weights from before step 1: " + p.label());
    }
  }

  @Test
  void aRuleThatGivesUpIsADivergenceWithTheWeightsKept() {
    // item 7: Newton's "the Hessian could not be made positive definite" escaped as a bare ArithmeticException
    Optimizer givesUp = new Optimizer() {
      @Override
      public String name() {
        return "gives-up";
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
      public Optimizer withWeightDecay(double lambda, WeightDecay form) {
        return this;
      }

      @Override
      public Optimizer.State start(List<Parameter> ps) {
        return new Optimizer.State() {
          @Override
          public Objective.Evaluation step(Objective f, double rate) {
            Objective.Evaluation e = f.evaluate();
            ps.get(0).set(Tensor.matrix(1, 1, 42));  // moved, then gave up
            throw new ArithmeticException("newton: the Hessian could not be made positive definite");
          }

          @Override
          public long steps() {
            return 0;
          }
        };
      }
    };
    Model m = overflowing();
    TrainingDivergedException e = assertThrows(TrainingDivergedException.class,
        () -> Trainer.builder(m).loss(Losses.mse()).optimizer(givesUp).epochs(1).build()
            .fit(Dataset.of(new double[][] {{1}}, new double[][] {{1}})));
    assertTrue(e.getMessage().contains("could not be made positive definite"), e.getMessage());
    assertEquals(0.0, m.parameters().get(0).value().at(0), "the move before giving up is undone");
  }

  @Test
  void aModelIsFittedByOneTrainerAtATime() throws Exception {
    // item 5: two trainers on one model at once were accepted, and the weights differed between identical runs.
    // The second fit starts from a callback of the first, so the overlap is certain, not a matter of timing.
    Model m = Mlp.builder().inputs(2).outputs(1, Activation.IDENTITY).build();
    Trainer other = Trainer.builder(m).loss(Losses.mse()).optimizer(Optimizers.sgd(0.1)).epochs(1).build();
    Dataset data = TrainerTest.linear(8, 1);
    IllegalStateException[] seen = new IllegalStateException[1];
    Trainer.builder(m).loss(Losses.mse()).optimizer(Optimizers.sgd(0.1)).epochs(1).callback(new Callback() {
      @Override
      public void onStep(long step, double loss) {
        Thread t = new Thread(() -> {
          try {
            other.fit(data);
          } catch (IllegalStateException e) {
            seen[0] = e;
          }
        });
        t.start();
        try {
          t.join();
        } catch (InterruptedException e) {
          throw new AssertionError(e);
        }
      }
    }).build().fit(data);
    assertTrue(seen[0] != null && seen[0].getMessage().contains("being fitted by another trainer"),
        String.valueOf(seen[0]));
    other.fit(data);  // once the first fit is over, the model is free again
  }

  @Test
  void aNonFiniteGradientNeverReachesTheRuleAndTheRunCannotBeResumed() {
    // review: Adam folded a NaN gradient into its moments before the guard undid the weights, and resume went on
    // with the poisoned state. sqrt(|w x|) at w = 0 has an infinite derivative with a finite loss.
    dev.autodiff.core.graph.Graph g = dev.autodiff.core.graph.Graph.create();
    dev.autodiff.core.graph.Parameter w = g.parameter("w", Tensor.zeros(dev.autodiff.core.tensor.Shape.of(1, 1)));
    dev.autodiff.nn.Layer sqrtAbs = new dev.autodiff.nn.Layers.ShapePreserving() {
      @Override
      public dev.autodiff.core.graph.Node forward(dev.autodiff.core.graph.Node x, dev.autodiff.nn.Context ctx) {
        return x.matmul(w).abs().sqrt();
      }

      @Override
      public List<Parameter> parameters() {
        return List.of(w);
      }

      @Override
      public String describe() {
        return "sqrt abs";
      }
    };
    Model m = new Model(g, sqrtAbs, 1);
    Trainer t = Trainer.builder(m).loss(Losses.mse()).optimizer(Optimizers.adam(0.1)).epochs(2).build();
    TrainingDivergedException e = assertThrows(TrainingDivergedException.class,
        () -> t.fit(Dataset.of(new double[][] {{1}}, new double[][] {{1}})));
    assertTrue(e.getMessage().contains("the gradient of parameter w"), e.getMessage());
    assertEquals(0.0, w.value().at(0), "nothing moved");
    IllegalStateException r = assertThrows(IllegalStateException.class,
        () -> t.resume(Dataset.of(new double[][] {{1}}, new double[][] {{1}})));
    assertTrue(r.getMessage().contains("the last run diverged"), r.getMessage());
  }

  @Test
  void aBatchSizeALayerRefusesFailsBeforeTheFirstStep() {
    // review: 33 samples in batches of 32 ran one step, then the batch norm refused the last batch of one row
    dev.autodiff.core.graph.Graph g = dev.autodiff.core.graph.Graph.create();
    Model m = new Model(g, dev.autodiff.nn.Sequential.of(new dev.autodiff.nn.BatchNorm(g, "bn", 2),
        new dev.autodiff.nn.Dense(g, "d", 2, 1, Init.zeros(), new java.util.Random(1))), 2);
    List<Tensor> before = m.snapshot();
    assertThrows(IllegalArgumentException.class, () -> Trainer.builder(m).loss(Losses.mse())
        .optimizer(Optimizers.sgd(0.1)).batchSize(32).epochs(1).build().fit(TrainerTest.linear(33, 2)));
    assertEquals(before, m.snapshot(), "no step was taken");
  }

  @Test
  void clippingIsRefusedForLineSearchRules() {
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> Trainer.builder(overflowing())
        .loss(Losses.mse()).optimizer(Optimizers.lbfgs(1, 3)).clipping(Clipping.byNorm(1)).build());
    assertTrue(e.getMessage().contains("line search"), e.getMessage());
  }

  @Test
  void aMetricThatDoesNotFitTheLossIsRefusedAtBuild() {
    // item 8: gaussianNll (mean and spread per target) with MAE failed inside fit with IndexOutOfBounds
    Model m = Mlp.builder().inputs(1).outputs(2, Activation.IDENTITY).build();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Trainer.builder(m).loss(Losses.gaussianNll()).optimizer(Optimizers.sgd(0.1)).metrics(Metric.MAE)
            .build());
    assertTrue(e.getMessage().contains("metric mae does not fit loss"), e.getMessage());
  }
}
