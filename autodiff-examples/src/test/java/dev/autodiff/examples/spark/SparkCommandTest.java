package dev.autodiff.examples.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autodiff.examples.Run;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code spark} example on a real local Spark with small sizes (a session starts in about 6 s here), and the same
 * command in a JVM without Spark on its class path, as {@code java -jar} runs it.
 */
class SparkCommandTest {
  @Test
  void aSmallRunPrintsTheTableAndTrainsOnSparkAsInOneJvm(@TempDir Path dir) throws IOException {
    Run r = Run.of("spark", "--train", "600", "--test", "300", "--hidden", "32", "--epochs", "2", "--batch", "64",
        "--iterations", "8", "--out", dir.toString());
    assertEquals(0, r.code(), r.err() + r.out());
    List<String> csv = Files.readAllLines(dir.resolve("comparison.csv"));
    assertEquals("model,network,mode,epochs,iterations,test_accuracy,ms_per_iteration,total_seconds", csv.get(0));
    assertEquals(6, csv.size(), csv.toString());
    String[] jvmAdam = csv.get(1).split(",");
    String[] sparkAdam = csv.get(2).split(",");
    String[] jvmLbfgs = csv.get(3).split(",");
    String[] sparkLbfgs = csv.get(4).split(",");
    String[] mllib = csv.get(5).split(",");
    assertEquals(List.of("autodiff Trainer (one JVM)", "784-32 ReLU-10", "Adam 0.002 on mini-batches of 64", "2"),
        Arrays.asList(jvmAdam).subList(0, 4));
    assertEquals("synchronous Adam 0.002 on mini-batches of 64", sparkAdam[2]);
    assertEquals("autodiff SparkTrainer", sparkAdam[0]);
    assertEquals("autodiff Trainer (one JVM)", jvmLbfgs[0]);
    assertEquals("autodiff SparkTrainer", sparkLbfgs[0]);
    assertEquals(List.of("Spark MLlib perceptron", "784-32 sigmoid-10"), Arrays.asList(mllib).subList(0, 2));
    // 600 digits in batches of 64: 10 steps an epoch, in one JVM and across the partitions alike
    assertEquals("20", jvmAdam[4]);
    assertEquals("20", sparkAdam[4]);
    assertEquals("8", jvmLbfgs[4]);
    assertEquals("8", sparkLbfgs[4]);
    double oneJvm = accuracy(jvmAdam);
    double spark = accuracy(sparkAdam);
    // two epochs on 600 digits (57% here): far above chance (10%), and the batches drawn across partitions train
    // as well as one JVM's
    assertTrue(oneJvm > 0.45 && Math.abs(spark - oneJvm) <= 0.05, "one JVM " + oneJvm + ", Spark " + spark);
    // full batch on Spark reaches the one-JVM weights to rounding: the same predictions on every test digit
    assertEquals(accuracy(jvmLbfgs), accuracy(sparkLbfgs), 1e-12);
    assertTrue(accuracy(sparkLbfgs) > 0.5, "L-BFGS " + accuracy(sparkLbfgs));
    assertTrue(accuracy(mllib) > 0.3, "MLlib " + accuracy(mllib));
    // the table as printed, and the Parquet the data went through
    assertTrue(r.out().contains("| model | network | mode | epochs | iterations | test accuracy | ms / iteration "
        + "| total s |"), r.out());
    assertEquals(5, r.out().lines().filter(l -> l.startsWith("| autodiff ") || l.startsWith("| Spark MLlib ")).count(),
        r.out());
    try (Stream<Path> parts = Files.list(dir.resolve("mnist/train.parquet"))) {
      assertEquals(1, parts.filter(p -> p.getFileName().toString().endsWith(".parquet")).count());
    }
  }

  @Test
  void theBenchRowsAreMeasured(@TempDir Path dir) throws IOException {
    Run r = Run.of("spark", "--bench", "--quick", "--out", dir.toString());
    assertEquals(0, r.code(), r.err() + r.out());
    List<String> csv = Files.readAllLines(dir.resolve("bench-spark.csv"));
    assertEquals(7, csv.size(), csv.toString());
    assertTrue(csv.get(5).startsWith("SparkTrainer scaling: 1 partition / 2 partitions time,x,"), csv.get(5));
    for (String row : csv.subList(1, 6)) {
      String[] c = row.split(",", -1);
      double median = Double.parseDouble(c[c.length - 4]);
      assertTrue(median > 0 && Double.isFinite(median), row);
    }
    assertTrue(r.out().contains("| workload | unit | measured | one JVM | Spark vs one JVM (x faster) |"), r.out());
  }

  @Test
  void withoutSparkOnTheClassPathItSaysHowToRunIt(@TempDir Path dir) throws Exception {
    // the test's class path less Spark's own jars: what java -jar autodiff-examples.jar has
    String classPath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
        .filter(p -> !p.contains(File.separator + "spark" + File.separator)
            && !p.contains("org" + File.separator + "apache" + File.separator + "spark"))
        .collect(Collectors.joining(File.pathSeparator));
    assertTrue(!classPath.contains("spark-sql") && classPath.contains("autodiff"), classPath);
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", classPath, "dev.autodiff.examples.Main", "spark", "--out", dir.toString()));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    assertEquals(1, p.exitValue(), out);
    assertTrue(out.startsWith("spark: Apache Spark is not on the class path"), out);
    assertTrue(out.contains(SparkCommand.MAVEN) && out.contains("spark-submit --master spark://HOST:7077 --class "
        + "dev.autodiff.examples.Main") && out.contains("autodiff-examples/target/autodiff-examples.jar spark"), out);
    assertTrue(!out.contains("Exception") && !out.contains("\tat "), out);
  }

  @Test
  void helpSaysHowToRunWithSparkHereAndOnACluster() {
    Run r = Run.of("spark", "--help");
    assertEquals(0, r.code());
    assertTrue(r.out().contains("--iterations N") && r.out().endsWith(SparkCommand.howToRun()), r.out());
  }

  private static double accuracy(String[] row) {
    return Double.parseDouble(row[5]);
  }
}
