package dev.autodiff.examples.bench;

import dev.autodiff.core.exec.Feeds;
import dev.autodiff.core.exec.Program;
import dev.autodiff.core.exec.OutputBuffers;
import dev.autodiff.core.grad.Gradients;
import dev.autodiff.core.graph.Graph;
import dev.autodiff.core.graph.Input;
import dev.autodiff.core.graph.Node;
import dev.autodiff.core.graph.Parameter;
import dev.autodiff.core.kernels.Kernels;
import dev.autodiff.core.tensor.Image;
import dev.autodiff.core.tensor.Shape;
import dev.autodiff.core.tensor.Tensor;
import dev.autodiff.core.tensor.Window.Padding;
import dev.autodiff.nn.Activation;
import dev.autodiff.nn.Cnn;
import dev.autodiff.nn.Init;
import dev.autodiff.nn.Losses;
import dev.autodiff.nn.Mlp;
import dev.autodiff.nn.Model;
import dev.autodiff.nn.optim.Optimizers;
import dev.autodiff.nn.train.Dataset;
import dev.autodiff.nn.train.Trainer;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Our side of the benchmark: each method runs one workload once and returns its figure. */
final class Workloads {
  private Workloads() {}

  static double[] randoms(int n, long seed) {
    Random r = new Random(seed);
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = r.nextDouble();
    }
    return v;
  }

  /** GFLOP/s of {@code n x n} products with the default kernel on {@code threads} threads. */
  static double matmul(int n, int threads) {
    Kernels.setThreads(threads);
    double[] a = randoms(n * n, 1);
    double[] b = randoms(n * n, 2);
    double[] c = new double[n * n];
    for (int i = 0; i < 3; i++) {
      Kernels.matmul().multiply(a, b, c, n, n, n);
    }
    int reps = Math.max(3, (int) (4e9 / (2.0 * n * n * n)));
    long t0 = System.nanoTime();
    for (int i = 0; i < reps; i++) {
      Kernels.matmul().multiply(a, b, c, n, n, n);
    }
    double s = (System.nanoTime() - t0) / 1e9 / reps;
    return 2.0 * n * n * n / s / 1e9;
  }

  /** Batches per epoch in the MLP workloads; the PyTorch side visits as many batches in turn. */
  static final int BATCHES = 8;

  /** A trainer on the 784-256-128-10 MLP taking {@code steps} steps (a multiple of {@link #BATCHES}). */
  static Trainer mlpTrainer(Model m, int batch, int steps) {
    return Trainer.builder(m).loss(Losses.softmaxCrossEntropy()).optimizer(Optimizers.adam(1e-3)).batchSize(batch)
        .epochs(Math.max(1, steps / BATCHES)).shuffle(false).seed(1).build();
  }

  /** {@link #BATCHES} batches of random inputs and labels. */
  static Dataset mlpData(int batch) {
    return mlpData(batch, BATCHES);
  }

  static Dataset mlpData(int batch, int batches) {
    int rows = batch * batches;
    int[] labels = new int[rows];
    Random r = new Random(3);
    for (int i = 0; i < rows; i++) {
      labels[i] = r.nextInt(10);
    }
    return Dataset.of(Tensor.matrix(rows, 784, randoms(rows * 784, 4)), Dataset.oneHot(labels, 10));
  }

  static Model mlpModel() {
    return Mlp.builder().inputs(784).hidden(256, Activation.RELU).hidden(128, Activation.RELU)
        .outputs(10, Activation.IDENTITY).init(Init.he()).seed(1).build();
  }

  /**
   * Samples per second training the MLP. The trainer (and so its compiled step) is built and warmed up before the
   * clock starts, as the PyTorch side builds its model first.
   */
  static double mlp(int batch, int steps, int threads) {
    Kernels.setThreads(threads);
    Model m = mlpModel();
    Dataset data = mlpData(batch);
    int rounded = Math.max(1, steps / BATCHES) * BATCHES;
    Trainer t = mlpTrainer(m, batch, rounded);
    long warm = System.nanoTime();
    t.fit(data);
    while (System.nanoTime() - warm < 500_000_000L && steps > BATCHES) {
      t.resume(data);  // warm-up: the JIT compiles the hot loops
    }
    // resume: the same run goes on (PyTorch's loop keeps its optimizer too), so the timed steps are steady training,
    // not a new run's allocation of Adam's moments
    long t0 = System.nanoTime();
    t.resume(data);
    return (double) rounded * batch / ((System.nanoTime() - t0) / 1e9);
  }

  /** The lecture notebook's CNN on {@code image}s, without activations, as the PyTorch side builds it. */
  static Model cnnModel(Image image) {
    return Cnn.builder(image).conv2d(8, 3, Padding.SAME).maxPool(2).conv2d(16, 3, Padding.SAME).maxPool(2)
        .flatten().dense(128).dense(10).seed(1).build();
  }

  /** Samples per second training the notebook's CNN (Adam, batch {@code batch}) on random images. */
  static double cnn(Image image, int batch, int steps, int threads) {
    Kernels.setThreads(threads);
    Model m = cnnModel(image);
    int rows = batch * BATCHES;
    int[] labels = new int[rows];
    Random r = new Random(3);
    for (int i = 0; i < rows; i++) {
      labels[i] = r.nextInt(10);
    }
    Dataset data = Dataset.of(Tensor.matrix(rows, image.columns(), randoms(rows * image.columns(), 4)),
        Dataset.oneHot(labels, 10));
    int rounded = Math.max(1, steps / BATCHES) * BATCHES;
    Trainer t = mlpTrainer(m, batch, rounded);
    long warm = System.nanoTime();
    t.fit(data);
    while (System.nanoTime() - warm < 1_000_000_000L && steps > BATCHES) {
      t.resume(data);
    }
    long t0 = System.nanoTime();
    t.resume(data);
    return (double) rounded * batch / ((System.nanoTime() - t0) / 1e9);
  }

  /** Bytes allocated per steady training step of the MLP at {@code batch}, on the calling thread. */
  static double allocationPerStep(int batch, int steps) {
    Kernels.setThreads(1);
    com.sun.management.ThreadMXBean bean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    Model m = mlpModel();
    Dataset data = mlpData(batch);
    int rounded = Math.max(1, steps / BATCHES) * BATCHES;
    Trainer t = mlpTrainer(m, batch, rounded);
    t.fit(data);  // builds and compiles the step, allocates the optimizer's state, and warms up
    long before = bean.getCurrentThreadAllocatedBytes();
    t.resume(data);
    return (double) (bean.getCurrentThreadAllocatedBytes() - before) / rounded;
  }

  /** Steps per second of full-batch SGD on XOR with a 2-4-1 sigmoid MLP. */
  static double xor(int steps) {
    Kernels.setThreads(1);
    Model m = Mlp.builder().inputs(2).hidden(4, Activation.SIGMOID).outputs(1, Activation.SIGMOID)
        .init(Init.xavier()).seed(1).build();
    Dataset xor = Dataset.of(new double[][] {{0, 0}, {0, 1}, {1, 0}, {1, 1}}, new double[][] {{0}, {1}, {1}, {0}});
    Trainer.builder(m).loss(Losses.mse()).optimizer(Optimizers.sgd(0.5)).batchSize(4).epochs(Math.min(steps, 20_000))
        .shuffle(false).build().fit(xor);  // warm-up: the JIT compiles the hot loops
    long t0 = System.nanoTime();
    Trainer.builder(m).loss(Losses.mse()).optimizer(Optimizers.sgd(0.5)).batchSize(4).epochs(steps).shuffle(false)
        .build().fit(xor);
    return steps / ((System.nanoTime() - t0) / 1e9);
  }

  /**
   * A micrograd-style MLP(2, [16, 16, 1]) built from scalar nodes on 100 two-moons points with a hinge loss, like
   * the Python side; ns per graph node per step (forward, backward, update).
   */
  static double scalar(int steps) {
    Kernels.setThreads(1);
    Graph g = Graph.create();
    Random r = new Random(1);
    int[] sizes = {2, 16, 16, 1};
    List<Parameter> params = new ArrayList<>();
    Parameter[][][] w = new Parameter[3][][];
    for (int l = 0; l < 3; l++) {
      w[l] = new Parameter[sizes[l + 1]][sizes[l] + 1];
      for (int j = 0; j < sizes[l + 1]; j++) {
        for (int i = 0; i <= sizes[l]; i++) {
          w[l][j][i] = g.parameter("w" + l + "_" + j + "_" + i, 2 * r.nextDouble() - 1);
          params.add(w[l][j][i]);
        }
      }
    }
    Node total = g.constant(0.0);
    List<double[]> points = new ArrayList<>();
    Random d = new Random(2);
    for (int s = 0; s < 100; s++) {
      double t = Math.PI * d.nextDouble();
      boolean upper = s % 2 == 0;
      double x0 = upper ? Math.cos(t) : 1 - Math.cos(t);
      double x1 = upper ? Math.sin(t) : 0.5 - Math.sin(t);
      double y = upper ? 1 : -1;
      Node[] act = {g.input("x" + s + "a"), g.input("x" + s + "b")};
      for (int l = 0; l < 3; l++) {
        Node[] next = new Node[sizes[l + 1]];
        for (int j = 0; j < sizes[l + 1]; j++) {
          Node sum = w[l][j][sizes[l]];
          for (int i = 0; i < sizes[l]; i++) {
            sum = sum.plus(w[l][j][i].times(act[i]));
          }
          next[j] = l < 2 ? sum.relu() : sum;
        }
        act = next;
      }
      total = total.plus(act[0].times(-y).plus(1).relu());
      points.add(new double[] {x0, x1});
    }
    List<Node> grads = Gradients.gradients(total, params);
    List<Node> outs = new ArrayList<>(grads);
    outs.add(total);
    Program program = Program.compile(outs);
    Feeds feeds = Feeds.empty();
    List<Input> inputs = g.inputs();
    for (int s = 0; s < 100; s++) {
      feeds = feeds.with(inputs.get(2 * s), points.get(s)[0]).with(inputs.get(2 * s + 1), points.get(s)[1]);
    }
    int nodes = program.size();
    for (int warm = 0; warm < 3; warm++) {
      step(program, feeds, params, grads);
    }
    long t0 = System.nanoTime();
    for (int i = 0; i < steps; i++) {
      step(program, feeds, params, grads);
    }
    return (System.nanoTime() - t0) / (double) steps / nodes;
  }

  private static void step(Program program, Feeds feeds, List<Parameter> params, List<Node> grads) {
    var r = program.run(feeds);
    for (int i = 0; i < params.size(); i++) {
      Parameter p = params.get(i);
      p.set(p.value().item() - 0.01 * r.scalar(grads.get(i)));
    }
  }

  /** Cost of loss and all gradients over the cost of the loss alone, on the MLP at batch 128. */
  static double gradientCost(int reps) {
    Kernels.setThreads(1);
    Model m = mlpModel();
    Model.Pass pass = m.newPass("gx", 128, false);
    Input x = pass.input();
    Input t = pass.graph().input("gt", Shape.of(128, 10));
    Node loss = Losses.softmaxCrossEntropy().apply(pass.output(), t);
    List<Node> outs = new ArrayList<>(Gradients.gradients(loss, m.parameters()));
    outs.add(loss);
    Program lossOnly = Program.compile(loss);
    Program withGrads = Program.compile(outs);
    Dataset data = mlpData(128, 1);
    Feeds feeds = Feeds.of(x, data.inputs()).with(t, data.targets());
    return time(withGrads, feeds, reps) / time(lossOnly, feeds, reps);
  }

  /** Cost of a Hessian-vector product over the cost of one gradient, on a 64-32-1 tanh MLP. */
  static double hvpCost(int reps) {
    Kernels.setThreads(1);
    Graph g = Graph.create();
    Parameter w1 = g.parameter("w1", Tensor.matrix(64, 32, randoms(64 * 32, 5)));
    Parameter w2 = g.parameter("w2", Tensor.matrix(32, 1, randoms(32, 6)));
    Input x = g.input("x", Shape.of(128, 64));
    Node loss = x.matmul(w1).tanh().matmul(w2).square().mean();
    Node grad = Gradients.grad(loss, w1);
    Node v = g.constant(Tensor.matrix(64, 32, randoms(64 * 32, 7)));
    Node hvp = Gradients.hessianVectorProduct(loss, w1, v);
    Feeds feeds = Feeds.of(x, Tensor.matrix(128, 64, randoms(128 * 64, 8)));
    return time(Program.compile(hvp), feeds, reps) / time(Program.compile(grad), feeds, reps);
  }

  /** Hidden width of the network whose Jacobians {@link #jacobianTimes} measures. */
  static final int JACOBIAN_HIDDEN = 16;

  /**
   * The cost of one dense Jacobian of {@code tanh(W2 tanh(W1 x))} ({@code x} in {@code R^in}, output in
   * {@code R^out}, weights parameters) with respect to {@code x}, accumulated forward (one JVP per input) or in
   * reverse (one VJP per output): us to build, compile and run it once, then us per run of the compiled program
   * (the mean over {@code runs} runs after a warm-up).
   */
  static double[] jacobianTimes(int in, int out, boolean forward, int runs) {
    Kernels.setThreads(1);
    long t0 = System.nanoTime();
    Graph g = Graph.create();
    Parameter x = g.parameter("x", Tensor.column(centered(in, 21)));
    Parameter w1 = g.parameter("w1", Tensor.matrix(JACOBIAN_HIDDEN, in, centered(JACOBIAN_HIDDEN * in, 22)));
    Parameter w2 = g.parameter("w2", Tensor.matrix(out, JACOBIAN_HIDDEN, centered(out * JACOBIAN_HIDDEN, 23)));
    Node f = w2.matmul(w1.matmul(x).tanh()).tanh();
    Node j = forward ? Gradients.jacobianForward(f, x) : Gradients.jacobianReverse(f, x);
    Program p = Program.compile(j);
    p.run();
    double once = (System.nanoTime() - t0) / 1e3;
    return new double[] {once, time(p, Feeds.empty(), runs) / 1e3};
  }

  /** Seeded values in {@code [-0.5, 0.5)}: weights that keep tanh away from saturation. */
  private static double[] centered(int n, long seed) {
    double[] v = randoms(n, seed);
    for (int i = 0; i < n; i++) {
      v[i] -= 0.5;
    }
    return v;
  }

  /** ns per run, each run writing into the same output buffers, as a training loop does. */
  private static double time(Program p, Feeds feeds, int reps) {
    OutputBuffers out = p.newOutputBuffers();
    for (int i = 0; i < 5; i++) {
      p.runInto(feeds, out);
    }
    long t0 = System.nanoTime();
    for (int i = 0; i < reps; i++) {
      p.runInto(feeds, out);
    }
    return (System.nanoTime() - t0) / (double) reps;
  }

  private static boolean graphWorkWarm;

  /** ns per node to build a chain of {@code n} nodes, differentiate it and compile the gradient program. */
  static double graphWork(int n) {
    if (!graphWorkWarm) {
      graphWorkWarm = true;
      for (int i = 0; i < 5; i++) {
        graphWork(10_000);  // warm-up: else the first size pays for the JIT compiling the builder
      }
    }
    long t0 = System.nanoTime();
    Graph g = Graph.create();
    Parameter p = g.parameter("p", 0.5);
    Node x = p;
    for (int i = 0; i < n; i++) {
      x = (i % 2 == 0) ? x.tanh() : x.times(1.0001);
    }
    Node grad = Gradients.grad(x, p);
    Program.compile(grad);
    return (System.nanoTime() - t0) / (double) n;
  }
}
