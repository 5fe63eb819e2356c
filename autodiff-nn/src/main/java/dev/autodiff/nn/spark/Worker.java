package dev.autodiff.nn.spark;

import dev.autodiff.core.exec.Feeds;
import dev.autodiff.core.exec.Program;
import dev.autodiff.core.exec.Results;
import dev.autodiff.core.grad.Gradients;
import dev.autodiff.core.graph.Graph;
import dev.autodiff.core.graph.Input;
import dev.autodiff.core.graph.Node;
import dev.autodiff.core.graph.Parameter;
import dev.autodiff.core.tensor.Shape;
import dev.autodiff.core.tensor.Tensor;
import dev.autodiff.nn.Context;
import dev.autodiff.nn.Loss;
import dev.autodiff.nn.Model;
import dev.autodiff.nn.io.ModelFile;
import dev.autodiff.nn.io.ModelFileException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The executor's side of a Spark fit: the model decoded from the broadcast model file, with the training graph of
 * the loss and its gradients compiled once per chunk size, evaluated at the weights the driver broadcast. A worker
 * is used by one task at a time; an executor keeps a small pool per fit (tasks of one executor run in parallel).
 * Everything a task computes is a function of the broadcast weights and its partition's rows alone, so a task that
 * Spark retries computes the same numbers again.
 */
final class Worker {
  /** Rows per compiled evaluation: the partition is evaluated in chunks of this many rows. */
  static final int CHUNK = 256;
  private static final int FITS_KEPT = 4;
  private static final Map<String, Queue<Worker>> POOLS = new LinkedHashMap<>();

  final Model model;
  final List<Parameter> trainable;
  private final Loss loss;
  private final int targetWidth;
  private final Map<Integer, Step> steps = new HashMap<>();

  private record Step(Input x, Input t, Node total, List<Node> gradients, List<Context.Noise> noise,
      Program withGradients, Program lossOnly) {}

  private Worker(byte[] modelFile, int[] trainableIndices, Loss loss) throws ModelFileException {
    this.model = ModelFile.decode(modelFile);
    List<Parameter> all = model.parameters();
    this.trainable = new ArrayList<>();
    for (int i : trainableIndices) {
      trainable.add(all.get(i));
    }
    this.loss = loss;
    this.targetWidth = loss.targetCols(model.outputWidth());
  }

  /** A worker of the fit {@code key}: one from the executor's pool, or a new one. */
  static Worker borrow(String key, byte[] modelFile, int[] trainableIndices, Loss loss) throws ModelFileException {
    Queue<Worker> pool;
    synchronized (POOLS) {
      pool = POOLS.get(key);
      if (pool == null) {
        pool = new ConcurrentLinkedQueue<>();
        POOLS.put(key, pool);
        // bounded: an executor that served many fits keeps the workers of the newest few only
        Iterator<String> oldest = POOLS.keySet().iterator();
        while (POOLS.size() > FITS_KEPT) {
          oldest.next();
          oldest.remove();
        }
      }
    }
    Worker w = pool.poll();
    return w != null ? w : new Worker(modelFile, trainableIndices, loss);
  }

  /** Returns {@code w} to the pool of the fit {@code key}. */
  static void giveBack(String key, Worker w) {
    synchronized (POOLS) {
      Queue<Worker> pool = POOLS.get(key);
      if (pool != null) {
        pool.add(w);
      }
    }
  }

  /** Sets the trainable parameters from {@code weights}, flattened in order (row-major within each). */
  void setWeights(double[] weights) {
    unflatten(trainable, weights);
  }

  /** The trainable parameters' values, flattened in order. */
  double[] weights() {
    return flatten(trainable);
  }

  /** The values of {@code ps}, flattened in order (row-major within each): what driver and executors exchange. */
  static double[] flatten(List<Parameter> ps) {
    double[] out = new double[count(ps)];
    int at = 0;
    for (Parameter p : ps) {
      double[] v = p.value().toArray();
      System.arraycopy(v, 0, out, at, v.length);
      at += v.length;
    }
    return out;
  }

  /** Sets {@code ps} from {@code weights}, flattened as {@link #flatten} does. */
  static void unflatten(List<Parameter> ps, double[] weights) {
    int at = 0;
    for (Parameter p : ps) {
      Shape s = p.shape();
      double[] v = new double[s.size()];
      System.arraycopy(weights, at, v, 0, v.length);
      p.set(Tensor.of(s, v));
      at += v.length;
    }
  }

  /** How many numbers {@code ps} hold. */
  static int count(List<Parameter> ps) {
    int n = 0;
    for (Parameter p : ps) {
      n += p.shape().size();
    }
    return n;
  }

  private Step step(int rows) {
    Step s = steps.get(rows);
    if (s != null) {
      return s;
    }
    Model.Pass pass = model.newPass("spark-x", rows, true);
    try (Graph.Building building = pass.graph().building()) {
      Context ctx = pass.context();
      if (!ctx.stateUpdates().isEmpty()) {
        throw new IllegalArgumentException("spark fit: the model has layer state that training updates (batch "
            + "normalization's running statistics), which data-parallel steps cannot keep consistent; use layer "
            + "normalization instead");
      }
      Input t = pass.graph().input(ctx.uniqueName("spark-targets"), Shape.of(rows, targetWidth));
      Node total = loss.apply(pass.output(), t);
      for (Node p : ctx.penalties()) {
        total = total.plus(p);
      }
      List<Node> grads = Gradients.gradients(total, trainable);
      List<Node> outputs = new ArrayList<>(grads);
      outputs.add(0, total);
      s = new Step(pass.input(), t, total, grads, ctx.noise(), Program.compile(outputs), Program.compile(total));
    }
    steps.put(rows, s);
    return s;
  }

  /**
   * The sums over {@code rows} of the per-row loss (the batch loss, a mean, times the rows) and, when asked, of its
   * gradient, evaluated chunk by chunk; dropout masks, if any, drawn from {@code noise}.
   */
  Partial evaluate(List<Sample> rows, boolean gradients, Random noise) {
    Partial out = new Partial();
    for (int from = 0; from < rows.size(); from += CHUNK) {
      int n = Math.min(CHUNK, rows.size() - from);
      Step s = step(n);
      int in = s.x().shape().cols();
      double[] x = new double[n * in];
      double[] t = new double[n * targetWidth];
      for (int i = 0; i < n; i++) {
        Sample r = rows.get(from + i);
        System.arraycopy(r.features(), 0, x, i * in, in);
        System.arraycopy(r.target(), 0, t, i * targetWidth, targetWidth);
      }
      Feeds feeds = Feeds.of(s.x(), Tensor.matrix(n, in, x)).with(s.t(), Tensor.matrix(n, targetWidth, t));
      for (Context.Noise z : s.noise()) {
        feeds = feeds.with(z.input(), z.sample().apply(noise, z.input()));
      }
      Results r = (gradients ? s.withGradients() : s.lossOnly()).run(feeds);
      out.loss += r.scalar(s.total()) * n;
      out.rows += n;
      if (gradients) {
        if (out.gradient == null) {
          out.gradient = new double[weightCount()];
        }
        int at = 0;
        for (Node g : s.gradients()) {
          Tensor v = r.get(g);
          for (int k = 0; k < v.size(); k++) {
            out.gradient[at + k] += v.at(k) * n;
          }
          at += v.size();
        }
      }
    }
    return out;
  }

  /** Whether the model's training pass draws noise (dropout masks). */
  boolean hasNoise() {
    return !step(1).noise().isEmpty();
  }

  int weightCount() {
    return count(trainable);
  }
}
