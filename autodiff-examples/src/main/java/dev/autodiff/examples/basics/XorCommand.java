package dev.autodiff.examples.basics;

import dev.autodiff.core.viz.BackpropTrace;
import dev.autodiff.core.viz.Dot;
import dev.autodiff.core.viz.DotOptions;
import dev.autodiff.examples.Command;
import dev.autodiff.examples.Option;
import dev.autodiff.examples.Options;
import dev.autodiff.examples.Output;
import dev.autodiff.examples.Plots;
import dev.autodiff.examples.Text;
import dev.autodiff.examples.data.Synthetic;
import dev.autodiff.nn.Activation;
import dev.autodiff.nn.Init;
import dev.autodiff.nn.LectureView;
import dev.autodiff.nn.Losses;
import dev.autodiff.nn.Mlp;
import dev.autodiff.nn.Model;
import dev.autodiff.nn.optim.Optimizers;
import dev.autodiff.nn.train.Dataset;
import dev.autodiff.nn.train.History;
import dev.autodiff.nn.train.Metric;
import dev.autodiff.nn.train.Trainer;
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

  static final Option<Integer> EPOCHS = Option.integer("epochs", 3000, 1, 10_000_000, "full-batch epochs");
  static final Option<Double> LR = Option.real("lr", 2, 1e-6, 100, "gradient-descent learning rate");
  static final Option<Long> SEED = Option.seed(4, "the weights");

  @Override
  public List<Option<?>> options() {
    return List.of(EPOCHS, LR, SEED);
  }

  @Override
  public int run(Options o, Output out) throws Exception {
    int epochs = o.get(EPOCHS);
    double lr = o.get(LR);
    long seed = o.get(SEED);
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
      out.printf("  %s -> %.4f (target %s)%n", Text.vec(Synthetic.PAIRS[k]), y, Text.num(t));
    }
    out.println(solved ? "XOR solved" : "XOR NOT solved (try another --seed or more --epochs)");

    out.plot("loss", new Plots.Line("XOR: loss per epoch", "epoch", "MSE").series("loss", h.get("loss")).logY());
    // the trained network on one sample, named and laid out as the lecture draws it (S1, h1, y, E; dS1; a slide)
    LectureView lecture = LectureView.of(m, Losses.halfSquaredError(), new double[] {1, 0}, new double[] {1});
    BackpropTrace trace = lecture.trace();
    DotOptions view = lecture.options().withTitle("trained XOR network at x = (1, 0), t = 1").withoutConstants();
    out.dot("network.dot", Dot.backprop(trace, view));
    out.dot("network-layers.dot", Dot.backprop(trace, view.withCollapsed("hidden1").withCollapsed("output")));
    return solved ? 0 : 1;
  }
}
