package dev.autodiff.examples.spark;

import dev.autodiff.examples.Command;
import dev.autodiff.examples.Option;
import dev.autodiff.examples.Options;
import dev.autodiff.examples.Output;
import dev.autodiff.examples.data.Mnist;
import java.util.List;

/**
 * {@code spark}: the MNIST MLP trained on a Spark session by autodiff-nn's {@code SparkTrainer} (synchronous
 * mini-batches with Adam, full-batch L-BFGS), by Spark MLlib's {@code MultilayerPerceptronClassifier} on the same
 * Parquet data, and by the single-JVM {@code Trainer} for reference; with {@code --bench}, the time of a full-batch
 * iteration on 1 and 2 partitions against one JVM.
 *
 * <p>Spark is a provided dependency: the examples jar leaves it out, so this class names no Spark type, and without
 * Spark on the class path the command says how to run it instead of failing to link ({@link SparkRun} and
 * {@code bench.SparkBench} hold the code that needs Spark).
 */
public final class SparkCommand implements Command {
  /** The command that runs this example on this machine, from the repository's root, with Spark's jars. */
  public static final String MAVEN = "mvn -q -B -pl autodiff-examples -am compile exec:exec@spark";

  static final Option<Integer> TRAIN = Option.integer("train", 8000, 10, Mnist.HELD_OUT, "training digits");
  static final Option<Integer> TEST = Option.integer("test", 2000, 10, 2000, "test digits");
  static final Option<Integer> HIDDEN = Option.integer("hidden", 128, 1, 100_000, "hidden units");
  static final Option<Integer> EPOCHS = Option.integer("epochs", 6, 1, 100_000,
      "epochs of the mini-batch (Adam) fits");
  static final Option<Integer> BATCH = Option.integer("batch", 128, 1, 1_000_000, "batch size of the mini-batch fits");
  static final Option<Double> LR = Option.real("lr", 0.002, 1e-9, 10, "Adam's learning rate");
  static final Option<Integer> ITERATIONS = Option.integer("iterations", 40, 0, 100_000,
      "L-BFGS iterations of the full-batch fits (ours on Spark and in one JVM, MLlib's); 0 leaves them out");
  static final Option<Integer> PARTITIONS = Option.integer("partitions", 0, 0, 100_000,
      "partitions of the training data (0: Spark's default parallelism, the cores of local[*])");
  static final Option<String> MASTER = Option.choice("master", "local[*]",
      List.of("local[*]", "local[1]", "local[2]", "local[4]"),
      "Spark master when not run by spark-submit (which sets its own)");
  static final Option<String> PARQUET = Option.location("parquet",
      "where the digits are written as Parquet and read back (default: under --out; on a cluster a shared path, "
          + "hdfs://... or s3a://...)");
  static final Option<Long> SEED = Option.seed(1, "weights, batches and MLlib's initial weights");
  static final Option<Boolean> BENCH = Option.flag("bench",
      "instead of the example: the bench rows (a full-batch iteration on 1 and 2 partitions against one JVM)");
  static final Option<Boolean> QUICK = Option.flag("quick",
      "with --bench: one repetition on 500 digits, a smoke test rather than a measurement");
  static final Option<Integer> REPS = Option.integer("reps", 5, 1, 1000, "with --bench: repetitions (1 with --quick)");

  @Override
  public String name() {
    return "spark";
  }

  @Override
  public String summary() {
    return "the MNIST MLP on a local Spark (autodiff's SparkTrainer against MLlib's perceptron and one JVM); "
        + "needs Spark: see spark --help";
  }

  @Override
  public List<Option<?>> options() {
    return List.of(TRAIN, TEST, HIDDEN, EPOCHS, BATCH, LR, ITERATIONS, PARTITIONS, MASTER, PARQUET, SEED, BENCH,
        QUICK, REPS);
  }

  @Override
  public String notes() {
    return howToRun();
  }

  /** How to run the example here and on a cluster: the end of {@code --help}, and what prints without Spark. */
  static String howToRun() {
    return """
        Spark is not in the examples jar (its jars are about 330 MB). On this machine, from the repository's root:
          %s
          %s -Dspark.args="--epochs 3 --iterations 20"
          %s -Dspark.args="--bench"
        (Maven puts Spark's jars on the class path and passes the --add-opens options Spark needs on Java 17.)
        On a cluster, build the jars (mvn -q -B package -DskipTests) and submit the same job; the examples jar holds
        the library, --jars is where an application of your own lists autodiff-core and autodiff-nn:
          spark-submit --master spark://HOST:7077 --class dev.autodiff.examples.Main \\
            --jars autodiff-core/target/autodiff-core-0.1.0-SNAPSHOT.jar,autodiff-nn/target/autodiff-nn-0.1.0-SNAPSHOT.jar \\
            autodiff-examples/target/autodiff-examples.jar spark --parquet hdfs:///tmp/autodiff-mnist
        (--parquet must be a path every executor reads; the driver prints the table and writes under --out.)
        """.formatted(MAVEN, MAVEN, MAVEN);
  }

  /** Whether Spark SQL and MLlib can be loaded by {@code loader}. */
  static boolean sparkPresent(ClassLoader loader) {
    try {
      Class.forName("org.apache.spark.sql.SparkSession", false, loader);
      Class.forName("org.apache.spark.ml.classification.MultilayerPerceptronClassifier", false, loader);
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  @Override
  public int run(Options o, Output out) throws Exception {
    return run(o, out, SparkCommand.class.getClassLoader());
  }

  int run(Options o, Output out, ClassLoader loader) throws Exception {
    if (!sparkPresent(loader)) {
      out.println("spark: Apache Spark is not on the class path, so this example cannot run from the jar alone.");
      out.print(howToRun());
      return 1;
    }
    SparkRun.Config c = new SparkRun.Config(o.get(TRAIN), o.get(TEST), o.get(HIDDEN), o.get(EPOCHS), o.get(BATCH),
        o.get(LR), o.get(ITERATIONS), o.get(PARTITIONS), o.get(MASTER), o.get(PARQUET), o.get(SEED));
    if (o.get(BENCH)) {
      boolean quick = o.get(QUICK);
      SparkRun.bench(c, quick, quick && !o.given(REPS) ? 1 : o.get(REPS), out);
    } else {
      SparkRun.run(c, out);
    }
    return 0;
  }
}
