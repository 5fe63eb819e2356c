package dev.autodiff.examples.basics;

import dev.autodiff.core.exec.Feeds;
import dev.autodiff.core.graph.Input;
import dev.autodiff.core.graph.Node;
import dev.autodiff.core.tensor.Shape;
import dev.autodiff.core.tensor.Tensor;
import dev.autodiff.core.viz.BackpropTrace;
import dev.autodiff.core.viz.Dot;
import dev.autodiff.core.viz.DotOptions;
import dev.autodiff.core.viz.Graphviz;
import dev.autodiff.examples.Args;
import dev.autodiff.examples.Command;
import dev.autodiff.examples.Plots;
import dev.autodiff.examples.data.Synthetic;
import dev.autodiff.nn.Activation;
import dev.autodiff.nn.Init;
import dev.autodiff.nn.Losses;
import dev.autodiff.nn.Mlp;
import dev.autodiff.nn.Model;
import dev.autodiff.nn.optim.Optimizers;
import dev.autodiff.nn.train.Dataset;
import dev.autodiff.nn.train.History;
import dev.autodiff.nn.train.Metric;
import dev.autodiff.nn.train.Trainer;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** {@code xor}: the 2-2-1 sigmoid MLP that solves what one neuron cannot, drawn after training. */
public final class XorCommand implements Command {
  @Override
  public String name() {
    return "xor";
  }

  @Override
  public String summary() {
    return "a 2-2-1 sigmoid MLP (9 parameters) solves XOR; the trained network drawn as DOT/SVG";
  }

  @Override
  public String options() {
    return "  --epochs N  full-batch epochs (default 3000)\n"
        + "  --lr X      gradient-descent learning rate (default 2)\n"
        + "  --seed N    seed of the weights (default 4)\n"
        + "  --out DIR   where to write (default out/xor)\n";
  }

  @Override
  public int run(Args args, PrintStream out) throws Exception {
    int epochs = (int) args.integer("epochs", 3000, 1, 10_000_000);
    double lr = args.real("lr", 2, 1e-6, 100);
    long seed = args.integer("seed", 4, Long.MIN_VALUE, Long.MAX_VALUE);
    Path dir = args.path("out", "out/xor");
    args.finish();
    Model m = Mlp.builder().inputs(2).hidden(2, Activation.SIGMOID).outputs(1, Activation.SIGMOID)
        .init(Init.uniform(1)).seed(seed).build();
    out.println("model: " + m);
    out.println("parameters: 2*2 + 2 + 2*1 + 1 = " + m.parameterCount());
    Dataset xor = Synthetic.xor();
    History h = Trainer.builder(m).loss(Losses.mse()).optimizer(Optimizers.sgd(lr)).batchSize(4).epochs(epochs)
        .shuffle(false).metrics(Metric.ACCURACY).build().fit(xor);
    out.println("full-batch gradient descent, lr " + lr + ", " + h.epochCount() + " epochs: loss "
        + h.last("loss") + ", accuracy " + h.last("accuracy"));
    boolean solved = true;
    for (int k = 0; k < 4; k++) {
      double y = m.predict(Synthetic.PAIRS[k])[0];
      double t = xor.targets().at(k);
      solved &= (y >= 0.5) == (t >= 0.5);
      out.printf(java.util.Locale.ROOT, "  %s -> %.4f (target %s)%n", NeuronCommand.vec(Synthetic.PAIRS[k]), y,
          NeuronCommand.num(t));
    }
    out.println(solved ? "XOR solved" : "XOR NOT solved (try another --seed or more --epochs)");

    List<Path> written = new ArrayList<>();
    written.addAll(new Plots.Line("XOR: loss per epoch", "epoch", "MSE").series("loss", h.get("loss"))
        .logY().write(dir.resolve("loss")));
    Model.Pass pass = m.newPass("sample", 1, false);
    Input x = pass.input();
    Input t = m.graph().input("target", Shape.of(1, 1));
    Node y = pass.output();
    Node loss = Losses.mse().apply(y, t).named("L");
    Feeds feeds = Feeds.of(x, Tensor.of(Shape.of(1, 2), 1, 0)).with(t, Tensor.matrix(1, 1, 1));
    BackpropTrace trace = BackpropTrace.of(loss, feeds);
    DotOptions o = DotOptions.defaults().withTitle("trained XOR network at x = (1, 0), t = 1").withoutConstants();
    written.addAll(Graphviz.write(dir.resolve("network.dot"), Dot.backprop(trace, o)));
    written.addAll(Graphviz.write(dir.resolve("network-layers.dot"),
        Dot.backprop(trace, o.withCollapsed("hidden1").withCollapsed("output"))));
    out.println("wrote:");
    written.forEach(p -> out.println("  " + p));
    return solved ? 0 : 1;
  }
}
