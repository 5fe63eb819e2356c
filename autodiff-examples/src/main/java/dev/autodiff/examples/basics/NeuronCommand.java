package dev.autodiff.examples.basics;

import static dev.autodiff.examples.Text.num;
import static dev.autodiff.examples.Text.vec;

import dev.autodiff.examples.Command;
import dev.autodiff.examples.Option;
import dev.autodiff.examples.Options;
import dev.autodiff.examples.Output;
import dev.autodiff.examples.data.Synthetic;
import dev.autodiff.nn.classic.LearningRules;
import dev.autodiff.nn.classic.ThresholdNeuron;
import java.util.List;

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

  static final Option<Double> ETA = Option.real("eta", 0.1, 1e-6, 10,
      "learning rate of the perceptron and delta rules");

  @Override
  public List<Option<?>> options() {
    return List.of(ETA);
  }

  @Override
  public int run(Options o, Output out) throws Exception {
    double eta = o.get(ETA);
    out.alsoLogTo("neuron.log");

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
    return 0;
  }

  private static void table(Output out, String name, ThresholdNeuron n, double[][] inputs) {
    StringBuilder b = new StringBuilder("  " + name + " w = " + vec(n.weights()) + ":");
    for (double[] x : inputs) {
      b.append("  ").append(vec(x)).append(" -> ").append(num(n.output(x)));
    }
    out.println(b);
  }

  private static void learn(Output out, String name, double[][] inputs, double[] targets, double eta) {
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
}
