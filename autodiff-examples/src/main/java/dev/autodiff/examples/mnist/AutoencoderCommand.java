package dev.autodiff.examples.mnist;

import dev.autodiff.core.graph.Graph;
import dev.autodiff.core.tensor.Tensor;
import dev.autodiff.examples.Command;
import dev.autodiff.examples.Csv;
import dev.autodiff.examples.Option;
import dev.autodiff.examples.Options;
import dev.autodiff.examples.Output;
import dev.autodiff.examples.Plots;
import dev.autodiff.examples.data.Images;
import dev.autodiff.examples.data.Mnist;
import dev.autodiff.nn.Activation;
import dev.autodiff.nn.Dense;
import dev.autodiff.nn.Init;
import dev.autodiff.nn.Layer;
import dev.autodiff.nn.Layers;
import dev.autodiff.nn.Losses;
import dev.autodiff.nn.Model;
import dev.autodiff.nn.Sequential;
import dev.autodiff.nn.optim.Optimizers;
import dev.autodiff.nn.train.Dataset;
import dev.autodiff.nn.train.Trainer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * {@code autoencoder}: undercomplete (a 2-D code of MNIST plotted by class), sparse (an L1 penalty on the code),
 * denoising (noisy inputs, clean targets) and contractive (the Jacobian penalty) autoencoders; reconstruction
 * errors, images of originals and reconstructions, and anomaly scores.
 */
public final class AutoencoderCommand implements Command {
  @Override
  public String name() {
    return "autoencoder";
  }

  @Override
  public String summary() {
    return "undercomplete (2-D code plot), sparse, denoising and contractive autoencoders: errors, images, anomalies";
  }

  // NOTE: the contractive autoencoder trains on a tenth of the --train digits (its penalty is costly)
  static final MnistSplit DATA = MnistSplit.of(3000, "test", 1000, 10, "weights, shuffling and noise");

  @Override
  public List<Option<?>> options() {
    return DATA.options();
  }

  /** An encoder and a decoder in one graph, and the models of each. */
  record Ae(String name, Model full, Model encoder) {}

  static Ae build(String name, int code, Activation codeActivation, List<Layer> codeExtras, int hidden, long seed) {
    Graph g = Graph.create();
    Random r = new Random(seed);
    List<Layer> enc = new ArrayList<>();
    int in = Mnist.PIXELS;
    if (hidden > 0) {
      enc.add(new Dense(g, "enc1", in, hidden, Init.he(), r));
      enc.add(Layers.activation(Activation.RELU));
      in = hidden;
    }
    enc.add(new Dense(g, "code", in, code, codeActivation == Activation.RELU ? Init.he() : Init.xavier(), r));
    enc.add(Layers.activation(codeActivation));
    enc.addAll(codeExtras);
    List<Layer> dec = new ArrayList<>();
    int from = code;
    if (hidden > 0) {
      dec.add(new Dense(g, "dec1", code, hidden, Init.he(), r));
      dec.add(Layers.activation(Activation.RELU));
      from = hidden;
    }
    dec.add(new Dense(g, "out", from, Mnist.PIXELS, Init.xavier(), r));
    dec.add(Layers.activation(Activation.SIGMOID));
    Sequential encoder = new Sequential(enc);
    Model full = new Model(g, Sequential.of(encoder, new Sequential(dec)), Mnist.PIXELS);
    return new Ae(name, full, new Model(g, encoder, Mnist.PIXELS));
  }

  static Tensor noisy(Tensor x, double sd, Random r) {
    double[] v = x.toArray();
    for (int i = 0; i < v.length; i++) {
      v[i] = Math.max(0, Math.min(1, v[i] + sd * r.nextGaussian()));
    }
    return Tensor.of(x.shape(), v);
  }

  /** Mean squared reconstruction error per image (averaged over pixels). */
  static double[] errors(Model m, Tensor inputs, Tensor clean) {
    Tensor rec = m.predict(inputs);
    double[] e = new double[inputs.rows()];
    for (int r = 0; r < e.length; r++) {
      double s = 0;
      for (int c = 0; c < Mnist.PIXELS; c++) {
        double d = rec.get(r, c) - clean.get(r, c);
        s += d * d;
      }
      e[r] = s / Mnist.PIXELS;
    }
    return e;
  }

  static double mean(double[] v) {
    double s = 0;
    for (double x : v) {
      s += x;
    }
    return s / v.length;
  }

  @Override
  public int run(Options o, Output out) throws Exception {
    Tensor trainImages = DATA.training(o).images();
    Dataset train = Dataset.of(trainImages, trainImages);
    Mnist.Set te = DATA.heldOut(o);
    int trainN = train.size();
    int testN = te.size();
    int epochs = o.get(DATA.epochs());
    long seed = o.get(DATA.seed());
    Tensor test = te.images();
    Random noise = new Random(seed);
    Tensor noisyTest = noisy(test, 0.3, noise);

    List<Ae> aes = new ArrayList<>();
    aes.add(build("undercomplete (2-D code)", 2, Activation.IDENTITY, List.of(), 128, seed));
    aes.add(build("sparse (64 + L1 on code)", 64, Activation.RELU, List.of(Layers.activityL1(1e-4)), 0, seed));
    aes.add(build("denoising (64)", 64, Activation.RELU, List.of(), 0, seed));
    aes.add(build("contractive (16)", 16, Activation.RELU, List.of(Layers.contractive(1e-3)), 0, seed));
    out.println(trainN + " training digits, " + testN + " test digits; each autoencoder trained with Adam on the"
        + " pixels' binary cross-entropy; errors are mean squared errors per pixel");
    out.printf("%-26s %10s %14s %16s%n", "autoencoder", "test MSE", "noisy-input MSE", "seconds");
    Csv csv = Csv.of("autoencoder", "test_mse", "noisy_input_mse");
    List<Tensor> rows = new ArrayList<>();
    Tensor sample = Mnist.shippedHeldOut(10).images();
    Tensor noisySample = noisy(sample, 0.3, new Random(seed + 1));
    rows.add(sample);
    for (Ae ae : aes) {
      long t0 = System.nanoTime();
      // Trained on the binary cross-entropy of each pixel (the usual loss for images in [0, 1], with much stronger
      // gradients than the squared error at a saturated sigmoid); errors are reported as squared errors.
      Trainer.Builder b = Trainer.builder(ae.full()).loss(Losses.binaryCrossEntropy())
          .optimizer(Optimizers.adam(0.002)).batchSize(20).epochs(epochs).seed(seed);
      Dataset data = train;
      if (ae.name().startsWith("denoising")) {
        b.augment((x, r) -> noisy(x, 0.3, r));
      }
      if (ae.name().startsWith("contractive")) {
        // The Jacobian penalty differentiates every code unit of every sample: train on a tenth, small batches.
        data = train.range(0, Math.min(trainN, Math.max(20, trainN / 10)));
        b.batchSize(10).optimizer(Optimizers.adam(0.005));
      }
      b.build().fit(data);
      double clean = mean(errors(ae.full(), test, test));
      double dirty = mean(errors(ae.full(), noisyTest, test));
      out.printf("%-26s %10.5f %14.5f %16.1f%n", ae.name(), clean, dirty, (System.nanoTime() - t0) / 1e9);
      csv.row(ae.name(), clean, dirty);
      rows.add(ae.full().predict(ae.name().startsWith("denoising") ? noisySample : sample));
    }
    rows.add(3, noisySample);
    out.csv("reconstruction.csv", csv);
    Path grid = out.wrote(out.dir().resolve("reconstructions.png"));
    Images.writeGrid(grid, rows.toArray(new Tensor[0]), 28, 10, 3);
    out.println("reconstructions.png rows: originals, undercomplete, sparse, noisy inputs, denoising (from the noisy"
        + " row), contractive");

    // The 2-D code of the undercomplete autoencoder, one colour per digit.
    Tensor codes = aes.get(0).encoder().predict(test);
    Plots.Line codePlot = new Plots.Line("2-D code of the undercomplete autoencoder", "code 1", "code 2");
    for (int digit = 0; digit < 10; digit++) {
      List<double[]> pts = new ArrayList<>();
      for (int r = 0; r < testN; r++) {
        if (te.labels()[r] == digit) {
          pts.add(new double[] {codes.get(r, 0), codes.get(r, 1)});
        }
      }
      if (!pts.isEmpty()) {
        codePlot.points("digit " + digit, pts.stream().mapToDouble(p -> p[0]).toArray(),
            pts.stream().mapToDouble(p -> p[1]).toArray());
      }
    }
    out.plot("code-2d", codePlot.size(800, 700));

    // Anomaly scores: reconstruction error of digits against images that are not digits.
    Model scorer = aes.get(1).full();
    double[] normal = errors(scorer, test, test);
    Random r = new Random(seed + 2);
    double[] anomalies = new double[200];
    for (int i = 0; i < anomalies.length; i++) {
      double[] v = new double[Mnist.PIXELS];
      for (int k = 0; k < v.length; k++) {
        v[k] = r.nextDouble() < 0.15 ? 1 : 0;
      }
      Tensor img = Tensor.matrix(1, Mnist.PIXELS, v);
      anomalies[i] = errors(scorer, img, img)[0];
    }
    long above = 0;
    for (double a : anomalies) {
      for (double n : normal) {
        above += a > n ? 1 : 0;
      }
    }
    double auc = (double) above / ((long) anomalies.length * normal.length);
    out.printf("anomaly scores (sparse autoencoder's reconstruction error): digits %.4f on average, random speckle "
        + "images %.4f; ranking AUC %.3f%n", mean(normal), mean(anomalies), auc);
    Csv scores = Csv.of("kind", "score");
    for (double v : normal) {
      scores.row("digit", v);
    }
    for (double v : anomalies) {
      scores.row("speckle", v);
    }
    out.csv("anomaly-scores.csv", scores);
    return 0;
  }
}
