package dev.autodiff.nn.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autodiff.core.graph.Parameter;
import dev.autodiff.core.tensor.Tensor;
import dev.autodiff.nn.Activation;
import dev.autodiff.nn.Losses;
import dev.autodiff.nn.Mlp;
import dev.autodiff.nn.Model;
import dev.autodiff.nn.Regularizer;
import dev.autodiff.nn.optim.Optimizer;
import dev.autodiff.nn.optim.Optimizers;
import dev.autodiff.nn.train.Dataset;
import dev.autodiff.nn.train.History;
import dev.autodiff.nn.train.Trainer;
import dev.autodiff.nn.train.TrainingDivergedException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Spark trainer on a real {@code local[2]} Spark (one session for the class: starting one takes seconds), against
 * the single-machine trainer on the same data.
 */
class SparkTrainerTest {
  private static SparkSession spark;
  private static JavaSparkContext jsc;

  @BeforeAll
  static void start() {
    spark = SparkSession.builder().master("local[2, 3]").appName("autodiff-test")
        .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "2")
        .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1").getOrCreate();
    jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    jsc.setLogLevel("ERROR");
  }

  @AfterAll
  static void stop() {
    if (spark != null) {
      spark.stop();
    }
  }

  /** Two Gaussian blobs per class in 2-D, three classes (seeded), as samples with one-hot targets. */
  static List<Sample> blobs(int n, long seed) {
    Random r = new Random(seed);
    List<Sample> out = new ArrayList<>();
    double[][] centers = {{-2, 0}, {2, 0}, {0, 2.5}};
    for (int i = 0; i < n; i++) {
      int c = i % 3;
      double[] x = {centers[c][0] + r.nextGaussian(), centers[c][1] + r.nextGaussian()};
      double[] t = new double[3];
      t[c] = 1;
      out.add(new Sample(x, t));
    }
    return out;
  }

  static Dataset local(List<Sample> samples) {
    double[][] x = new double[samples.size()][];
    double[][] t = new double[samples.size()][];
    for (int i = 0; i < x.length; i++) {
      x[i] = samples.get(i).features();
      t[i] = samples.get(i).target();
    }
    return Dataset.of(x, t);
  }

  static Model mlp(long seed) {
    return Mlp.builder().inputs(2).hidden(8, Activation.TANH).outputs(3, Activation.IDENTITY).seed(seed).build();
  }

  @Test
  void fullBatchReachesTheSingleMachinesWeights() {
    List<Sample> data = blobs(300, 1);
    for (Optimizer o : List.of(Optimizers.sgd(0.5), Optimizers.lbfgs(1, 5))) {
      Model ours = mlp(3);
      Model single = mlp(3);
      History h = SparkTrainer.builder(ours).loss(Losses.softmaxCrossEntropy()).optimizer(o)
          .regularizer(Regularizer.l2(1e-3)).fullBatch(15).build().fit(jsc.parallelize(data, 3));
      Trainer.builder(single).loss(Losses.softmaxCrossEntropy()).optimizer(o).regularizer(Regularizer.l2(1e-3))
          .batchSize(data.size()).epochs(15).shuffle(false).build().fit(local(data));
      assertEquals(15, h.epochCount());
      List<Parameter> a = ours.parameters();
      List<Parameter> b = single.parameters();
      for (int i = 0; i < a.size(); i++) {
        Tensor x = a.get(i).value();
        Tensor y = b.get(i).value();
        for (int k = 0; k < x.size(); k++) {
          // the same sums in another order: equal to rounding
          assertEquals(y.at(k), x.at(k), 1e-9 * Math.max(1, Math.abs(y.at(k))), o.name() + " " + a.get(i).label());
        }
      }
      // and training did move them
      assertTrue(h.get("loss").get(14) < h.get("loss").get(0), o.name() + ": " + h.get("loss"));
    }
  }

  @Test
  void miniBatchesTrainToTheSingleMachinesAccuracy() {
    List<Sample> train = blobs(600, 2);
    List<Sample> test = blobs(300, 3);
    Model ours = mlp(5);
    Model single = mlp(5);
    SparkTrainer.builder(ours).loss(Losses.softmaxCrossEntropy()).optimizer(Optimizers.adam(0.02))
        .miniBatch(32, 8).seed(4).build().fit(jsc.parallelize(train, 2));
    Trainer.builder(single).loss(Losses.softmaxCrossEntropy()).optimizer(Optimizers.adam(0.02)).batchSize(32)
        .epochs(8).seed(4).build().fit(local(train));
    double a = accuracy(ours, test);
    double b = accuracy(single, test);
    assertTrue(a > 0.85 && Math.abs(a - b) <= 0.02, "spark " + a + ", single machine " + b);
  }

  @Test
  void localStepsAverageTheWeightsAndTrain() {
    List<Sample> train = blobs(600, 6);
    Model ours = mlp(7);
    double before = accuracy(ours, train);
    History h = SparkTrainer.builder(ours).loss(Losses.softmaxCrossEntropy()).optimizer(Optimizers.adam(0.02))
        .localSteps(10, 6, 32).seed(8).build().fit(jsc.parallelize(train, 2));
    assertEquals(6, h.epochCount());
    assertTrue(accuracy(ours, train) > Math.max(0.85, before), "accuracy " + accuracy(ours, train));
  }

  @Test
  void aDataFrameWithClassIndicesTrainsLikeItsSamples() {
    List<Sample> data = blobs(150, 9);
    List<Row> rows = new ArrayList<>();
    for (Sample s : data) {
      int c = s.target()[1] == 1 ? 1 : s.target()[2] == 1 ? 2 : 0;
      rows.add(RowFactory.create(List.of(s.features()[0], s.features()[1]).toArray(new Double[0]), (double) c));
    }
    StructType schema = new StructType().add("x", DataTypes.createArrayType(DataTypes.DoubleType))
        .add("y", DataTypes.DoubleType);
    org.apache.spark.sql.Dataset<Row> df = spark.createDataFrame(rows, schema).repartition(2);
    Model a = mlp(11);
    Model b = mlp(11);
    SparkTrainer.builder(a).loss(Losses.softmaxCrossEntropy()).optimizer(Optimizers.sgd(0.5)).columns("x", "y")
        .fullBatch(5).build().fit(df);
    SparkTrainer.builder(b).loss(Losses.softmaxCrossEntropy()).optimizer(Optimizers.sgd(0.5)).fullBatch(5).build()
        .fit(jsc.parallelize(data, 2));
    for (int i = 0; i < a.parameters().size(); i++) {
      Tensor x = a.parameters().get(i).value();
      Tensor y = b.parameters().get(i).value();
      for (int k = 0; k < x.size(); k++) {
        assertEquals(y.at(k), x.at(k), 1e-12);
      }
    }
  }

  @Test
  void badRowsAreNamedBeforeTraining() {
    List<Sample> data = new ArrayList<>(blobs(20, 12));
    data.set(13, new Sample(new double[] {1, Double.NaN}, new double[] {1, 0, 0}));
    Model m = mlp(1);
    Tensor w = m.parameters().get(0).value();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SparkTrainer.builder(m)
        .loss(Losses.softmaxCrossEntropy()).optimizer(Optimizers.sgd(0.1)).fullBatch(2).build()
        .fit(jsc.parallelize(data, 2)));
    // 20 rows in 2 partitions: row 13 is the 4th of the second
    assertEquals("spark fit: partition 1, row 3: column 'features' has NaN at position 1", e.getMessage());
    assertEquals(w, m.parameters().get(0).value());
    List<Row> rows = List.of(RowFactory.create(new Double[] {1.0, 2.0, 3.0}, 0.0));
    StructType schema = new StructType().add("features", DataTypes.createArrayType(DataTypes.DoubleType))
        .add("label", DataTypes.DoubleType);
    e = assertThrows(IllegalArgumentException.class, () -> SparkTrainer.builder(m)
        .loss(Losses.softmaxCrossEntropy()).optimizer(Optimizers.sgd(0.1)).fullBatch(2).build()
        .fit(spark.createDataFrame(rows, schema)));
    assertTrue(e.getMessage().endsWith("row 0: column 'features' has 3 values, the model takes 2"), e.getMessage());
    List<Row> labels = List.of(RowFactory.create(new Double[] {1.0, 2.0}, 3.0));
    e = assertThrows(IllegalArgumentException.class, () -> SparkTrainer.builder(m)
        .loss(Losses.softmaxCrossEntropy()).optimizer(Optimizers.sgd(0.1)).fullBatch(2).build()
        .fit(spark.createDataFrame(labels, schema)));
    assertTrue(e.getMessage().endsWith("column 'label' holds 3.0, not a class index in [0, 3) for the loss's 3 "
        + "columns"), e.getMessage());
  }

  @Test
  void aDivergingFitStopsAsOnOneMachineWithTheLastGoodWeights() {
    List<Sample> data = blobs(60, 13);
    Model m = mlp(2);
    TrainingDivergedException e = assertThrows(TrainingDivergedException.class, () -> SparkTrainer.builder(m)
        .loss(Losses.mse()).optimizer(Optimizers.sgd(1e6)).fullBatch(50).build().fit(jsc.parallelize(data, 2)));
    assertTrue(e.getMessage().startsWith("spark fit: diverged at step " + e.step()), e.getMessage());
    for (Parameter p : m.parameters()) {
      assertTrue(p.isFinite(), p.label());
    }
    assertTrue(e.history().stopReason().startsWith("diverged at step"), e.history().stopReason());
    // as on one machine: the weights kept give a finite loss (the step that made them bad was undone)
    double loss = 0;
    for (Sample s : data) {
      double[] y = m.predict(s.features());
      for (int k = 0; k < y.length; k++) {
        loss += (y[k] - s.target()[k]) * (y[k] - s.target()[k]);
      }
    }
    assertTrue(Double.isFinite(loss), "loss at the kept weights " + loss);
    Model single = mlp(2);
    TrainingDivergedException one = assertThrows(TrainingDivergedException.class, () -> Trainer.builder(single)
        .loss(Losses.mse()).optimizer(Optimizers.sgd(1e6)).batchSize(data.size()).epochs(50).shuffle(false).build()
        .fit(local(data)));
    assertEquals(one.step(), e.step(), "the step one machine names");
  }

  /** A loss whose first attempt of every task that builds it fails, as a lost executor's task would. */
  static final class FlakyLoss implements dev.autodiff.nn.Loss, java.io.Serializable {
    private static final long serialVersionUID = 1L;
    private final dev.autodiff.nn.Loss inner = Losses.softmaxCrossEntropy();

    @Override
    public String name() {
      return "flaky";
    }

    @Override
    public dev.autodiff.core.graph.Node apply(dev.autodiff.core.graph.Node p, dev.autodiff.core.graph.Node t) {
      org.apache.spark.TaskContext task = org.apache.spark.TaskContext.get();
      if (task != null && task.attemptNumber() == 0) {
        throw new IllegalStateException("a lost executor (test)");
      }
      return inner.apply(p, t);
    }
  }

  @Test
  void aRetriedTaskCountsOnce() {
    // local[2, 3] retries a failed task: the first attempt of each gradient task fails, the retry counts once
    List<Sample> data = blobs(90, 14);
    Model a = mlp(4);
    Model b = mlp(4);
    SparkTrainer.builder(a).loss(Losses.softmaxCrossEntropy()).optimizer(Optimizers.sgd(0.5)).fullBatch(3).build()
        .fit(jsc.parallelize(data, 2));
    SparkTrainer.builder(b).loss(new FlakyLoss()).optimizer(Optimizers.sgd(0.5)).fullBatch(3).build()
        .fit(jsc.parallelize(data, 2));
    for (int i = 0; i < a.parameters().size(); i++) {
      assertEquals(a.parameters().get(i).value(), b.parameters().get(i).value());
    }
  }

  @Test
  void manyPartitionsAndSmallBatchesTrain() {
    // 200 rows in 40 partitions, batches of 32: every step gets rows from across the partitions
    List<Sample> train = blobs(200, 15);
    Model m = mlp(6);
    History h = SparkTrainer.builder(m).loss(Losses.softmaxCrossEntropy()).optimizer(Optimizers.adam(0.02))
        .miniBatch(32, 3).build().fit(jsc.parallelize(train, 40));
    assertEquals(3 * 7, h.stepCount());
    assertTrue(h.get("loss").get(2) < h.get("loss").get(0), "loss " + h.get("loss"));
  }

  @Test
  void targetsTheLossRefusesAndSettingsOneMachineRefusesAreRefused() {
    List<Sample> data = List.of(new Sample(new double[] {1, 2}, new double[] {2.0}));
    Model m = Mlp.builder().inputs(2).outputs(1, Activation.SIGMOID).seed(1).build();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SparkTrainer.builder(m)
        .loss(Losses.binaryCrossEntropy()).optimizer(Optimizers.sgd(0.1)).fullBatch(1).build()
        .fit(jsc.parallelize(data, 1)));
    assertTrue(e.getMessage().startsWith("spark fit: partition 0, row 0: column 'target': ")
        && e.getMessage().contains("[0, 1]"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> SparkTrainer.builder(m).loss(Losses.mse())
        .optimizer(Optimizers.lbfgs(1, 5)).miniBatch(8, 1).build());
    assertTrue(e.getMessage().contains("use it with fullBatch"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> SparkTrainer.builder(m).loss(Losses.mse())
        .optimizer(Optimizers.lbfgs(1, 5)).clipping(dev.autodiff.nn.train.Clipping.byNorm(1)).fullBatch(1).build());
    assertTrue(e.getMessage().contains("with clipping"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> SparkTrainer.builder(m).loss(Losses.mse())
        .optimizer(Optimizers.sgd(0.1)).clipping(dev.autodiff.nn.train.Clipping.byNorm(1)).localSteps(1, 1, 1)
        .build());
    assertTrue(e.getMessage().contains("use miniBatch(...) to clip"), e.getMessage());
  }

  static double accuracy(Model m, List<Sample> data) {
    int right = 0;
    for (Sample s : data) {
      double[] p = m.predict(s.features());
      int best = 0;
      for (int k = 1; k < p.length; k++) {
        best = p[k] > p[best] ? k : best;
      }
      right += s.target()[best] == 1 ? 1 : 0;
    }
    return right / (double) data.size();
  }
}
