package dev.autodiff.nn.onnx;

import dev.autodiff.core.graph.Graph;
import dev.autodiff.core.graph.Parameter;
import dev.autodiff.core.tensor.Image;
import dev.autodiff.core.tensor.Shape;
import dev.autodiff.core.tensor.Tensor;
import dev.autodiff.core.tensor.Window;
import dev.autodiff.core.tensor.Window.Padding;
import dev.autodiff.nn.Activation;
import dev.autodiff.nn.AveragePool2D;
import dev.autodiff.nn.BatchNorm;
import dev.autodiff.nn.Conv2D;
import dev.autodiff.nn.Dense;
import dev.autodiff.nn.Ensemble;
import dev.autodiff.nn.Flatten;
import dev.autodiff.nn.Init;
import dev.autodiff.nn.Layer;
import dev.autodiff.nn.LayerNorm;
import dev.autodiff.nn.Layers;
import dev.autodiff.nn.MaxPool2D;
import dev.autodiff.nn.Mlp;
import dev.autodiff.nn.Model;
import dev.autodiff.nn.Parallel;
import dev.autodiff.nn.Sequential;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** The models the ONNX tests export: between them, every built-in layer, with random (seeded) weights and state. */
final class OnnxModels {
  private OnnxModels() {}

  /** Every activation of {@link Activation}, PReLU, and a softmax output. */
  static Model mlp() {
    Graph g = Graph.create();
    Random r = new Random(11);
    List<Layer> layers = new ArrayList<>();
    Activation[] activations = {Activation.TANH, Activation.RELU, Activation.sigmoid(2), Activation.SIGMOID,
        Activation.elu(0.5), Activation.LEAKY_RELU, Activation.leakyRelu(-0.3), Activation.SOFTPLUS,
        Activation.STEP, Activation.IDENTITY};
    int width = 5;
    for (int i = 0; i < activations.length; i++) {
      int next = 6 + i % 3;
      layers.add(new Dense(g, "hidden" + (i + 1), width, next, Init.xavier(), r));
      layers.add(Layers.activation(activations[i]));
      width = next;
    }
    layers.add(Layers.prelu(g, "prelu", width, 0.2));
    layers.add(new Dense(g, "output", width, 4, Init.xavier(), r));
    layers.add(Layers.activation(Activation.SOFTMAX));
    return randomized(new Model(g, new Sequential(layers), 5), 12);
  }

  /** Dropout, batch and layer normalization, activity and contractive penalties, and a Parallel of two branches. */
  static Model normalized() {
    Graph g = Graph.create();
    Random r = new Random(21);
    Layer branches = Parallel.of(new Dense(g, "left", 8, 3, Init.xavier(), r),
        Sequential.of(new Dense(g, "right", 8, 4, Init.xavier(), r), Layers.activation(Activation.TANH)));
    Layer net = Sequential.of(
        new Dense(g, "hidden", 6, 8, Init.xavier(), r),
        new BatchNorm(g, "bn", 8),
        Layers.activation(Activation.RELU),
        Layers.dropout(0.3),
        Layers.activityL1(0.01),
        new LayerNorm(g, "ln", 8, 1e-3),
        Layers.contractive(0.1),
        branches,
        new Dense(g, "output", 7, 2, Init.xavier(), r));
    return randomized(new Model(g, net, 6), 22);
  }

  /**
   * Convolutions 'same' and 'valid' with strides of 1 and 2, max and average pooling 'same' (windows that cross the
   * edge, where average pooling counts only the pixels inside) and 'valid', activations between them, Flatten, Dense.
   */
  static Model cnn() {
    Graph g = Graph.create();
    Random r = new Random(31);
    Image in = Image.of(14, 13, 2);
    Conv2D c1 = new Conv2D(g, "conv1", in, 3, Window.square(3, Padding.SAME), Init.xavier(), r);
    MaxPool2D p1 = new MaxPool2D("pool1", c1.outputImage().orElseThrow(), Window.of(2, 2, 2, 2, Padding.SAME));
    Conv2D c2 = new Conv2D(g, "conv2", p1.outputImage().orElseThrow(), 4, Window.of(2, 3, 1, 2, Padding.VALID),
        Init.xavier(), r);
    AveragePool2D p2 = new AveragePool2D("pool2", c2.outputImage().orElseThrow(), Window.of(3, 2, 2, 1, Padding.SAME));
    Conv2D c3 = new Conv2D(g, "conv3", p2.outputImage().orElseThrow(), 3, Window.of(2, 2, 1, 1, Padding.SAME),
        Init.xavier(), r);
    AveragePool2D p3 = new AveragePool2D(c3.outputImage().orElseThrow(), Window.of(2, 2, 1, 1, Padding.VALID));
    MaxPool2D p4 = new MaxPool2D(p3.outputImage().orElseThrow(), Window.of(1, 1, 1, 1, Padding.VALID));
    Image last = p4.outputImage().orElseThrow();
    Layer net = Sequential.of(c1, Layers.activation(Activation.RELU), p1, c2, Layers.activation(Activation.TANH), p2,
        c3, p3, p4, new Flatten(), new Dense(g, "output", last.columns(), 3, Init.xavier(), r),
        Layers.activation(Activation.SOFTMAX));
    return randomized(new Model(g, net, in.columns()), 32);
  }

  /** Max pooling 'same' and 'valid' (ONNX Runtime has a float64 MaxPool), an activation between, Flatten, Dense. */
  static Model maxPooled() {
    Graph g = Graph.create();
    Image in = Image.of(7, 6, 3);
    MaxPool2D p1 = new MaxPool2D("pool1", in, Window.of(2, 3, 2, 2, Padding.SAME));
    MaxPool2D p2 = new MaxPool2D(p1.outputImage().orElseThrow(), Window.of(2, 2, 1, 1, Padding.VALID));
    Image last = p2.outputImage().orElseThrow();
    Layer net = Sequential.of(p1, Layers.activation(Activation.elu(1)), p2, new Flatten(),
        new Dense(g, "output", last.columns(), 2, Init.xavier(), new Random(51)));
    return randomized(new Model(g, net, in.columns()), 52);
  }

  /** Three MLPs in one graph, averaged as probabilities, and an ensemble averaging two of their outputs as they are. */
  static List<Model> ensembles() {
    Graph g = Graph.create();
    List<Model> members = new ArrayList<>();
    for (int i = 1; i <= 3; i++) {
      members.add(Mlp.builder().graph(g).name("m" + i).inputs(4).hidden(6, Activation.TANH)
          .outputs(3, Activation.IDENTITY).seed(40 + i).build());
    }
    return List.of(randomized(Ensemble.of(members, Ensemble.Combination.MEAN_PROBABILITIES).model(), 44),
        randomized(Ensemble.of(members.subList(0, 2)).model(), 45));
  }

  /** {@code model} with every parameter and state value drawn at random (variances positive). */
  static Model randomized(Model model, long seed) {
    Random r = new Random(seed);
    List<Parameter> all = new ArrayList<>(model.parameters());
    all.addAll(model.state());
    for (Parameter p : all) {
      Shape s = p.shape();
      double[] v = new double[s.size()];
      boolean positive = p.label().endsWith("running_var");
      for (int i = 0; i < v.length; i++) {
        v[i] = positive ? 0.2 + r.nextDouble() : r.nextGaussian() * 0.7;
      }
      p.set(Tensor.of(s, v));
    }
    return model;
  }

  /** {@code model} with its parameters and state rounded to float32, for comparing with a float32 export. */
  static Model roundedToFloat(Model model) {
    List<Parameter> all = new ArrayList<>(model.parameters());
    all.addAll(model.state());
    for (Parameter p : all) {
      double[] v = p.value().toArray();
      for (int i = 0; i < v.length; i++) {
        v[i] = (float) v[i];
      }
      p.set(Tensor.of(p.shape(), v));
    }
    return model;
  }

  /** A seeded random batch of {@code rows} samples for {@code model}, rounded to float32 when {@code float32}. */
  static Tensor batch(Model model, int rows, long seed, boolean float32) {
    Random r = new Random(seed);
    double[] v = new double[rows * model.inputWidth()];
    for (int i = 0; i < v.length; i++) {
      v[i] = r.nextGaussian();
      if (float32) {
        v[i] = (float) v[i];
      }
    }
    return Tensor.matrix(rows, model.inputWidth(), v);
  }
}
