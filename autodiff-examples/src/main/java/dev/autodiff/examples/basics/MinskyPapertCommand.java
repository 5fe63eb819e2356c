package dev.autodiff.examples.basics;

import dev.autodiff.core.exec.Program;
import dev.autodiff.core.graph.Graph;
import dev.autodiff.core.graph.Node;
import dev.autodiff.core.tensor.Tensor;
import dev.autodiff.examples.Command;
import dev.autodiff.examples.Option;
import dev.autodiff.examples.Options;
import dev.autodiff.examples.Output;
import dev.autodiff.nn.Dense;
import dev.autodiff.nn.Init;
import dev.autodiff.nn.Layer;
import dev.autodiff.nn.Model;
import dev.autodiff.nn.Sequential;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * {@code minsky-papert}: without nonlinear activations depth buys nothing: a stack of linear layers is one linear
 * map {@code x W + b} with {@code W = W1 W2 ... Wn} and {@code b} folded through, and the outputs agree to rounding.
 */
public final class MinskyPapertCommand implements Command {
  @Override
  public String name() {
    return "minsky-papert";
  }

  @Override
  public String summary() {
    return "a deep linear network collapses to one matrix: the outputs agree to rounding";
  }

  static final Option<Integer> LAYERS = Option.integer("layers", 6, 1, 1000, "linear layers");
  static final Option<Integer> WIDTH = Option.integer("width", 8, 1, 10_000, "units per layer");
  static final Option<Long> SEED = Option.seed(1, "the weights and inputs");

  @Override
  public List<Option<?>> options() {
    return List.of(LAYERS, WIDTH, SEED);
  }

  @Override
  public boolean writesFiles() {
    return false;
  }

  @Override
  public int run(Options o, Output out) {
    int layers = o.get(LAYERS);
    int width = o.get(WIDTH);
    long seed = o.get(SEED);
    Graph g = Graph.create();
    Random r = new Random(seed);
    List<Layer> stack = new ArrayList<>();
    List<Dense> dense = new ArrayList<>();
    for (int i = 0; i < layers; i++) {
      Dense d = new Dense(g, "linear" + (i + 1), width, width, Init.normal(0.5), r);
      d.bias().set(Init.normal(0.5).weights(1, width, r));
      dense.add(d);
      stack.add(d);
    }
    Model deep = new Model(g, new Sequential(stack), width);
    // Collapse: W = W1 ... Wn, b = (...((b1 W2 + b2) W3 + b3)...) Wn + bn, computed with the engine.
    Node w = dense.get(0).weights();
    Node b = dense.get(0).bias();
    for (int i = 1; i < layers; i++) {
      w = w.matmul(dense.get(i).weights());
      b = b.matmul(dense.get(i).weights()).plus(dense.get(i).bias());
    }
    Tensor wv = Program.evaluate(w);
    Tensor bv = Program.evaluate(b);
    double[] xs = new double[100 * width];
    for (int i = 0; i < xs.length; i++) {
      xs[i] = r.nextGaussian();
    }
    Tensor x = Tensor.matrix(100, width, xs);
    Tensor deepOut = deep.predict(x);
    Node shallow = g.constant(x).matmul(g.constant(wv)).plus(g.constant(bv));
    Tensor shallowOut = Program.evaluate(shallow);
    double maxDiff = 0;
    double maxAbs = 0;
    for (int i = 0; i < deepOut.size(); i++) {
      maxDiff = Math.max(maxDiff, Math.abs(deepOut.at(i) - shallowOut.at(i)));
      maxAbs = Math.max(maxAbs, Math.abs(deepOut.at(i)));
    }
    out.println(layers + " linear layers of width " + width + " (" + deep.parameterCount() + " parameters) against"
        + " the single layer x W + b they multiply out to (" + (width * width + width) + " parameters)");
    out.printf("on 100 random inputs: largest output %.4g, largest difference %.3g "
        + "(relative %.2g): the same function, up to rounding%n", maxAbs, maxDiff, maxDiff / maxAbs);
    boolean same = maxDiff <= 1e-9 * Math.max(1, maxAbs);
    out.println(same ? "outputs agree" : "OUTPUTS DIFFER");
    return same ? 0 : 1;
  }
}
