package dev.autodiff.examples.basics;

import dev.autodiff.core.io.AtomicFiles;
import dev.autodiff.examples.Args;
import dev.autodiff.examples.Command;
import dev.autodiff.examples.data.Synthetic;
import dev.autodiff.nn.classic.LearningRules;
import dev.autodiff.nn.classic.ThresholdNeuron;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;

/**
 * {@code neuron}: the McCulloch–Pitts neuron, the perceptron learning AND, OR and NOT, one neuron failing on XOR,
 * and Hebb's and the delta rules step by step.
 */
public final class NeuronCommand implements Command {
  static final double[] AND = {0, 0, 0, 1};
  static final double[] OR = {0, 1, 1, 1};
  static final double[] XOR = {0, 1, 1, 0};
  static final double[][] ONE = {{0}, {1}};
  static final double[] NOT = {1, 0};

  @Override
  public String name() {
    return "neuron";
  }

  @Override
  public String summary() {
    return "McCulloch-Pitts neuron; the perceptron learns AND, OR, NOT and fails on XOR; Hebb and delta rules step by step";
  }

  @Override
  public String options() {
    return "  --eta X     learning rate of the perceptron and delta rules (default 0.1)\n"
        + "  --out DIR   where to write the log (default out/neuron)\n";
  }

  @Override
  public int run(Args args, PrintStream console) throws Exception {
    double eta = args.real("eta", 0.1, 1e-6, 10);
    Path dir = args.path("out", "out/neuron");
    args.finish();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(new Tee(console, bytes), true, StandardCharsets.UTF_8);

    out.println("== McCulloch-Pitts neurons, y = [w0 + w1 x1 + w2 x2 >= 0]");
    table(out, "AND", ThresholdNeuron.and(), Synthetic.PAIRS);
    table(out, "OR ", ThresholdNeuron.or(), Synthetic.PAIRS);
    table(out, "NOT", ThresholdNeuron.not(), ONE);

    out.println();
    out.println("== Rosenblatt's perceptron rule w += eta (t - y) x, from zero weights, eta = " + eta);
    learn(out, "AND", Synthetic.PAIRS, AND, eta);
    learn(out, "OR ", Synthetic.PAIRS, OR, eta);
    learn(out, "NOT", ONE, NOT, eta);
    double[] w = new double[3];
    int epochs = LearningRules.trainPerceptron(w, Synthetic.PAIRS, XOR, eta, 1000);
    int mistakes = 0;
    ThresholdNeuron last = new ThresholdNeuron(w);
    for (int k = 0; k < 4; k++) {
      mistakes += last.output(Synthetic.PAIRS[k]) != XOR[k] ? 1 : 0;
    }
    out.println("  XOR: " + (epochs < 0 ? "no convergence in 1000 epochs" : "converged?!") + "; the last weights "
        + vec(w) + " still get " + mistakes + " of 4 wrong");
    int found = 0;
    for (double w0 = -3; w0 <= 3; w0 += 0.25) {
      for (double w1 = -3; w1 <= 3; w1 += 0.25) {
        for (double w2 = -3; w2 <= 3; w2 += 0.25) {
          found += new ThresholdNeuron(w0, w1, w2).computes(Synthetic.PAIRS, XOR) ? 1 : 0;
        }
      }
    }
    out.println("  no single threshold neuron computes XOR: of 25^3 weight triples in [-3, 3], " + found
        + " do (w0 < 0, w0 + w1 >= 0 and w0 + w2 >= 0 force w0 + w1 + w2 > 0)");

    out.println();
    out.println("== Hebb's rule: x in {0, 1}, y in {-1, 1}, when the output is wrong w_i = w_i + delta t x_i"
        + " (delta = 0.5, x0 = 1), on AND");
    double[] h = new double[3];
    double[] bipolarAnd = {-1, -1, -1, 1};
    int hebbEpochs = 0;
    for (boolean wrong = true; wrong && hebbEpochs < 50; hebbEpochs++) {
      wrong = false;
      for (int k = 0; k < 4; k++) {
        double y = ThresholdNeuron.bipolar(h).output(Synthetic.PAIRS[k]);
        if (y != bipolarAnd[k]) {
          wrong = true;
          h = LearningRules.hebb(h, Synthetic.PAIRS[k], bipolarAnd[k], 0.5);
          out.println("  epoch " + (hebbEpochs + 1) + ": x = " + vec(Synthetic.PAIRS[k]) + ", t = "
              + num(bipolarAnd[k]) + ", y = " + num(y) + "  ->  w = " + vec(h));
        }
      }
    }
    ThresholdNeuron hebbian = ThresholdNeuron.bipolar(h);
    out.print("  outputs:");
    for (double[] x : Synthetic.PAIRS) {
      out.print(" " + num(hebbian.output(x)));
    }
    out.println(hebbian.computes(Synthetic.PAIRS, bipolarAnd) ? "  (AND learned)" : "  (not AND)");

    out.println();
    out.println("== The delta (Widrow-Hoff) rule, y = S, w = w - eta (y - t) x, on OR (eta = " + eta + ")");
    double[] d = new double[3];
    for (int epoch = 1; epoch <= 3; epoch++) {
      for (int k = 0; k < 4; k++) {
        double y = LearningRules.sum(d, Synthetic.PAIRS[k]);
        d = LearningRules.delta(d, Synthetic.PAIRS[k], OR[k], eta);
        if (epoch == 1) {
          out.println("  x = " + vec(Synthetic.PAIRS[k]) + ", t = " + num(OR[k]) + ", y = " + num(y) + "  ->  w = "
              + vec(d));
        }
      }
    }
    for (int epoch = 4; epoch <= 200; epoch++) {
      for (int k = 0; k < 4; k++) {
        d = LearningRules.delta(d, Synthetic.PAIRS[k], OR[k], eta);
      }
    }
    out.println("  after 200 epochs w = " + vec(d) + ", outputs " + outputs(d, Synthetic.PAIRS)
        + " (least squares: 0.25, 0.75, 0.75, 1.25)");

    out.println();
    out.println("== The sigmoid delta rule, y = 1/(1 + e^-S), w = w - eta (y - t) x y (1 - y), on AND (eta = 2)");
    double[] s = new double[3];
    for (int epoch = 1; epoch <= 2000; epoch++) {
      for (int k = 0; k < 4; k++) {
        s = LearningRules.sigmoidDelta(s, Synthetic.PAIRS[k], AND[k], 2, 1);
      }
      if (epoch == 1 || epoch == 10 || epoch == 100 || epoch == 2000) {
        out.println("  epoch " + epoch + ": w = " + vec(s) + ", outputs " + sigmoidOutputs(s, Synthetic.PAIRS));
      }
    }
    AtomicFiles.writeString(dir.resolve("neuron.log"), bytes.toString(StandardCharsets.UTF_8));
    console.println("wrote " + dir.resolve("neuron.log"));
    return 0;
  }

  private static void table(PrintStream out, String name, ThresholdNeuron n, double[][] inputs) {
    StringBuilder b = new StringBuilder("  " + name + " w = " + vec(n.weights()) + ":");
    for (double[] x : inputs) {
      b.append("  ").append(vec(x)).append(" -> ").append(num(n.output(x)));
    }
    out.println(b);
  }

  private static void learn(PrintStream out, String name, double[][] inputs, double[] targets, double eta) {
    double[] w = new double[inputs[0].length + 1];
    int epochs = LearningRules.trainPerceptron(w, inputs, targets, eta, 1000);
    out.println("  " + name + ": learned in " + epochs + " epochs, w = " + vec(w) + ", correct on all inputs: "
        + new ThresholdNeuron(w).computes(inputs, targets));
  }

  private static String outputs(double[] w, double[][] inputs) {
    StringBuilder b = new StringBuilder();
    for (double[] x : inputs) {
      b.append(b.length() == 0 ? "" : ", ").append(num(LearningRules.sum(w, x)));
    }
    return b.toString();
  }

  private static String sigmoidOutputs(double[] w, double[][] inputs) {
    StringBuilder b = new StringBuilder();
    for (double[] x : inputs) {
      b.append(b.length() == 0 ? "" : ", ").append(num(1 / (1 + Math.exp(-LearningRules.sum(w, x)))));
    }
    return b.toString();
  }

  static String vec(double[] v) {
    StringBuilder b = new StringBuilder("(");
    for (int i = 0; i < v.length; i++) {
      b.append(i == 0 ? "" : ", ").append(num(v[i]));
    }
    return b.append(')').toString();
  }

  static String num(double v) {
    String s = String.format(Locale.ROOT, "%.3f", v);
    s = s.replaceAll("0+$", "").replaceAll("\\.$", "");
    return s.equals("-0") ? "0" : s;
  }

  /** Writes to two streams. */
  static final class Tee extends java.io.OutputStream {
    private final java.io.OutputStream a;
    private final java.io.OutputStream b;

    Tee(java.io.OutputStream a, java.io.OutputStream b) {
      this.a = a;
      this.b = b;
    }

    @Override
    public void write(int x) throws java.io.IOException {
      a.write(x);
      b.write(x);
    }

    @Override
    public void write(byte[] buf, int off, int len) throws java.io.IOException {
      a.write(buf, off, len);
      b.write(buf, off, len);
    }

    @Override
    public void flush() throws java.io.IOException {
      a.flush();
      b.flush();
    }
  }
}
