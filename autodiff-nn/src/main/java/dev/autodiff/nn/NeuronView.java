package dev.autodiff.nn;

import static com.google.common.base.Preconditions.checkArgument;
import static dev.autodiff.core.Require.checkNotNull;

import dev.autodiff.core.exec.Feeds;
import dev.autodiff.core.exec.Program;
import dev.autodiff.core.exec.Results;
import dev.autodiff.core.grad.Gradients;
import dev.autodiff.core.graph.Graph;
import dev.autodiff.core.graph.Input;
import dev.autodiff.core.graph.Node;
import dev.autodiff.core.tensor.Shape;
import dev.autodiff.core.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * A small MLP seen neuron by neuron, as the lecture draws backpropagation: for one sample {@code x} with desired
 * outputs {@code d} and the error {@code E = 1/2 sum_j e_j^2}, {@code e_j = d_j - y_j}, each neuron {@code j} of a
 * layer has its sum {@code S_j = sum_i w_ij y_i} (with {@code y_0 = +1} and {@code w_0j} the bias), its output
 * {@code y_j = phi(S_j)}, and its local gradient {@code delta_j = -dE/dS_j}: {@code phi'(S_j) e_j} on the output layer,
 * {@code phi'(S_j) sum_k delta_k w_jk} below; each weight has {@code dE/dw_ij = -delta_j y_i}. Every number is
 * computed by the engine: values by the forward program, {@code delta} and {@code dE/dw} as gradient nodes,
 * {@code phi'} as the gradient of the layer's outputs with respect to its sums. {@link NeuronDrawing} draws it;
 * {@link NeuronTrace} writes the lecture's per-neuron formulas with the numbers.
 *
 * <p>The model must be a sequence of {@link Dense} layers, each followed by at most one elementwise activation (as
 * {@link Mlp} builds them); a softmax couples the neurons of its layer and is refused.
 *
 * @param layers the layers of neurons, input first ({@code inputs} holds {@code x}; it has no sums or deltas)
 * @param inputs the sample
 * @param desired the desired outputs {@code d}
 * @param error {@code E}
 */
public record NeuronView(List<Layer> layers, double[] inputs, double[] desired, double error) {
  /**
   * One layer of neurons and the weights into it.
   *
   * @param name the dense layer's name
   * @param activation the activation's name ({@code identity} when there is none)
   * @param sums {@code S_j}
   * @param outputs {@code y_j}
   * @param derivatives {@code phi'(S_j)}
   * @param deltas {@code delta_j = -dE/dS_j}
   * @param weights {@code w_ij}, {@code [i][j]}, row 0 the biases {@code w_0j} (the "+1" neuron's)
   * @param gradients {@code dE/dw_ij}, the same layout
   */
  public record Layer(String name, String activation, double[] sums, double[] outputs, double[] derivatives,
      double[] deltas, double[][] weights, double[][] gradients) {
    public Layer {
      checkNotNull(name, "neuron view: layer name is null");
      checkNotNull(activation, "neuron view: activation is null");
      checkNotNull(sums, "neuron view: sums are null");
      checkNotNull(outputs, "neuron view: outputs are null");
      checkNotNull(derivatives, "neuron view: derivatives are null");
      checkNotNull(deltas, "neuron view: deltas are null");
      checkNotNull(weights, "neuron view: weights are null");
      checkNotNull(gradients, "neuron view: gradients are null");
      int n = outputs.length;
      checkArgument(sums.length == n && derivatives.length == n && deltas.length == n,
          "neuron view: layer %s: %s outputs but %s sums, %s derivatives, %s deltas", name, n, sums.length,
          derivatives.length, deltas.length);
      checkArgument(weights.length >= 1 && gradients.length == weights.length,
          "neuron view: layer %s: %s rows of weights, %s of gradients", name, weights.length, gradients.length);
      for (int i = 0; i < weights.length; i++) {
        checkArgument(weights[i] != null && gradients[i] != null && weights[i].length == n
            && gradients[i].length == n, "neuron view: layer %s: row %s of weights or gradients is not %s wide",
            name, i, n);
      }
      sums = sums.clone();
      outputs = outputs.clone();
      derivatives = derivatives.clone();
      deltas = deltas.clone();
      weights = deepCopy(weights);
      gradients = deepCopy(gradients);
    }

    /** The number of neurons. */
    public int size() {
      return outputs.length;
    }

    @Override
    public double[] sums() {
      return sums.clone();
    }

    @Override
    public double[] outputs() {
      return outputs.clone();
    }

    @Override
    public double[] derivatives() {
      return derivatives.clone();
    }

    @Override
    public double[] deltas() {
      return deltas.clone();
    }

    @Override
    public double[][] weights() {
      return deepCopy(weights);
    }

    @Override
    public double[][] gradients() {
      return deepCopy(gradients);
    }
  }

  /** A view of {@code layers} (at least one), copied. */
  public NeuronView {
    checkNotNull(layers, "neuron view: layers are null");
    checkNotNull(inputs, "neuron view: inputs are null");
    checkNotNull(desired, "neuron view: desired outputs are null");
    checkArgument(!layers.isEmpty(), "neuron view: no layers");
    for (int l = 0; l < layers.size(); l++) {
      checkNotNull(layers.get(l), "neuron view: layer %s is null", l + 1);
    }
    checkArgument(desired.length == layers.get(layers.size() - 1).size(),
        "neuron view: %s desired outputs, the last layer has %s neurons", desired.length,
        layers.get(layers.size() - 1).size());
    layers = List.copyOf(layers);
    inputs = inputs.clone();
    desired = desired.clone();
  }

  /** The view of {@code model} at {@code sample} with desired outputs {@code desired}. */
  public static NeuronView of(Model model, double[] sample, double[] desired) {
    checkNotNull(model, "NeuronView.of: model is null");
    checkNotNull(sample, "NeuronView.of: sample is null");
    checkNotNull(desired, "NeuronView.of: desired outputs are null");
    checkArgument(sample.length == model.inputWidth(), "neurons: the sample has %s values, the model takes %s",
        sample.length, model.inputWidth());
    checkArgument(desired.length == model.outputWidth(), "neurons: %s desired outputs, the model gives %s",
        desired.length, model.outputWidth());
    List<Dense> dense = new ArrayList<>();
    List<Activation> activations = new ArrayList<>();
    split(model.network(), dense, activations);
    Graph g = model.graph().branch();
    try (Graph.Building b = g.building()) {
      Input x = g.input("x", Shape.of(1, sample.length));
      Input d = g.input("d", Shape.of(1, desired.length));
      Context ctx = new Context(false, x, "neurons");
      List<Node> sums = new ArrayList<>();
      List<Node> outs = new ArrayList<>();
      Node y = x;
      for (int l = 0; l < dense.size(); l++) {
        Node s = dense.get(l).forward(y, ctx);
        y = activations.get(l).apply(s);
        sums.add(s);
        outs.add(y);
      }
      Node e = d.minus(y);
      Node error = e.times(e).sum().times(0.5);
      List<Node> wrt = new ArrayList<>(sums);
      for (Dense l : dense) {
        wrt.add(l.weights());
        wrt.add(l.bias());
      }
      List<Node> grads = Gradients.gradients(error, wrt);
      List<Node> derivatives = new ArrayList<>();
      for (int l = 0; l < dense.size(); l++) {
        derivatives.add(Gradients.gradients(outs.get(l).sum(), sums.get(l)).get(0));
      }
      List<Node> all = new ArrayList<>(sums);
      all.addAll(outs);
      all.addAll(derivatives);
      all.addAll(grads);
      all.add(error);
      Results r = Program.compile(all).run(Feeds.of(x, Tensor.row(sample)).with(d, Tensor.row(desired)));
      List<Layer> layers = new ArrayList<>();
      int n = dense.size();
      for (int l = 0; l < n; l++) {
        Dense dl = dense.get(l);
        double[] delta = r.get(grads.get(l)).toArray();
        for (int j = 0; j < delta.length; j++) {
          delta[j] = -delta[j];
        }
        layers.add(new Layer(dl.name(), activations.get(l).spec(), r.get(sums.get(l)).toArray(),
            r.get(outs.get(l)).toArray(), r.get(derivatives.get(l)).toArray(), delta,
            withBias(dl.weights().value(), dl.bias().value()),
            withBias(r.get(grads.get(n + 2 * l)), r.get(grads.get(n + 2 * l + 1)))));
      }
      return new NeuronView(List.copyOf(layers), sample.clone(), desired.clone(), r.scalar(error));
    }
  }

  /** The model's dense layers and the activation after each (identity where none follows). */
  private static void split(dev.autodiff.nn.Layer network, List<Dense> dense, List<Activation> activations) {
    List<dev.autodiff.nn.Layer> parts = network instanceof Sequential s ? s.layers() : List.of(network);
    for (int i = 0; i < parts.size(); i++) {
      dev.autodiff.nn.Layer l = parts.get(i);
      if (l instanceof Dense dl) {
        dense.add(dl);
        activations.add(Activation.IDENTITY);
      } else if (l instanceof Layers.ActivationLayer a && !dense.isEmpty()
          && activations.get(activations.size() - 1) == Activation.IDENTITY && parts.get(i - 1) instanceof Dense) {
        checkArgument(!a.activation().spec().equals("softmax"),
            "neurons: layer %s is a softmax, which couples the neurons of its layer; the per-neuron view needs "
                + "elementwise activations (train on logits, or draw the model with Dot)", i + 1);
        activations.set(activations.size() - 1, a.activation());
      } else {
        throw new IllegalArgumentException(String.format("neurons: layer %s (%s) is not a dense layer or the one "
            + "activation after one; the per-neuron view draws MLPs of dense layers and activations", i + 1,
            l.describe()));
      }
    }
    checkArgument(!dense.isEmpty(), "neurons: the model has no dense layer");
  }

  private static double[][] withBias(Tensor weights, Tensor bias) {
    double[][] w = new double[weights.rows() + 1][weights.cols()];
    for (int j = 0; j < weights.cols(); j++) {
      w[0][j] = bias.at(j);
      for (int i = 0; i < weights.rows(); i++) {
        w[i + 1][j] = weights.get(i, j);
      }
    }
    return w;
  }

  @Override
  public double[] inputs() {
    return inputs.clone();
  }

  @Override
  public double[] desired() {
    return desired.clone();
  }

  private static double[][] deepCopy(double[][] m) {
    double[][] c = new double[m.length][];
    for (int i = 0; i < m.length; i++) {
      c[i] = m[i].clone();
    }
    return c;
  }

  /** {@code y_i} of layer {@code l} of neurons, 0 the inputs. */
  public double[] outputsOf(int l) {
    checkArgument(l >= 0 && l <= layers.size(), "neuron view: outputsOf: layer %s of 0..%s", l, layers.size());
    return l == 0 ? inputs.clone() : layers.get(l - 1).outputs();
  }
}
