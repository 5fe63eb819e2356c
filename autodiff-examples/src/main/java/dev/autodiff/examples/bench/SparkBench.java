package dev.autodiff.examples.bench;

import dev.autodiff.core.kernels.Kernels;
import dev.autodiff.examples.Output;
import dev.autodiff.examples.data.Mnist;
import dev.autodiff.nn.Activation;
import dev.autodiff.nn.Losses;
import dev.autodiff.nn.Mlp;
import dev.autodiff.nn.Model;
import dev.autodiff.nn.optim.Optimizers;
import dev.autodiff.nn.spark.Sample;
import dev.autodiff.nn.spark.SparkTrainer;
import dev.autodiff.nn.train.Dataset;
import dev.autodiff.nn.train.History;
import dev.autodiff.nn.train.Trainer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * The Spark rows of the benchmark (run by {@code spark --bench}, which has Spark on its class path; {@code bench}
 * says how): the time of one full-batch iteration (loss and gradients of every digit, summed, one gradient step) of
 * the same MLP by {@code SparkTrainer} on 1 and 2 partitions and by the single-JVM {@code Trainer}, alternating per
 * repetition; then the scaling from 1 to 2 partitions and what a Spark step costs over a step in one JVM.
 */
public final class SparkBench {
  private SparkBench() {}

  /**
   * Measures and prints the rows, writes {@code bench-spark.md} and {@code bench-spark.csv}.
   *
   * @param iterations full-batch iterations per fit; each repetition's figure is the mean time of all but the first
   */
  public static void run(SparkSession spark, Mnist.Set digits, int hidden, int iterations, int reps, Output out)
      throws IOException {
    int n = digits.size();
    Dataset local = digits.classification();
    double[] pixels = digits.images().toArray();
    List<Sample> samples = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      double[] target = new double[10];
      target[digits.labels()[i]] = 1;
      samples.add(new Sample(Arrays.copyOfRange(pixels, i * Mnist.PIXELS, (i + 1) * Mnist.PIXELS), target));
    }
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    JavaRDD<Sample> one = jsc.parallelize(samples, 1).persist(StorageLevel.MEMORY_ONLY());
    JavaRDD<Sample> two = jsc.parallelize(samples, 2).persist(StorageLevel.MEMORY_ONLY());
    one.count();
    two.count();
    String what = String.format(Locale.ROOT, "full-batch iteration, MLP 784-%d-10 on %,d digits", hidden, n);
    out.printf("bench: %s; %d repetitions of %d iterations, alternating; kernel threads 1 (a Spark task is one "
        + "core) and, for one JVM, also 2; medians [min, max]%n", what, reps, iterations);
    int restore = Kernels.threads();
    double[] jvm1 = new double[reps];
    double[] jvm2 = new double[reps];
    double[] p1 = new double[reps];
    double[] p2 = new double[reps];
    try {
      // warm-up: the JIT and Spark's first jobs are charged to nobody
      Kernels.setThreads(1);
      single(local, hidden, 2);
      spark(one, hidden, 2);
      spark(two, hidden, 2);
      for (int r = 0; r < reps; r++) {
        Kernels.setThreads(1);
        jvm1[r] = single(local, hidden, iterations);
        p1[r] = spark(one, hidden, iterations);
        p2[r] = spark(two, hidden, iterations);
        Kernels.setThreads(2);
        jvm2[r] = single(local, hidden, iterations);
      }
    } finally {
      Kernels.setThreads(restore);
      one.unpersist();
      two.unpersist();
    }
    double[] overhead = new double[reps];
    for (int r = 0; r < reps; r++) {
      overhead[r] = p1[r] - jvm1[r];
    }
    List<BenchCommand.Row> rows = List.of(
        new BenchCommand.Row(what + ", one JVM (Trainer), 1 thread", "ms", false, jvm1, null, "(reference)", null),
        new BenchCommand.Row(what + ", one JVM (Trainer), 2 threads", "ms", false, jvm2, null, "(reference)", null),
        new BenchCommand.Row(what + ", SparkTrainer local, 1 partition vs one JVM 1 thread", "ms", false, p1, jvm1,
            "(the cost of Spark)", null),
        new BenchCommand.Row(what + ", SparkTrainer local, 2 partitions vs one JVM 2 threads", "ms", false, p2, jvm2,
            "(the cost of Spark)", null),
        new BenchCommand.Row("SparkTrainer scaling: 1 partition / 2 partitions time", "x", true,
            BenchCommand.ratios(p1, p2), null, "(2 at best on 2 cores)", null),
        new BenchCommand.Row("what a Spark step adds over a one-JVM step (1 partition - one JVM, 1 thread)", "ms",
            false, overhead, null, "(overhead)", null));
    String table = BenchCommand.table(rows, true).replace("| ours | peer | ours vs peer (x better) |",
        "| measured | one JVM | Spark vs one JVM (x faster) |");
    out.print(table);
    out.text("bench-spark.md", table);
    out.csv("bench-spark.csv", BenchCommand.csv(rows));
  }

  static Model mlp(int hidden) {
    return Mlp.builder().inputs(Mnist.PIXELS).hidden(hidden, Activation.RELU).outputs(10, Activation.IDENTITY)
        .seed(1).build();
  }

  /** Mean ms of iterations 2..k of a full-batch fit in this JVM. */
  static double single(Dataset data, int hidden, int iterations) {
    History h = Trainer.builder(mlp(hidden)).loss(Losses.softmaxCrossEntropy()).optimizer(Optimizers.sgd(0.1))
        .batchSize(data.size()).epochs(iterations).shuffle(false).build().fit(data);
    return meanAfterFirst(h);
  }

  /** Mean ms of iterations 2..k of a full-batch fit on Spark (broadcast, tasks, treeReduce, the step). */
  static double spark(JavaRDD<Sample> data, int hidden, int iterations) {
    History h = SparkTrainer.builder(mlp(hidden)).loss(Losses.softmaxCrossEntropy()).optimizer(Optimizers.sgd(0.1))
        .fullBatch(iterations).build().fit(data);
    return meanAfterFirst(h);
  }

  static double meanAfterFirst(History h) {
    List<Double> s = h.get("seconds");
    double[] v = s.subList(Math.min(1, s.size() - 1), s.size()).stream().mapToDouble(Double::doubleValue).toArray();
    return 1000 * Arrays.stream(v).average().orElseThrow();
  }
}
