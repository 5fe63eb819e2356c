package dev.autodiff.nn.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.autodiff.core.Autodiff;
import dev.autodiff.core.exec.Feeds;
import dev.autodiff.core.exec.NonFiniteValueException;
import dev.autodiff.core.exec.Program;
import dev.autodiff.core.exec.Results;
import dev.autodiff.core.grad.Gradients;
import dev.autodiff.core.graph.Graph;
import dev.autodiff.core.graph.Input;
import dev.autodiff.core.graph.Node;
import dev.autodiff.core.graph.Parameter;
import dev.autodiff.core.print.Formula;
import dev.autodiff.core.tensor.Axis;
import dev.autodiff.core.tensor.Shape;
import dev.autodiff.core.tensor.Tensor;
import dev.autodiff.core.viz.Dot;
import dev.autodiff.nn.Activation;
import dev.autodiff.nn.Losses;
import dev.autodiff.nn.Mlp;
import dev.autodiff.nn.Model;
import dev.autodiff.nn.Regularizer;
import dev.autodiff.nn.io.ModelFile;
import dev.autodiff.nn.io.Weights;
import dev.autodiff.nn.optim.Optimizer;
import dev.autodiff.nn.optim.Optimizers;
import dev.autodiff.nn.train.Dataset;
import dev.autodiff.nn.train.Trainer;
import dev.autodiff.nn.train.TrainingDivergedException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Random call sequences over the public API of core and nn (reliability issue, "also build"): graphs and branches,
 * leaves with good and bad values, every kind of op on random (often mismatched) operands, gradients, Hessians and
 * JVPs, compiled runs with good, missing and wrong feeds, formulas and drawings, models built, fitted with random
 * settings, predicted, saved and loaded. Each call either returns or throws what the library documents: an
 * {@link IllegalArgumentException} or {@link IllegalStateException}, a {@link NonFiniteValueException} or
 * {@link TrainingDivergedException}, or an {@link IOException}. The test fails on anything else (a bare JVM exception:
 * an index, null-pointer, cast or arithmetic error, an assertion or Guava verify error), on a sequence that does not
 * finish (a hang), and on a silent NaN: a run whose feeds, parameters and constants are finite and whose result is
 * not, while the finite-checking copy of the same program runs through without naming the node. Seeded: sequence
 * {@code k} uses seed {@code k}; 400 sequences in the default build, 40,000 with {@code -Preliability}. The counts
 * are printed.
 */
class PublicApiFuzzTest {
  static final boolean RELIABILITY = Boolean.getBoolean("autodiff.reliability");
  static final int SEQUENCES = Integer.getInteger("autodiff.fuzz.sequences", RELIABILITY ? 40_000 : 400);
  static final int CALLS = 40;
  /** A sequence is small (matrices up to 5x5, models up to 30 weights): minutes would mean it never ends. */
  static final long HANG_SECONDS = 120;

  /** What a call did: returned, or threw a documented exception (counted by class). */
  private final Map<String, Long> outcomes = new TreeMap<>();
  private final List<String> failures = new ArrayList<>();
  private long calls;

  @TempDir Path dir;

  @Test
  void randomCallSequencesNeverEndInABareExceptionAHangOrASilentNaN() throws Exception {
    ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "fuzz");
      t.setDaemon(true);
      return t;
    });
    try {
      for (int k = 0; k < SEQUENCES && failures.size() < 10; k++) {
        long seed = k;
        Future<?> f = worker.submit(() -> new Sequence(new Random(seed), seed).run());
        try {
          f.get(HANG_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
          fail("sequence " + seed + " did not finish in " + HANG_SECONDS + " s (a hang)");
        } catch (ExecutionException e) {
          failed("sequence " + seed + ": the harness itself failed: " + e.getCause());
        }
      }
    } finally {
      worker.shutdownNow();
    }
    System.out.printf("fuzz: %d sequences, %d calls; outcomes %s%n", SEQUENCES, calls, outcomes);
    assertEquals(List.of(), failures);
    assertTrue(outcomes.getOrDefault("returned", 0L) > calls / 4, "most calls should do something: " + outcomes);
    assertTrue(outcomes.keySet().stream().anyMatch(o -> o.startsWith("IllegalArgumentException")),
        "misuse happens too: " + outcomes);
  }

  /** One seeded sequence of calls over a pool of live objects. */
  private final class Sequence {
    final Random r;
    final long seed;
    final List<Graph> graphs = new ArrayList<>();
    final List<Node> nodes = new ArrayList<>();
    final List<Parameter> parameters = new ArrayList<>();
    final List<Input> inputs = new ArrayList<>();
    final List<Model> models = new ArrayList<>();
    int step;

    Sequence(Random r, long seed) {
      this.r = r;
      this.seed = seed;
      graphs.add(r.nextBoolean() ? Graph.create() : Graph.createUnsimplified());
    }

    void run() {
      for (step = 0; step < CALLS; step++) {
        int action = r.nextInt(16);
        call(action);
      }
    }

    void call(int action) {
      String what = ACTIONS[action];
      try {
        act(action);
        record("returned");
      } catch (IllegalArgumentException | IllegalStateException e) {
        if (documented(e)) {
          record(e.getClass().getSimpleName());
        } else {
          bare(what, e);
        }
      } catch (NonFiniteValueException | TrainingDivergedException e) {
        record(e.getClass().getSimpleName());
      } catch (IOException e) {
        record("IOException");
      } catch (SilentNaN e) {
        failed("sequence " + seed + " step " + step + ": silent NaN: " + e.getMessage());
      } catch (RuntimeException | Error e) {
        bare(what, e);
      }
    }

    /** IAE and ISE are the documented refusals, thrown by the library: not a JDK subclass like NumberFormatException. */
    boolean documented(RuntimeException e) {
      Class<?> c = e.getClass();
      return c == IllegalArgumentException.class || c == IllegalStateException.class
          || c.getName().startsWith("dev.autodiff.");
    }

    void bare(String what, Throwable e) {
      StackTraceElement at = e.getStackTrace().length > 0 ? e.getStackTrace()[0] : null;
      failed("sequence " + seed + " step " + step + " (" + what + "): " + e + " at " + at);
    }

    void record(String outcome) {
      synchronized (outcomes) {
        outcomes.merge(outcome, 1L, Long::sum);
        calls++;
      }
    }

    // ---- random pieces ----

    <T> T pick(List<T> list) {
      return list.get(r.nextInt(list.size()));
    }

    Graph graph() {
      return pick(graphs);
    }

    Node node() {
      if (nodes.isEmpty() || r.nextInt(10) == 0) {
        Node c = graph().constant(tensor(shape(), false));
        nodes.add(c);
        return c;
      }
      return pick(nodes);
    }

    Shape shape() {
      return r.nextInt(4) == 0 ? Shape.scalar() : Shape.of(1 + r.nextInt(4), 1 + r.nextInt(4));
    }

    double value() {
      return switch (r.nextInt(8)) {
        case 0 -> 0.0;
        case 1 -> r.nextInt(5) - 2;
        default -> r.nextGaussian() * 2;
      };
    }

    Tensor tensor(Shape s, boolean hostile) {
      double[] v = new double[s.size()];
      for (int i = 0; i < v.length; i++) {
        v[i] = value();
      }
      if (hostile && r.nextInt(4) == 0) {
        v[r.nextInt(v.length)] = pick(List.of(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY));
      }
      return Tensor.matrix(s.rows(), s.cols(), v);
    }

    String name() {
      return pick(List.of("w", "x", "b", "t", "u")) + r.nextInt(4);
    }

    // ---- the calls ----

    String act(int action) throws IOException {
      switch (action) {
        case 0 -> {
          Graph g = graph();
          graphs.add(r.nextBoolean() ? g.branch() : Graph.create());
          return "graph";
        }
        case 1 -> {
          Parameter p = graph().parameter(name(), tensor(shape(), true));
          parameters.add(p);
          nodes.add(p);
          return "parameter";
        }
        case 2 -> {
          Input in = graph().input(name(), shape());
          inputs.add(in);
          nodes.add(in);
          return "input";
        }
        case 3, 4 -> {
          int k = r.nextInt(UNARY.size());
          nodes.add(UNARY.get(k).apply(node()));
          return "unary " + k;
        }
        case 5, 6 -> {
          int k = r.nextInt(BINARY.size());
          nodes.add(BINARY.get(k).apply(node(), node()));
          return "binary " + k;
        }
        case 7 -> {
          Node n = node();
          int rows = r.nextInt(6) - (r.nextInt(8) == 0 ? 2 : 0);
          nodes.add(switch (r.nextInt(4)) {
            case 0 -> n.reshape(rows, Math.max(1, n.shape().size() / Math.max(1, rows)));
            case 1 -> n.slice(r.nextInt(3), r.nextInt(4), r.nextInt(3), r.nextInt(4));
            case 2 -> n.broadcast(shape());
            default -> Autodiff.concat(r.nextBoolean() ? Axis.ROWS : Axis.COLUMNS, n, node());
          });
          return "shape op";
        }
        case 8 -> {
          Node y = node();
          Node s = r.nextBoolean() ? y.sum() : y;
          List<Node> wrt = new ArrayList<>();
          for (int i = 0, n = 1 + r.nextInt(3); i < n; i++) {
            wrt.add(node());
          }
          nodes.addAll(Gradients.gradients(s, wrt));
          return "gradients";
        }
        case 9 -> {
          Node y = node();
          Node p = node();
          nodes.add(switch (r.nextInt(3)) {
            case 0 -> Gradients.hessian(y.sum(), p);
            case 1 -> Gradients.jvp(y, p, node());
            default -> Gradients.jacobian(y, p);
          });
          return "second order";
        }
        case 10, 11 -> {
          runRandomProgram();
          return "run";
        }
        case 12 -> {
          Node n = node();
          Formula.infix(n, 1 + r.nextInt(200));
          Formula.latex(n);
          Dot.forward(n);
          return "print";
        }
        case 13 -> {
          if (parameters.isEmpty()) {
            return "nothing";
          }
          Parameter p = pick(parameters);
          p.set(tensor(r.nextInt(3) == 0 ? shape() : p.shape(), true));
          return "set";
        }
        case 14 -> {
          modelStep();
          return "model";
        }
        default -> {
          if (models.isEmpty()) {
            modelStep();
            return "model";
          }
          saveAndLoad(pick(models));
          return "save/load";
        }
      }
    }

    void runRandomProgram() {
      List<Node> outs = new ArrayList<>();
      for (int i = 0, n = 1 + r.nextInt(3); i < n; i++) {
        outs.add(node());
      }
      Program p = Program.compile(outs);
      Feeds feeds = Feeds.empty();
      boolean honest = true;
      for (Input in : p.requiredInputs()) {
        int k = r.nextInt(12);
        if (k == 0) {
          honest = false;
          continue;  // missing: refused by run
        }
        Shape s = k == 1 ? shape() : in.shape();
        Tensor t = tensor(s, k == 2);
        honest &= !s.equals(in.shape()) || finite(t);
        feeds = feeds.with(in, t);
      }
      Results res = p.run(feeds);
      for (Node o : outs) {
        if (!finite(res.get(o)) && honest && allLeavesFinite(o)) {
          // finite inputs, a non-finite result: the checking copy must say where it came from
          try {
            p.checkingFinite().run(feeds);
          } catch (NonFiniteValueException expected) {
            return;
          }
          throw new SilentNaN(o + " = " + res.get(o) + " from finite feeds, parameters and constants, and "
              + "checkingFinite() ran through: " + Formula.infix(o, 200));
        }
      }
    }

    boolean allLeavesFinite(Node o) {
      for (Node n : dev.autodiff.core.graph.Traversal.ancestors(o)) {
        if (n instanceof Parameter p && !finite(p.value())) {
          return false;
        }
      }
      return true;
    }

    void modelStep() throws IOException {
      int in = 1 + r.nextInt(4);
      int out = 1 + r.nextInt(3);
      int hidden = r.nextInt(10) == 0 ? 0 : 1 + r.nextInt(5);
      Activation act = pick(List.of(Activation.TANH, Activation.RELU, Activation.SIGMOID, Activation.IDENTITY));
      Model m = Mlp.builder().inputs(in).hidden(hidden, act).outputs(out, Activation.IDENTITY).seed(r.nextLong())
          .build();
      models.add(m);
      int rows = 1 + r.nextInt(12);
      int width = r.nextInt(8) == 0 ? in + 1 : in;
      double[][] x = new double[rows][width];
      double[][] y = new double[rows][out];
      for (double[] row : x) {
        Arrays.setAll(row, i -> value());
      }
      for (double[] row : y) {
        Arrays.setAll(row, i -> value());
      }
      Optimizer opt = switch (r.nextInt(4)) {
        case 0 -> Optimizers.sgd(Math.pow(10, -3 + r.nextInt(5)));
        case 1 -> Optimizers.adam(Math.pow(10, -4 + r.nextInt(4)));
        case 2 -> Optimizers.momentum(0.01, r.nextDouble());
        default -> Optimizers.rmsprop(0.01);
      };
      Trainer.Builder b = Trainer.builder(m).loss(r.nextBoolean() ? Losses.mse() : Losses.mae()).optimizer(opt)
          .batchSize(1 + r.nextInt(rows + 2)).epochs(1 + r.nextInt(3)).seed(r.nextLong());
      if (r.nextBoolean()) {
        b.regularizer(Regularizer.l2(1e-3));
      }
      b.build().fit(Dataset.of(x, y));
      Tensor batch = tensor(Shape.of(1 + r.nextInt(5), r.nextInt(8) == 0 ? in + 2 : in), false);
      Tensor pred = m.predict(batch);
      if (!finite(pred)) {
        throw new SilentNaN("a model fitted without divergence predicted " + pred + " for finite " + batch);
      }
    }

    void saveAndLoad(Model m) throws IOException {
      Tensor batch = tensor(Shape.of(2, m.inputWidth()), false);
      int kind = r.nextInt(8);
      if (kind == 0) {  // through a file (atomic write, fsync): the slow path, so one time in eight
        Path file = dir.resolve("fuzz-" + seed + "-" + step + ".adnn");
        ModelFile.save(m, file);
        sameModel(m, ModelFile.load(file), batch);
        Files.deleteIfExists(file);
      } else if (kind == 1) {
        Path file = dir.resolve("fuzz-" + seed + "-" + step + ".safetensors");
        Weights.save(m, file);
        Weights.load(m, file);
        Files.deleteIfExists(file);
      } else {
        byte[] bytes = ModelFile.encode(m);
        if (kind < 5) {
          bytes[r.nextInt(bytes.length)] ^= (byte) (1 << r.nextInt(8));
          ModelFile.decode(bytes);  // a flipped bit: refused (or, if it hit nothing read, the same model)
        } else {
          sameModel(m, ModelFile.decode(bytes), batch);
        }
      }
    }

    void sameModel(Model m, Model back, Tensor batch) {
      if (!back.predict(batch).equals(m.predict(batch))) {
        fail("a loaded model predicts differently");
      }
    }
  }

  static boolean finite(Tensor t) {
    for (double v : t.toArray()) {
      if (!Double.isFinite(v)) {
        return false;
      }
    }
    return true;
  }

  /** Records a finding, and prints it at once (a long run shows what it found before it ends). */
  private void failed(String what) {
    synchronized (failures) {
      failures.add(what);
    }
    System.out.println("fuzz: FOUND " + what);
  }

  /** A finding, not a refusal. */
  private static final class SilentNaN extends RuntimeException {
    SilentNaN(String message) {
      super(message);
    }
  }

  private static final String[] ACTIONS = {"graph or branch", "parameter", "input", "unary op", "unary op",
      "binary op", "binary op", "shape op", "gradients", "hessian/jvp/jacobian", "compile and run",
      "compile and run", "formula and drawing", "parameter set", "model fit and predict", "save and load"};

  private static final List<Function<Node, Node>> UNARY = List.of(Node::exp, Node::log, Node::sqrt, Node::abs,
      Node::tanh, Node::sigmoid, Node::relu, Node::softplus, Node::sin, Node::square, Node::neg, Node::transpose,
      Node::sum, Node::mean, Node::amax, Node::logsumexp, Node::sumOfSquares, Node::trace, n -> n.pow(2.5),
      n -> n.pow(-1), n -> n.softmax(Axis.ROWS), n -> n.logSoftmax(Axis.COLUMNS), n -> n.sum(Axis.ROWS),
      n -> n.elu(1.0), n -> n.leakyRelu(0.1), Node::gelu, Node::erf, n -> n.div(0.0), n -> n.rdiv(1.0),
      n -> n.named("n" + n.id()));

  private static final List<BiFunction<Node, Node, Node>> BINARY = List.of(Node::plus, Node::minus, Node::times,
      Node::div, Node::matmul, Node::max, Node::min, Node::gt, (a, b) -> Autodiff.where(a.gt(0.0), a, b),
      (a, b) -> Losses.mse().apply(a, b), (a, b) -> Losses.softmaxCrossEntropy().apply(a, b),
      (a, b) -> Losses.binaryCrossEntropyWithLogits().apply(a, b));
}
