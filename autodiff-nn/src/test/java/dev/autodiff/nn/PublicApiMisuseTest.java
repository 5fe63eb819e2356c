package dev.autodiff.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autodiff.core.testing.MisuseProbe;
import dev.autodiff.core.graph.Graph;
import dev.autodiff.core.graph.Input;
import dev.autodiff.core.graph.Node;
import dev.autodiff.core.graph.Parameter;
import dev.autodiff.core.tensor.Shape;
import dev.autodiff.core.tensor.Tensor;
import dev.autodiff.nn.classic.ThresholdNeuron;
import dev.autodiff.nn.io.IoSamples;
import dev.autodiff.nn.io.LayerCodec;
import dev.autodiff.nn.io.LayerReader;
import dev.autodiff.nn.io.LayerWriter;
import dev.autodiff.nn.optim.Objective;
import dev.autodiff.nn.optim.Optimizer;
import dev.autodiff.nn.optim.Optimizers;
import dev.autodiff.nn.optim.Schedule;
import dev.autodiff.nn.train.Callback;
import dev.autodiff.nn.train.Dataset;
import dev.autodiff.nn.train.History;
import dev.autodiff.nn.train.Metric;
import dev.autodiff.nn.train.Standardizer;
import dev.autodiff.nn.train.StopRule;
import dev.autodiff.nn.train.Trainer;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.function.BiFunction;
import java.util.function.DoubleUnaryOperator;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every public method and constructor of autodiff-nn, called with a null for each reference argument, a null element
 * for each array or list, and -1 and 1,000,000 for each int or long, answers with a clear error or a result. The
 * rules are core's {@link MisuseProbe} (from core's test-jar); this class holds nn's sample table. Training methods
 * get a four-row data set, a 2-2-1 network and one epoch, so every call is quick.
 */
class PublicApiMisuseTest {
  @TempDir Path dir;

  private static final double[][] XS = {{0, 0}, {0, 1}, {1, 0}, {1, 1}};
  private static final double[][] YS = {{0}, {1}, {1}, {0}};

  private MisuseProbe probe() {
    return MisuseProbe.ofModuleOf(Model.class)
        .sample(Graph.class, s -> Graph.create())
        .sample(Parameter.class, s -> s.get(Graph.class).parameter(s.name(), Tensor.matrix(2, 2, 1, 2, 3, 4)))
        .sample(Input.class, s -> s.get(Graph.class).input(s.name(), Shape.of(2, 2)))
        .sample(Node.class, s -> s.get(Parameter.class).times(0.5))
        .sample(Tensor.class, s -> Tensor.matrix(2, 2, 0.5, 0.25, 1, 0))
        .sample(Shape.class, s -> Shape.of(2, 2))
        .sample(Random.class, s -> new Random(1))
        .sample(Model.class, s -> Mlp.builder().graph(s.get(Graph.class)).inputs(2).hidden(2, Activation.TANH)
            .outputs(1, Activation.SIGMOID).seed(1).build())
        .sample(Mlp.Builder.class, s -> Mlp.builder().graph(s.get(Graph.class)).inputs(2))
        .sample(Context.class, s -> new Context(true, s.get(Node.class), "t"))
        .sample(dev.autodiff.core.tensor.MutableTensor.class,
            s -> dev.autodiff.core.tensor.MutableTensor.copyOf(s.get(Tensor.class)))
        .sample(Model.Pass.class, s -> s.get(Model.class).newPass("p", 2, false))
        .sample(Context.Noise.class, s -> new Context.Noise(s.get(Input.class), (r, in) -> Tensor.zeros(in.shape())))
        .sample(Dense.class, s -> new Dense(s.get(Graph.class), s.name(), 2, 2, Init.xavier(), new Random(1)))
        .sample(Layer.class,
            s -> s.get(Dense.class),
            s -> Sequential.of(s.get(Dense.class), Layers.activation(Activation.TANH)),
            s -> Layers.activation(Activation.RELU),
            s -> Layers.dropout(0.5),
            s -> Layers.prelu(s.get(Graph.class), s.name(), 2, 0.25),
            s -> Layers.activityL1(0.1),
            s -> Layers.activityL2(0.1),
            s -> Layers.contractive(0.1),
            s -> s.get(BatchNorm.class),
            s -> s.get(LayerNorm.class))
        .sample(BatchNorm.class, s -> new BatchNorm(s.get(Graph.class), s.name(), 2, 0.1, 1e-5))
        .sample(LayerNorm.class, s -> new LayerNorm(s.get(Graph.class), s.name(), 2))
        .sample(Sequential.class, s -> Sequential.of(s.get(Dense.class)))
        .sample(Ensemble.class, s -> new Ensemble(2, List.of(s.get(Dense.class)), Ensemble.Combination.MEAN))
        .sample(Parallel.class, s -> Parallel.of(s.get(Dense.class)))
        .sample(dev.autodiff.core.tensor.Image.class, s -> dev.autodiff.core.tensor.Image.of(2, 2, 1))
        .sample(dev.autodiff.core.tensor.Window.class, s -> dev.autodiff.core.tensor.Window.pool(2))
        .sample(Cnn.Builder.class, s -> Cnn.builder(s.get(dev.autodiff.core.tensor.Image.class)))
        .sample(Conv2D.class, s -> new Conv2D(s.get(Graph.class), s.name(), s.get(dev.autodiff.core.tensor.Image.class),
            2, s.get(dev.autodiff.core.tensor.Window.class), Init.xavier(), new Random(1)))
        .sample(MaxPool2D.class, s -> new MaxPool2D(s.get(dev.autodiff.core.tensor.Image.class),
            s.get(dev.autodiff.core.tensor.Window.class)))
        .sample(AveragePool2D.class, s -> new AveragePool2D(s.get(dev.autodiff.core.tensor.Image.class),
            s.get(dev.autodiff.core.tensor.Window.class)))
        .sample(Flatten.class, s -> new Flatten())
        .sample(dev.autodiff.nn.onnx.OnnxExport.Precision.class, s -> dev.autodiff.nn.onnx.OnnxExport.Precision.FLOAT32)
        .exclude("OnnxProto.", "protoc's ONNX message classes: public as generated code is, in a package module-info "
            + "does not export; their null handling is protobuf's")
        .sample(dev.autodiff.nn.spark.SparkTrainer.Builder.class, s -> dev.autodiff.nn.spark.SparkTrainer
            .builder(s.get(Model.class)).loss(Losses.mse()).optimizer(Optimizers.sgd(0.1)).fullBatch(1))
        .sample(dev.autodiff.nn.spark.SparkTrainer.class, s -> s.get(dev.autodiff.nn.spark.SparkTrainer.Builder.class)
            .build())
        .exclude("SparkTrainer.fit", "needs a running Spark: SparkTrainerTest calls it on local[2], with bad rows too")
        .exclude("TrainingAccess", "the training package's internals for the Spark trainer, in a package module-info "
            + "does not export")
        .sample(NeuronView.class, s -> NeuronView.of(Mlp.builder().inputs(2).hidden(2, Activation.TANH)
            .outputs(1, Activation.SIGMOID).seed(1).build(), new double[] {1, 0}, new double[] {1}))
        .sample(NeuronView.Layer.class, s -> s.get(NeuronView.class).layers().get(0))
        .sample(Layers.PRelu.class, s -> Layers.prelu(s.get(Graph.class), s.name(), 2, 0.25))
        .sample(Layers.ActivationLayer.class, s -> new Layers.ActivationLayer(Activation.TANH))
        .sample(Layers.ActivityPenalty.class, s -> new Layers.ActivityPenalty(0.1, 1))
        .sample(Layers.Contractive.class, s -> new Layers.Contractive(0.1))
        .sample(Layers.Dropout.class, s -> new Layers.Dropout(0.5))
        .sample(Layers.ShapePreserving.class, s -> new Layers.Dropout(0.5))
        .sample(LayerCodec.class, s -> Dense.CODEC, s -> Sequential.CODEC, s -> Layers.ActivationLayer.CODEC,
            s -> Layers.Dropout.CODEC, s -> Layers.PRelu.CODEC, s -> Layers.ActivityPenalty.CODEC,
            s -> Layers.Contractive.CODEC)
        .sample(LayerWriter.class, s -> IoSamples.writer())
        .sample(LayerReader.class, s -> IoSamples.reader(s.get(Graph.class)))
        .sample(Class.class, s -> Dense.class)
        .sample(Activation.class, s -> Activation.TANH, s -> Activation.SOFTMAX, s -> Activation.sigmoid(2),
            s -> Activation.leakyRelu(0.1), s -> Activation.elu(1))
        .sample(Init.class, s -> Init.xavier(), s -> Init.he(), s -> Init.normal(0.1), s -> Init.uniform(0.1),
            s -> Init.zeros())
        .sample(Loss.class, s -> Losses.mse(), s -> Losses.mae(), s -> Losses.asymmetricSquared(1, 2),
            s -> Losses.binaryCrossEntropy(), s -> Losses.weightedBinaryCrossEntropy(2),
            s -> Losses.balancedBinaryCrossEntropy(0.5), s -> Losses.binaryCrossEntropyWithLogits(),
            s -> Losses.hinge(), s -> Losses.categoricalCrossEntropy(), s -> Losses.softmaxCrossEntropy(),
            s -> Losses.multiclassHingeMax(1), s -> Losses.multiclassHingeSum(1), s -> Losses.dice(),
            s -> Losses.jaccard(), s -> Losses.gaussianNll())
        .sample(Regularizer.class, s -> Regularizer.l2(0.01), s -> Regularizer.elasticNet(0.01, 0.01))
        .sample(Optimizer.class, s -> Optimizers.sgd(0.1), s -> Optimizers.momentum(0.1, 0.9),
            s -> Optimizers.nesterov(0.1, 0.9), s -> Optimizers.adagrad(0.1), s -> Optimizers.rmsprop(0.1),
            s -> Optimizers.adam(0.1), s -> Optimizers.adamW(0.1, 0.01), s -> Optimizers.newton(1),
            s -> Optimizers.lbfgs(1, 3))
        .sample(dev.autodiff.nn.optim.Lbfgs.class, s -> dev.autodiff.nn.optim.Lbfgs.of(1, 3))
        .sample(dev.autodiff.nn.optim.Newton.class, s -> dev.autodiff.nn.optim.Newton.of(1))
        .sample(dev.autodiff.nn.optim.Momentum.class, s -> dev.autodiff.nn.optim.Momentum.of(0.1, 0.9),
            s -> dev.autodiff.nn.optim.Momentum.nesterov(0.1, 0.9))
        .sample(Optimizer.State.class, s -> Optimizers.sgd(0.1).start(List.of(s.get(Parameter.class))),
            s -> Optimizers.lbfgs(1, 3).start(List.of(s.get(Parameter.class))),
            s -> Optimizers.nesterov(0.1, 0.9).start(List.of(s.get(Parameter.class))))
        .sample(Schedule.Clock.class, s -> new Schedule.Clock(3, 1, 2, 10))
        .sample(dev.autodiff.nn.train.Clipping.class, s -> dev.autodiff.nn.train.Clipping.none(),
            s -> dev.autodiff.nn.train.Clipping.byNorm(1), s -> dev.autodiff.nn.train.Clipping.byValue(1))
        .sample(dev.autodiff.nn.train.Reduction.class, s -> dev.autodiff.nn.train.Reduction.local())
        .sample(dev.autodiff.nn.train.Evaluator.class,
            s -> dev.autodiff.nn.train.Evaluator.of(s.get(Model.class), Losses.mse(), 4))
        .sample(Objective.class, s -> objective(s.get(Parameter.class)))
        .sample(Objective.Evaluation.class, s -> Objective.Evaluation.of(1, List.of(s.get(Tensor.class))))
        .sample(Schedule.class, s -> Schedule.constant(), s -> Schedule.step(2, 0.5),
            s -> Schedule.exponential(0.9), s -> Schedule.inverseTime(0.1), s -> Schedule.reduceOnPlateau(0.5, 2,
                1e-3, 1e-6), s -> Schedule.warmup(3), s -> Schedule.warmup(3).then(Schedule.cosine(0)),
            s -> Schedule.cosineWithRestarts(3, 2, 0), s -> Schedule.oneCycle())
        .sample(StopRule.class, s -> StopRule.maxSteps(10), s -> StopRule.lossChangeBelow(1e-6),
            s -> StopRule.weightChangeBelow(1e-6))
        .sample(StopRule.MaxSteps.class, s -> new StopRule.MaxSteps(10))
        .sample(StopRule.State.class, s -> new StopRule.State(1, 1, 0.5, 0.6, 0.1))
        .sample(Dataset.class, s -> Dataset.of(XS, YS))
        .sample(History.class, s -> s.get(Trainer.class).fit(s.get(Dataset.class)), s -> new History())
        .sample(Metric.class, s -> Metric.ACCURACY, s -> Metric.MAE)
        .sample(Standardizer.class, s -> Standardizer.fit(Tensor.matrix(XS)))
        .sample(Trainer.Builder.class, s -> trainer(s))
        .sample(Trainer.class, s -> trainer(s).build())
        .sample(ThresholdNeuron.class, s -> ThresholdNeuron.and(), s -> ThresholdNeuron.bipolar(1, 1, -1))
        .sample(dev.autodiff.nn.tensorboard.Histogram.class, s -> dev.autodiff.nn.tensorboard.Histogram.of(1, -2, 0))
        .sample(dev.autodiff.nn.tensorboard.GraphDef.class,
            s -> dev.autodiff.nn.tensorboard.GraphDef.of(List.of(s.get(Node.class)), java.util.Map.of()))
        .sample(dev.autodiff.nn.tensorboard.GraphDef.NodeDef.class,
            s -> new dev.autodiff.nn.tensorboard.GraphDef.NodeDef("a/b", "add", List.of("a"), List.of(2L, 2L)))
        .sample(dev.autodiff.nn.tensorboard.EventWriter.class, s -> tensorboard(s).writer())
        .sample(dev.autodiff.nn.tensorboard.TensorBoardCallback.class, s -> tensorboard(s))
        .sample(dev.autodiff.nn.tensorboard.EventFile.class,
            s -> dev.autodiff.nn.tensorboard.EventFile.read(tensorboard(s).file()))
        .sample(dev.autodiff.nn.tensorboard.EventFile.Scalar.class,
            s -> new dev.autodiff.nn.tensorboard.EventFile.Scalar(1, "loss", 0.5))
        .sample(dev.autodiff.nn.tensorboard.EventFile.HistogramAt.class,
            s -> new dev.autodiff.nn.tensorboard.EventFile.HistogramAt(1, "w",
                s.get(dev.autodiff.nn.tensorboard.Histogram.class)))
        .sample(java.util.Map.class, s -> java.util.Map.of())
        .sample(Long.class, s -> 2L)
        .sample(String.class, s -> s.name())
        .sample(Path.class, s -> dir.resolve(s.name() + ".model"))
        .sample(byte[].class, s -> new byte[] {1, 2, 3})
        .sample(double[].class, s -> new double[] {0.5, 0.25})
        .sample(double[][].class, s -> new double[][] {{0, 0}, {1, 1}})
        .sample(int[].class, s -> new int[] {0, 1})
        .sample(UnaryOperator.class, s -> (UnaryOperator<Node>) Node::tanh)
        .sample(BiFunction.class, s -> (BiFunction<Object, Object, Object>) (a, b) -> null)
        .sample(DoubleUnaryOperator.class, s -> (DoubleUnaryOperator) Math::tanh)
        .sample(PrintStream.class, s -> new PrintStream(OutputStream.nullOutputStream()))
        .sample(Throwable.class, s -> new java.io.IOException("cause"))
        .alias("LearningRules.trainPerceptron", "perceptron")
        // a rule made by a factory names the factory ("lossChangeBelow: state is null")
        .alias("StopRule.check", "maxSteps", "lossChangeBelow", "weightChangeBelow")
        .argumentOnly(LayerCodec.Writer.class, "implemented by callers; LayerCodec.of's codec only calls it",
            s -> (LayerCodec.Writer<Dense>) (layer, out) -> out.writeString(layer.name()))
        .argumentOnly(LayerCodec.Reader.class, "implemented by callers; LayerCodec.of's codec only calls it",
            s -> (LayerCodec.Reader<Dense>) in -> Dense.CODEC.read(in))
        .argumentOnly(Callback.class, "implemented by callers; its default methods do nothing",
            s -> new Callback() {})
        .argumentOnly(Trainer.Augmentation.class, "implemented by callers; the trainer only calls it",
            s -> (Trainer.Augmentation) (batch, random) -> batch);
  }

  /** A TensorBoard callback on the sample model and data, in a folder of its own. */
  private dev.autodiff.nn.tensorboard.TensorBoardCallback tensorboard(MisuseProbe.Samples s) throws Exception {
    return dev.autodiff.nn.tensorboard.TensorBoardCallback.open(dir.resolve("tb-" + s.name()), s.get(Model.class),
        Losses.mse(), s.get(Dataset.class));
  }

  /** A tiny trainer: the sample model, mean squared error, plain SGD, one epoch of two batches. */
  private static Trainer.Builder trainer(MisuseProbe.Samples s) {
    return Trainer.builder(s.get(Model.class)).loss(Losses.mse()).optimizer(Optimizers.sgd(0.1)).epochs(1)
        .batchSize(2).seed(1);
  }

  /** {@code sum((p - 1)^2)}, evaluated by hand: enough for one optimizer step. */
  private static Objective objective(Parameter p) {
    return new Objective() {
      @Override
      public List<Parameter> parameters() {
        return List.of(p);
      }

      @Override
      public Evaluation evaluate() {
        Tensor v = p.value();
        return Evaluation.of(v.map(x -> (x - 1) * (x - 1)).toArray().length, List.of(v.map(x -> 2 * (x - 1))));
      }

      @Override
      public Tensor hessian() {
        return Tensor.identity(4).map(x -> 2 * x);
      }
    };
  }

  @Test
  void everyPublicMemberRefusesNullsAndBadSizesClearly() throws Exception {
    MisuseProbe.Report report = probe().run();
    System.out.printf("misuse probe (nn): %d members, %d calls%n", report.members(), report.calls());
    assertEquals("", report.problems());
    assertTrue(report.members() > 80, "probed only " + report.members() + " members");
  }

  @Test
  void equalsNullIsFalse() throws Exception {
    assertEquals(List.of(), probe().equalsNullOffenders());
  }
}
