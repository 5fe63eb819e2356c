package dev.autodiff.examples.mnist;

import dev.autodiff.core.graph.Graph;
import dev.autodiff.core.io.AtomicFiles;
import dev.autodiff.core.tensor.Tensor;
import dev.autodiff.examples.Args;
import dev.autodiff.examples.Command;
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
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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

  @Override
  public String options() {
    return "  --train N   training digits (default 3000)\n"
        + "  --test N    test digits (default 1000)\n"
        + "  --epochs N  epochs of each autoencoder (default 10; the contractive one trains on a tenth)\n"
        + "  --seed N    seed (default 1)\n"
        + "  --out DIR   where to write (default out/autoencoder)\n";
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
  public int run(Args args, PrintStream out) throws Exception {
    int trainN = (int) args.integer("train", 3000, 20, 8000);
    int testN = (int) args.integer("test", 1000, 10, 2000);
    int epochs = (int) args.integer("epochs", 10, 1, 100_000);
    long seed = args.integer("seed", 1, Long.MIN_VALUE, Long.MAX_VALUE);
    Path dir = args.path("out", "out/autoencoder");
    args.finish();
    Mnist.Set all = Mnist.shipped();
    Mnist.Set tr = all.range(0, trainN);
    Mnist.Set te = all.range(8000, 8000 + testN);
    Dataset train = Dataset.of(tr.images(), tr.images());
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
    out.println(String.format(Locale.ROOT, "%-26s %10s %14s %16s", "autoencoder", "test MSE", "noisy-input MSE",
        "seconds"));
    StringBuilder csv = new StringBuilder("autoencoder,test_mse,noisy_input_mse\n");
    List<Tensor> rows = new ArrayList<>();
    Tensor sample = all.range(8000, 8010).images();
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
        data = train.range(0, Math.max(20, trainN / 10));
        b.batchSize(10).optimizer(Optimizers.adam(0.005));
      }
      b.build().fit(data);
      double clean = mean(errors(ae.full(), test, test));
      double dirty = mean(errors(ae.full(), noisyTest, test));
      out.println(String.format(Locale.ROOT, "%-26s %10.5f %14.5f %16.1f", ae.name(), clean, dirty,
          (System.nanoTime() - t0) / 1e9));
      csv.append(ae.name()).append(',').append(clean).append(',').append(dirty).append('\n');
      rows.add(ae.full().predict(ae.name().startsWith("denoising") ? noisySample : sample));
    }
    rows.add(3, noisySample);
    List<Path> written = new ArrayList<>();
    Path errs = dir.resolve("reconstruction.csv");
    AtomicFiles.writeString(errs, csv.toString());
    written.add(errs);
    Path grid = dir.resolve("reconstructions.png");
    Images.writeGrid(grid, rows.toArray(new Tensor[0]), 28, 10, 3);
    written.add(grid);
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
    written.addAll(codePlot.size(800, 700).write(dir.resolve("code-2d")));

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
    out.println(String.format(Locale.ROOT, "anomaly scores (sparse autoencoder's reconstruction error): digits "
        + "%.4f on average, random speckle images %.4f; ranking AUC %.3f", mean(normal), mean(anomalies), auc));
    Path scores = dir.resolve("anomaly-scores.csv");
    StringBuilder sc = new StringBuilder("kind,score\n");
    for (double v : normal) {
      sc.append("digit,").append(v).append('\n');
    }
    for (double v : anomalies) {
      sc.append("speckle,").append(v).append('\n');
    }
    AtomicFiles.writeString(scores, sc.toString());
    written.add(scores);
    out.println("wrote:");
    written.forEach(p -> out.println("  " + p));
    return 0;
  }
}
