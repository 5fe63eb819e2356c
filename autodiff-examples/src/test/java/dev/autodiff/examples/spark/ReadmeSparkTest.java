package dev.autodiff.examples.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autodiff.core.testing.ReadmeSnippets;
import dev.autodiff.examples.data.Mnist;
import dev.autodiff.nn.Activation;
import dev.autodiff.nn.Losses;
import dev.autodiff.nn.Mlp;
import dev.autodiff.nn.Model;
import dev.autodiff.nn.optim.Optimizers;
import dev.autodiff.nn.spark.SparkTrainer;
import dev.autodiff.nn.train.History;
import java.io.PrintStream;
import java.nio.file.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's Spark example, compiled and run as written on 256 shipped digits written as Parquet. */
class ReadmeSparkTest {
  private SparkSession session;

  @AfterEach
  void stop() {
    if (session != null) {
      session.stop();
    }
  }

  @Test
  void theExampleTrainsOnAParquetTable(@TempDir Path dir) throws Exception {
    SparkRun.quietLogs();
    session = SparkSession.builder().master("local[2]").config("spark.ui.enabled", "false")
        .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1").getOrCreate();
    String path = dir.resolve("digits.parquet").toString();
    SparkRun.writeParquet(session, Mnist.shippedTraining(256), path);
    PrintStream progress = new PrintStream(java.io.OutputStream.nullOutputStream());
    // README-SPARK-BEGIN
    SparkSession spark = SparkSession.builder().getOrCreate();  // spark-submit's, or a local one
    Dataset<Row> digits = spark.read().parquet(path);           // features: ML vector (or array), label: 0..9
    Model model = Mlp.builder().inputs(784).hidden(128, Activation.RELU).outputs(10, Activation.IDENTITY)
        .seed(1).build();
    History h = SparkTrainer.builder(model).loss(Losses.softmaxCrossEntropy()).optimizer(Optimizers.adam(0.002))
        .columns("features", "label")   // the defaults
        .miniBatch(128, 6)              // or .fullBatch(40) with Optimizers.lbfgs(1, 10), or .localSteps(20, 5, 64)
        .seed(1).progress(progress).build().fit(digits);
    double[] scores = model.predict(new double[784]);   // the trained model, here on the driver
    // README-SPARK-END
    assertEquals(6, h.epochCount());
    assertEquals(12, h.stepCount(), "256 rows in batches of 128: 2 steps an epoch");
    assertTrue(h.get("loss").get(5) < h.get("loss").get(0), h.get("loss").toString());
    assertEquals(10, scores.length);
  }

  @Test
  void readmeShowsExactlyThisCode() throws Exception {
    ReadmeSnippets.assertInReadme(Path.of("src/test/java/dev/autodiff/examples/spark/ReadmeSparkTest.java"),
        "README-SPARK");
  }
}
