package dev.autodiff.examples.spark;

import dev.autodiff.core.tensor.Tensor;
import dev.autodiff.examples.Csv;
import dev.autodiff.examples.Output;
import dev.autodiff.examples.bench.SparkBench;
import dev.autodiff.examples.data.Mnist;
import dev.autodiff.nn.Activation;
import dev.autodiff.nn.Losses;
import dev.autodiff.nn.Mlp;
import dev.autodiff.nn.Model;
import dev.autodiff.nn.optim.Optimizer;
import dev.autodiff.nn.optim.Optimizers;
import dev.autodiff.nn.spark.SparkTrainer;
import dev.autodiff.nn.train.History;
import dev.autodiff.nn.train.Metric;
import dev.autodiff.nn.train.Trainer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.classification.MultilayerPerceptronClassificationModel;
import org.apache.spark.ml.classification.MultilayerPerceptronClassifier;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** The {@code spark} example itself: everything here needs Spark on the class path ({@link SparkCommand} checks). */
final class SparkRun {
  private SparkRun() {}

  /**
   * What to run.
   *
   * @param train training digits (the first shipped ones)
   * @param test test digits (held out)
   * @param hidden hidden units
   * @param epochs epochs of the Adam fits
   * @param batch their batch size
   * @param lr Adam's learning rate
   * @param iterations L-BFGS iterations (0: no full-batch fits)
   * @param partitions partitions of the training data (0: Spark's default parallelism)
   * @param master the master when spark-submit gave none
   * @param parquet where the Parquet files go (null: under the output folder)
   * @param seed the seed
   */
  record Config(int train, int test, int hidden, int epochs, int batch, double lr, int iterations, int partitions,
      String master, String parquet, long seed) {}

  /**
   * One row of the table.
   *
   * @param model who trained
   * @param network the layers
   * @param mode how
   * @param iterations what the time per iteration divides by: steps (mini-batch) or L-BFGS iterations
   * @param epochs passes over the data (mini-batch) or 0
   * @param accuracy test accuracy in [0, 1]
   * @param seconds the fit's wall time
   */
  record Result(String model, String network, String mode, long iterations, int epochs, double accuracy,
      double seconds) {
    double msPerIteration() {
      return 1000 * seconds / iterations;
    }
  }

  /** A session: the master spark-submit set, else {@code c.master()} bound to 127.0.0.1 without the web UI. */
  static SparkSession session(Config c) {
    SparkSession.Builder b = SparkSession.builder().appName("autodiff spark example")
        .config("spark.ui.enabled", "false").config("spark.log.level", "ERROR");
    if (System.getProperty("spark.master") == null) {
      // a local run: errors only from the start (setLogLevel comes after Spark's start-up lines), no web UI, nothing
      // listening beyond this machine
      quietLogs();
      b.master(c.master()).config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1");
    }
    SparkSession spark = b.getOrCreate();
    spark.sparkContext().setLogLevel("ERROR");
    return spark;
  }

  /**
   * Log4j 2 with errors only, on stderr ({@code spark/log4j2-quiet.properties}), unless a configuration was chosen.
   * Spark swaps Log4j's built-in default for its own (INFO) when it starts, but keeps a configuration that was set;
   * {@code setLogLevel} alone would come after Spark's start-up lines. Under spark-submit the cluster's settings apply.
   */
  static void quietLogs() {
    if (System.getProperty("log4j2.configurationFile") == null) {
      System.setProperty("log4j2.configurationFile", "classpath:spark/log4j2-quiet.properties");
    }
  }

  static List<Result> run(Config c, Output out) throws IOException {
    Mnist.Set trainSet = Mnist.shippedTraining(c.train());
    Mnist.Set testSet = Mnist.shippedHeldOut(c.test());
    out.println("data: " + c.train() + " training and " + c.test() + " test digits of the 10,000 shipped");
    long t0 = System.nanoTime();
    SparkSession spark = session(c);
    List<Result> results = new ArrayList<>();
    try {
      int partitions = c.partitions() > 0 ? c.partitions() : spark.sparkContext().defaultParallelism();
      out.printf("Spark %s, master %s, started in %.1f s; the training data in %d partitions%n", spark.version(),
          spark.sparkContext().master(), (System.nanoTime() - t0) / 1e9, partitions);
      String base = c.parquet() != null ? c.parquet() : out.dir().resolve("mnist").toAbsolutePath()
          .toString();
      String trainPath = base + "/train.parquet";
      String testPath = base + "/test.parquet";
      writeParquet(spark, trainSet, trainPath);
      writeParquet(spark, testSet, testPath);
      if (c.parquet() == null) {
        out.wrote(Path.of(trainPath));
        out.wrote(Path.of(testPath));
      }
      out.println("wrote the digits as Parquet (label: double, features: ML vector of 784 pixels in [0, 1]) to "
          + base + "/{train,test}.parquet and read them back as DataFrames");
      Dataset<Row> train = spark.read().parquet(trainPath).repartition(partitions).cache();
      Dataset<Row> test = spark.read().parquet(testPath);
      long rows = train.count();
      if (rows != c.train()) {
        throw new IllegalStateException("spark: read " + rows + " training rows back, wrote " + c.train());
      }
      dev.autodiff.nn.train.Dataset local = trainSet.classification();
      Tensor testImages = testSet.images();
      int[] testLabels = testSet.labels();

      String relu = "784-" + c.hidden() + " ReLU-10";
      String sigmoid = "784-" + c.hidden() + " sigmoid-10";
      String adam = "Adam " + c.lr() + " on mini-batches of " + c.batch();
      out.println();
      out.println("== autodiff, one JVM (Trainer): " + relu + ", " + adam + ", " + c.epochs() + " epochs");
      Model single = mlp(c, Activation.RELU);
      long s = System.nanoTime();
      History h = Trainer.builder(single).loss(Losses.softmaxCrossEntropy()).optimizer(Optimizers.adam(c.lr()))
          .batchSize(c.batch()).epochs(c.epochs()).seed(c.seed()).progress(out.console()).build().fit(local);
      results.add(new Result("autodiff Trainer (one JVM)", relu, adam, h.stepCount(), c.epochs(),
          accuracy(single, testImages, testLabels), seconds(s)));
      out.history("one-jvm-adam", h);

      out.println("== autodiff on Spark (SparkTrainer, synchronous mini-batches): " + relu + ", " + adam + ", "
          + c.epochs() + " epochs");
      Model spread = mlp(c, Activation.RELU);
      s = System.nanoTime();
      h = SparkTrainer.builder(spread).loss(Losses.softmaxCrossEntropy()).optimizer(Optimizers.adam(c.lr()))
          .miniBatch(c.batch(), c.epochs()).seed(c.seed()).progress(out.console()).build().fit(train);
      results.add(new Result("autodiff SparkTrainer", relu, "synchronous " + adam, h.stepCount(), c.epochs(),
          accuracy(spread, testImages, testLabels), seconds(s)));
      out.history("spark-adam", h);

      if (c.iterations() > 0) {
        Optimizer lbfgs = Optimizers.lbfgs(1, 10);
        String full = "full-batch L-BFGS (10 pairs)";
        out.println("== autodiff, one JVM (Trainer): " + sigmoid + ", " + full + ", " + c.iterations()
            + " iterations");
        Model one = mlp(c, Activation.SIGMOID);
        s = System.nanoTime();
        h = Trainer.builder(one).loss(Losses.softmaxCrossEntropy()).optimizer(lbfgs).batchSize(c.train())
            .epochs(c.iterations()).shuffle(false).build().fit(local);
        results.add(new Result("autodiff Trainer (one JVM)", sigmoid, full, h.stepCount(), 0,
            accuracy(one, testImages, testLabels), seconds(s)));
        out.history("one-jvm-lbfgs", h);

        out.println("== autodiff on Spark (SparkTrainer, full batch): " + sigmoid + ", " + full + ", "
            + c.iterations() + " iterations");
        Model many = mlp(c, Activation.SIGMOID);
        s = System.nanoTime();
        h = SparkTrainer.builder(many).loss(Losses.softmaxCrossEntropy()).optimizer(lbfgs)
            .fullBatch(c.iterations()).build().fit(train);
        results.add(new Result("autodiff SparkTrainer", sigmoid, full, h.stepCount(), 0,
            accuracy(many, testImages, testLabels), seconds(s)));
        out.history("spark-lbfgs", h);

        out.println("== Spark MLlib MultilayerPerceptronClassifier: " + sigmoid + " (softmax output, its only "
            + "architecture), L-BFGS, at most " + c.iterations() + " iterations");
        s = System.nanoTime();
        MultilayerPerceptronClassificationModel mllib = new MultilayerPerceptronClassifier()
            .setLayers(new int[] {Mnist.PIXELS, c.hidden(), 10}).setSolver("l-bfgs").setMaxIter(c.iterations())
            .setTol(0).setSeed(c.seed()).fit(train);
        double seconds = seconds(s);
        double acc = new MulticlassClassificationEvaluator().setMetricName("accuracy")
            .evaluate(mllib.transform(test));
        results.add(new Result("Spark MLlib perceptron", sigmoid, "full-batch L-BFGS (Breeze; 10 pairs)",
            mllib.summary().totalIterations(), 0, acc, seconds));
      }
      train.unpersist();
    } finally {
      spark.stop();
    }
    out.println();
    out.print(table(results));
    out.csv("comparison.csv", csv(results));
    double gap = 100 * (results.get(0).accuracy() - results.get(1).accuracy());
    out.printf("the synchronous mini-batches on Spark end %.2f points %s the one-JVM fit's test accuracy%n",
        Math.abs(gap), gap >= 0 ? "below" : "above");
    return results;
  }

  /** The bench rows: a session, the digits, then {@link SparkBench}. */
  static void bench(Config c, boolean quick, int reps, Output out) throws IOException {
    Mnist.Set digits = Mnist.shippedTraining(quick ? 500 : c.train());
    long t0 = System.nanoTime();
    SparkSession spark = session(c);
    try {
      out.printf("Spark %s, master %s, started in %.1f s%n", spark.version(), spark.sparkContext().master(),
          (System.nanoTime() - t0) / 1e9);
      SparkBench.run(spark, digits, quick ? 32 : c.hidden(), quick ? 3 : 10, reps, out);
    } finally {
      spark.stop();
    }
  }

  static Model mlp(Config c, Activation hidden) {
    return Mlp.builder().inputs(Mnist.PIXELS).hidden(c.hidden(), hidden).outputs(10, Activation.IDENTITY)
        .seed(c.seed()).build();
  }

  static double accuracy(Model m, Tensor images, int[] labels) {
    Tensor logits = m.predict(images);
    int right = 0;
    for (int r = 0; r < labels.length; r++) {
      right += Metric.argmax(logits, r) == labels[r] ? 1 : 0;
    }
    return right / (double) labels.length;
  }

  private static double seconds(long start) {
    return (System.nanoTime() - start) / 1e9;
  }

  /** Writes {@code set} as one Parquet file (a folder with one part) at {@code path}, replacing what was there. */
  static void writeParquet(SparkSession spark, Mnist.Set set, String path) {
    StructType schema = new StructType().add("label", DataTypes.DoubleType, false)
        .add("features", SQLDataTypes.VectorType(), false);
    double[] pixels = set.images().toArray();
    List<Row> rows = new ArrayList<>(set.size());
    for (int i = 0; i < set.size(); i++) {
      double[] x = java.util.Arrays.copyOfRange(pixels, i * Mnist.PIXELS, (i + 1) * Mnist.PIXELS);
      rows.add(RowFactory.create((double) set.labels()[i], Vectors.dense(x)));
    }
    spark.createDataFrame(rows, schema).coalesce(1).write().mode(SaveMode.Overwrite).parquet(path);
  }

  static String table(List<Result> results) {
    StringBuilder b = new StringBuilder();
    b.append("| model | network | mode | epochs | iterations | test accuracy | ms / iteration | total s |\n");
    b.append("|---|---|---|---:|---:|---:|---:|---:|\n");
    for (Result r : results) {
      b.append(String.format(java.util.Locale.ROOT, "| %s | %s | %s | %s | %d | %.2f%% | %.1f | %.1f |%n", r.model(),
          r.network(), r.mode(), r.epochs() == 0 ? "" : Integer.toString(r.epochs()), r.iterations(),
          100 * r.accuracy(), r.msPerIteration(), r.seconds()));
    }
    return b.toString();
  }

  static Csv csv(List<Result> results) {
    Csv csv = Csv.of("model", "network", "mode", "epochs", "iterations", "test_accuracy", "ms_per_iteration",
        "total_seconds");
    for (Result r : results) {
      csv.row(r.model(), r.network(), r.mode(), r.epochs(), r.iterations(), r.accuracy(), r.msPerIteration(),
          r.seconds());
    }
    return csv;
  }
}
