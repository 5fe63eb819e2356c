package dev.autodiff.examples.cnn;

import dev.autodiff.core.exec.Feeds;
import dev.autodiff.core.tensor.Image;
import dev.autodiff.core.tensor.Tensor;
import dev.autodiff.core.tensor.Window.Padding;
import dev.autodiff.examples.Command;
import dev.autodiff.examples.Option;
import dev.autodiff.examples.Options;
import dev.autodiff.examples.Output;
import dev.autodiff.examples.Plots;
import dev.autodiff.examples.data.Cifar10;
import dev.autodiff.examples.data.Mnist;
import dev.autodiff.examples.mnist.MnistRun;
import dev.autodiff.nn.Activation;
import dev.autodiff.core.viz.Dot;
import dev.autodiff.core.viz.DotOptions;
import dev.autodiff.nn.Cnn;
import dev.autodiff.nn.Layer;
import dev.autodiff.nn.Losses;
import dev.autodiff.nn.Model;
import dev.autodiff.nn.Sequential;
import dev.autodiff.nn.io.ModelFile;
import dev.autodiff.nn.optim.Optimizers;
import dev.autodiff.nn.optim.Schedule;
import dev.autodiff.nn.tensorboard.TensorBoardCallback;
import dev.autodiff.nn.train.Dataset;
import dev.autodiff.nn.train.History;
import dev.autodiff.nn.train.Metric;
import dev.autodiff.nn.train.Trainer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * {@code cnn}: the lecture notebook's convolutional network, step by step as the notebook runs it (summary, fit with
 * validation data and a TensorBoard log, curves, test accuracy), then what a CNN learned: the first layer's filters
 * and one digit's feature maps. On the shipped MNIST digits by default; {@code --dataset cifar10 --data-dir DIR}
 * runs the notebook's exact setting on the real CIFAR-10 binary files.
 */
public final class CnnCommand implements Command {
  static final Option<String> DATASET = Option.choice("dataset", "mnist", List.of("mnist", "cifar10"),
      "the shipped MNIST digits (28x28x1) or the CIFAR-10 binary files in --data-dir (32x32x3)");
  static final Option<Path> DATA_DIR = Option.path("data-dir", null,
      "read the standard files from DIR (MNIST's IDX files, or CIFAR-10's data_batch_*.bin and test_batch.bin)");
  static final Option<Integer> EPOCHS = Option.integer("epochs", 10, 1, 10_000, "epochs (the notebook's 10)");
  static final Option<Integer> BATCH = Option.integer("batch", 32, 1, 1_000_000, "batch size (the notebook: 32)");
  static final Option<Double> LR = Option.real("lr", 0.002, 1e-9, 10,
      "Adam's starting learning rate (Keras' default is 0.001)");
  static final Option<Integer> TRAIN = Option.integer("train", 8000, 1, 60_000, "training images");
  static final Option<Integer> TEST = Option.integer("test", 2000, 1, 10_000, "test (and validation) images");
  static final Option<String> ACTIVATION = Option.choice("activation", "relu", List.of("relu", "identity"),
      "after each convolution and the hidden dense layer; identity is the notebook's model exactly (Keras' "
          + "default: none; the max pooling is then its only non-linearity)");
  static final Option<Long> SEED = Option.seed(1, "weights and shuffling");
  static final Option<Boolean> NOTEBOOK = Option.flag("notebook", "the notebook's exact setting: no activations, "
      + "Adam 0.001 at a constant rate, and with --dataset cifar10 all 50,000 training and 10,000 test images "
      + "unless --train and --test say otherwise");

  @Override
  public String name() {
    return "cnn";
  }

  @Override
  public String summary() {
    return "the lecture notebook's CNN (conv 8 - pool - conv 16 - pool - dense 128 - dense 10) on the shipped "
        + "digits: summary, fit with validation, TensorBoard log, curves, filters and feature maps, saved model";
  }

  @Override
  public List<Option<?>> options() {
    return List.of(DATASET, DATA_DIR, EPOCHS, BATCH, LR, TRAIN, TEST, ACTIVATION, SEED, NOTEBOOK);
  }

  /** Images, labels and the classes' names. */
  record Data(Image image, Tensor images, int[] labels, List<String> classes) {
    Dataset classification() {
      int k = classes.size();
      double[] t = new double[labels.length * k];
      for (int i = 0; i < labels.length; i++) {
        t[i * k + labels[i]] = 1;
      }
      return Dataset.of(images, Tensor.matrix(labels.length, k, t));
    }
  }

  @Override
  public int run(Options o, Output out) throws Exception {
    boolean cifar = o.get(DATASET).equals("cifar10");
    boolean notebook = o.get(NOTEBOOK);
    int trainCount = cifar && notebook && !o.given(TRAIN) ? 50_000 : o.get(TRAIN);
    int testCount = cifar && notebook && !o.given(TEST) ? 10_000 : o.get(TEST);
    double lr = notebook && !o.given(LR) ? 0.001 : o.get(LR);
    Data train;
    Data test;
    if (cifar) {
      if (o.get(DATA_DIR) == null) {
        throw new IllegalArgumentException("cnn: --dataset cifar10 needs --data-dir DIR with the CIFAR-10 binary "
            + "files (data_batch_1.bin ... data_batch_5.bin, test_batch.bin); CIFAR-10 is not shipped");
      }
      Cifar10.Set tr = Cifar10.training(o.get(DATA_DIR), trainCount);
      Cifar10.Set fullTest = Cifar10.test(o.get(DATA_DIR));
      Cifar10.Set te = fullTest.range(0, Math.min(testCount, fullTest.size()));
      train = new Data(Cifar10.IMAGE, tr.images(), tr.labels(), tr.classes());
      test = new Data(Cifar10.IMAGE, te.images(), te.labels(), te.classes());
    } else {
      Mnist.Set tr;
      Mnist.Set te;
      if (o.get(DATA_DIR) == null) {
        if (o.get(TRAIN) > Mnist.HELD_OUT || o.get(TEST) > 10_000 - Mnist.HELD_OUT) {
          throw new IllegalArgumentException("cnn: " + o.get(TRAIN) + " training and " + o.get(TEST)
              + " test digits asked, 8,000 and 2,000 shipped (use --data-dir for the full set)");
        }
        tr = Mnist.shippedTraining(o.get(TRAIN));
        te = Mnist.shippedHeldOut(o.get(TEST));
      } else {
        Mnist.Set full = Mnist.fromDirectory(o.get(DATA_DIR), "train");
        Mnist.Set fullTest = Mnist.fromDirectory(o.get(DATA_DIR), "t10k");
        tr = full.range(0, Math.min(o.get(TRAIN), full.size()));
        te = fullTest.range(0, Math.min(o.get(TEST), fullTest.size()));
      }
      List<String> digits = List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
      train = new Data(Image.of(28, 28, 1), tr.images(), tr.labels(), digits);
      test = new Data(Image.of(28, 28, 1), te.images(), te.labels(), digits);
    }
    out.printf("data: %d training and %d test %s images of %s%s%n", train.labels().length, test.labels().length,
        cifar ? "CIFAR-10" : "MNIST", train.image(), o.get(DATA_DIR) == null ? " (shipped digits)" : "");

    // the notebook's model, layer for layer (its Dense(10, activation='softmax') + categorical cross-entropy is
    // written as logits + softmaxCrossEntropy: the same function, computed without rounding the softmax first)
    Activation a = (notebook && !o.given(ACTIVATION)) || o.get(ACTIVATION).equals("identity") ? Activation.IDENTITY
        : Activation.RELU;
    Model model = Cnn.builder(train.image())
        .conv2d(8, 3, Padding.SAME, a)
        .maxPool(2)
        .conv2d(16, 3, Padding.SAME, a)
        .maxPool(2)
        .flatten()
        .dense(128, a)
        .dense(10)
        .seed(o.get(SEED)).build();
    out.print(model.summary());

    Dataset trainSet = train.classification();
    Dataset testSet = test.classification();
    out.printf("training: Adam(lr %s)%s, softmax cross-entropy, batch %d, %d epochs, validation on the test "
        + "images%n", lr, notebook ? " at a constant rate (the notebook's)" : " with cosine decay to 1% of it",
        o.get(BATCH), o.get(EPOCHS));
    History h;
    // the graph, and histograms of the weights and of their gradients on the first 256 test images every epoch
    try (TensorBoardCallback board = TensorBoardCallback.open(out.dir().resolve("logs"), model,
        Losses.softmaxCrossEntropy(), testSet.range(0, Math.min(256, testSet.size())))) {
      Trainer.Builder trainer = Trainer.builder(model).loss(Losses.softmaxCrossEntropy())
          .optimizer(Optimizers.adam(lr)).batchSize(o.get(BATCH)).epochs(o.get(EPOCHS)).seed(o.get(SEED));
      if (!notebook) {
        trainer.schedule(Schedule.cosine(lr / 100));
      }
      h = trainer.validation(testSet)
          .metrics(Metric.ACCURACY).progress(out.console()).callback(board).build().fit(trainSet);
      out.wrote(board.file());
    }

    Tensor logits = predict(model, test.images());
    int k = train.classes().size();
    int[][] confusion = new int[k][k];
    int correct = 0;
    for (int r = 0; r < test.labels().length; r++) {
      int predicted = Metric.argmax(logits, r);
      confusion[test.labels()[r]][predicted]++;
      correct += predicted == test.labels()[r] ? 1 : 0;
    }
    double accuracy = (double) correct / test.labels().length;
    out.printf("test accuracy: %.2f%% (%d of %d)%n", 100 * accuracy, correct, test.labels().length);
    out.print(MnistRun.confusionText(confusion));
    out.csv("confusion.csv", MnistRun.confusionCsv(confusion));
    out.history(null, h);
    out.plot("loss", new Plots.Line("CNN: loss per epoch", "epoch", "softmax cross-entropy")
        .series("train", h.get("loss")).series("validation", h.get("val_loss")));
    out.plot("accuracy", new Plots.Line("CNN: accuracy per epoch", "epoch", "accuracy")
        .series("train", h.get("accuracy")).series("validation", h.get("val_accuracy")));

    FeatureMaps.write(out, model, train.image(), test.images().rows(0));
    drawing(out, model, test.images().rows(0));

    Path file = out.wrote(out.dir().resolve("cnn.adnn"));
    ModelFile.save(model, file);
    Model reloaded = ModelFile.load(file);
    boolean same = Arrays.equals(logits.toArray(), predict(reloaded, test.images()).toArray());
    out.println("saved the model to " + file + " and loaded it back: "
        + (same ? "identical predictions on all " + test.labels().length + " test images" : "PREDICTIONS DIFFER"));
    if (!same) {
      throw new IllegalStateException("cnn: the reloaded model predicts differently");
    }
    out.text("result.txt", String.format(Locale.ROOT, "test_accuracy %.4f%n", accuracy));
    return 0;
  }

  /** The network's graph for one image, each layer collapsed into a box that says what it outputs. */
  private static void drawing(Output out, Model model, Tensor image) throws java.io.IOException {
    Model.Pass pass = model.newPass("image", 1, false);
    DotOptions view = DotOptions.defaults().withTitle("the CNN on one test image, layer by layer")
        .withoutConstants().withDirection(DotOptions.Direction.TOP_TO_BOTTOM);
    for (Layer l : ((Sequential) model.network()).layers()) {
      if (!l.name().isEmpty()) {
        view = view.withCollapsed(l.name());
      }
    }
    out.dot("network.dot", Dot.forward(List.of(pass.output()), Feeds.of(pass.input(), image), view));
  }

  /**
   * The model's outputs for {@code images}, 500 at a time: one pass over 10,000 CIFAR-10 images would hold a patch
   * matrix of 2.2 GB.
   */
  static Tensor predict(Model model, Tensor images) {
    int n = images.rows();
    double[] all = new double[n * model.outputWidth()];
    for (int from = 0; from < n; from += 500) {
      int to = Math.min(n, from + 500);
      int[] rows = new int[to - from];
      for (int r = 0; r < rows.length; r++) {
        rows[r] = from + r;
      }
      double[] part = model.predict(images.rows(rows)).toArray();
      System.arraycopy(part, 0, all, from * model.outputWidth(), part.length);
    }
    return Tensor.matrix(n, model.outputWidth(), all);
  }
}
