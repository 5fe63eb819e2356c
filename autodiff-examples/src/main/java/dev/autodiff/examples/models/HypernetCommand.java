package dev.autodiff.examples.models;

import dev.autodiff.core.graph.Graph;
import dev.autodiff.core.graph.Node;
import dev.autodiff.core.graph.Parameter;
import dev.autodiff.core.tensor.Axis;
import dev.autodiff.core.tensor.Tensor;
import dev.autodiff.examples.Command;
import dev.autodiff.examples.Option;
import dev.autodiff.examples.Options;
import dev.autodiff.examples.Output;
import dev.autodiff.examples.Plots;
import dev.autodiff.nn.Activation;
import dev.autodiff.nn.Context;
import dev.autodiff.nn.Dense;
import dev.autodiff.nn.Init;
import dev.autodiff.nn.Layer;
import dev.autodiff.nn.Losses;
import dev.autodiff.nn.Mlp;
import dev.autodiff.nn.Model;
import dev.autodiff.nn.optim.Optimizers;
import dev.autodiff.nn.train.Dataset;
import dev.autodiff.nn.train.Trainer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * {@code hypernet}: a hypernetwork turns a subtask's embedding into all the weights of a small target network
 * ({@code 1 - H - 1}, tanh). The target network has no parameters of its own: training changes only the
 * hypernetwork. Each sample carries its subtask, so every row of a batch runs its own generated network.
 */
public final class HypernetCommand implements Command {
  static final double[] AMPLITUDE = {1.0, 0.5, 1.5, 1.0};
  static final double[] PHASE = {0.0, 1.0, 2.0, 3.5};

  @Override
  public String name() {
    return "hypernet";
  }

  @Override
  public String summary() {
    return "a hypernetwork generates the weights of a small network per subtask; compared with one shared network";
  }

  static final Option<Integer> EPOCHS = Option.integer("epochs", 400, 1, 1_000_000, "epochs");
  static final Option<Integer> HIDDEN = Option.integer("hidden", 8, 1, 1000,
      "hidden units of the generated target network");
  static final Option<Long> SEED = Option.seed(1, "data and weights");

  @Override
  public List<Option<?>> options() {
    return List.of(EPOCHS, HIDDEN, SEED);
  }

  /** Input rows are {@code [one-hot task | x]}; output is the generated network's {@code y}. */
  static final class Hyper implements Layer {
    final int tasks;
    final int hidden;
    final Dense embed;
    final Dense weights;

    Hyper(Graph g, int tasks, int hidden, Random r) {
      this.tasks = tasks;
      this.hidden = hidden;
      embed = new Dense(g, "hyper1", tasks, 16, Init.xavier(), r);
      weights = new Dense(g, "hyper2", 16, 3 * hidden + 1, Init.normal(0.3), r);
    }

    @Override
    public Node forward(Node in, Context ctx) {
      Node task = in.cols(0, tasks);
      Node x = in.cols(tasks, tasks + 1);
      Node theta = weights.forward(embed.forward(task, ctx).tanh(), ctx);  // n x (3H + 1): one network per row
      Node w1 = theta.cols(0, hidden);
      Node b1 = theta.cols(hidden, 2 * hidden);
      Node w2 = theta.cols(2 * hidden, 3 * hidden);
      Node b2 = theta.cols(3 * hidden, 3 * hidden + 1);
      Node h = x.times(w1).plus(b1).tanh();                 // x is n x 1: broadcast over the H units
      return h.times(w2).sum(Axis.COLUMNS).plus(b2);         // each row's own dot product
    }

    @Override
    public List<Parameter> parameters() {
      List<Parameter> ps = new ArrayList<>(embed.parameters());
      ps.addAll(weights.parameters());
      return ps;
    }

    @Override
    public int outputWidth(int inputWidth) {
      return 1;
    }

    @Override
    public String describe() {
      return "hypernetwork " + tasks + "-16-" + (3 * hidden + 1) + " generating a 1-" + hidden + "-1 tanh network";
    }
  }

  @Override
  public int run(Options o, Output out) throws Exception {
    int epochs = o.get(EPOCHS);
    int hidden = o.get(HIDDEN);
    long seed = o.get(SEED);
    int tasks = AMPLITUDE.length;
    int perTask = 100;
    Random r = new Random(seed);
    double[][] in = new double[tasks * perTask][tasks + 1];
    double[][] y = new double[tasks * perTask][1];
    for (int k = 0; k < tasks; k++) {
      for (int i = 0; i < perTask; i++) {
        int row = k * perTask + i;
        double x = -3 + 6 * r.nextDouble();
        in[row][k] = 1;
        in[row][tasks] = x;
        y[row][0] = AMPLITUDE[k] * Math.sin(x + PHASE[k]) + 0.02 * r.nextGaussian();
      }
    }
    Dataset data = Dataset.of(in, y);
    out.println("subtasks: y = A_k sin(x + phi_k) for " + tasks + " (A, phi) pairs, " + perTask + " points each");
    Graph g = Graph.create();
    Hyper hyper = new Hyper(g, tasks, hidden, new Random(seed));
    Model model = new Model(g, hyper, tasks + 1);
    out.println("model: " + hyper.describe() + "; trainable: only the hypernetwork's " + model.parameterCount()
        + " parameters");
    Trainer.builder(model).loss(Losses.mse()).optimizer(Optimizers.adam(0.01)).batchSize(50).epochs(epochs)
        .seed(seed).build().fit(data);
    Model shared = Mlp.builder().inputs(1).hidden(16, Activation.TANH).hidden(16, Activation.TANH)
        .outputs(1, Activation.IDENTITY).init(Init.xavier()).seed(seed).build();
    double[][] xOnly = new double[in.length][1];
    for (int i = 0; i < in.length; i++) {
      xOnly[i][0] = in[i][tasks];
    }
    Trainer.builder(shared).loss(Losses.mse()).optimizer(Optimizers.adam(0.01)).batchSize(50).epochs(epochs)
        .seed(seed).build().fit(Dataset.of(xOnly, y));
    out.println("task | hypernetwork MSE | one shared network (no task input) MSE");
    Plots.Line plot = new Plots.Line("Hypernetwork: one generated network per subtask", "x", "y");
    int points = 61;
    double[] gx = new double[points];
    for (int i = 0; i < points; i++) {
      gx[i] = -3 + 6.0 * i / (points - 1);
    }
    double worseShared = 0;
    double worstHyper = 0;
    for (int k = 0; k < tasks; k++) {
      double[][] grid = new double[points][tasks + 1];
      double[] truth = new double[points];
      for (int i = 0; i < points; i++) {
        grid[i][k] = 1;
        grid[i][tasks] = gx[i];
        truth[i] = AMPLITUDE[k] * Math.sin(gx[i] + PHASE[k]);
      }
      double[] pred = model.predict(Tensor.matrix(grid)).toArray();
      double[] sharedPred = shared.predict(Tensor.matrix(points, 1, gx)).toArray();
      double mseHyper = mse(pred, truth);
      double mseShared = mse(sharedPred, truth);
      worstHyper = Math.max(worstHyper, mseHyper);
      worseShared = Math.max(worseShared, mseShared);
      out.printf("%4d | %16.4f | %16.4f%n", k, mseHyper, mseShared);
      plot.series("task " + k + " true", gx, truth).series("task " + k + " generated net", gx, pred);
    }
    out.println(worstHyper < worseShared ? "the generated networks fit every subtask; one shared network cannot"
        : "the hypernetwork did not beat the shared network");
    out.plot("hypernet", plot.size(1000, 600));
    return 0;
  }

  private static double mse(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += (a[i] - b[i]) * (a[i] - b[i]);
    }
    return s / a.length;
  }
}
