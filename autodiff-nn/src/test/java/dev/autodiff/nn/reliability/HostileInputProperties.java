package dev.autodiff.nn.reliability;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.autodiff.core.Autodiff;
import dev.autodiff.core.exec.Feeds;
import dev.autodiff.core.exec.Program;
import dev.autodiff.core.grad.Gradients;
import dev.autodiff.core.graph.Graph;
import dev.autodiff.core.graph.Input;
import dev.autodiff.core.graph.Node;
import dev.autodiff.core.graph.Parameter;
import dev.autodiff.core.tensor.Axis;
import dev.autodiff.core.tensor.Shape;
import dev.autodiff.core.tensor.Tensor;
import dev.autodiff.nn.Activation;
import dev.autodiff.nn.Layers;
import dev.autodiff.nn.Losses;
import dev.autodiff.nn.Mlp;
import dev.autodiff.nn.Model;
import dev.autodiff.nn.optim.Optimizers;
import dev.autodiff.nn.optim.Schedule;
import dev.autodiff.nn.train.Dataset;
import dev.autodiff.nn.train.Trainer;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * Hostile input to the public API: random invalid uses (mismatched shapes, nodes of another graph, nulls, NaN and
 * infinite feeds, empty and negative sizes, labels out of range, wrong widths, absurd hyper-parameters). Each must
 * be refused at once with the library's documented exception (IllegalArgumentException, or IllegalStateException
 * for an incomplete builder) whose message names the operation or argument; never an index, null-pointer or cast
 * error, a hang, or a silent NaN.
 */
class HostileInputProperties {
  private static final AtomicLong CASES = new AtomicLong();

  /** One misuse: what it is, a fragment its message must contain, and the call. */
  record Misuse(String what, String fragment, Runnable call) {
    @Override
    public String toString() {
      return what;
    }
  }

  static Arbitrary<Integer> dim() {
    return Arbitraries.integers().between(1, 5);
  }

  static Arbitrary<Double> nonFinite() {
    return Arbitraries.of(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY);
  }

  @Provide
  Arbitrary<Misuse> misuses() {
    return Arbitraries.oneOf(List.of(
        Combinators.combine(dim(), dim(), dim(), dim()).as((a, b, c, d) -> {
          Shape s = Shape.of(a, b);
          Shape t = Shape.of(c, d);
          boolean fits = s.broadcastsTo(t) || t.broadcastsTo(s);
          Graph g = Graph.create();
          Node x = g.parameter("x", Tensor.zeros(s));
          Node y = g.parameter("y", Tensor.zeros(t));
          return fits ? new Misuse("add " + s + " " + t + " (fits)", "slice", () -> x.slice(0, a + 1, 0, 1))
              : new Misuse("add " + s + " " + t, "add", () -> x.plus(y));
        }),
        Combinators.combine(dim(), dim(), dim()).as((a, b, c) -> {
          Graph g = Graph.create();
          Node x = g.parameter("x", Tensor.zeros(Shape.of(a, b)));
          Node y = g.parameter("y", Tensor.zeros(Shape.of(b + c, a)));
          return new Misuse("matmul inner mismatch", "matmul", () -> Autodiff.matmul(x, y));
        }),
        dim().map(a -> {
          Graph g = Graph.create();
          Graph h = Graph.create();
          Node x = g.parameter("x", Tensor.zeros(Shape.of(a, a)));
          Node y = h.parameter("y", Tensor.zeros(Shape.of(a, a)));
          return new Misuse("nodes of two graphs", "another graph", () -> x.times(y));
        }),
        Arbitraries.of("plus", "matmul", "max", "where", "concat").map(op -> {
          Graph g = Graph.create();
          Node x = g.parameter("x", 1.0);
          Runnable call = switch (op) {
            case "plus" -> () -> x.plus((Node) null);
            case "matmul" -> () -> x.matmul(null);
            case "max" -> () -> Autodiff.max(null, x);
            case "where" -> () -> Autodiff.where(x, null, x);
            default -> () -> Autodiff.concat(Axis.ROWS, x, null);
          };
          return new Misuse("null argument to " + op, "null", call);
        }),
        Combinators.combine(dim(), dim(), nonFinite()).as((a, b, bad) -> {
          Graph g = Graph.create();
          Input in = g.input("x", Shape.of(a, b));
          Node y = in.exp().sum();
          double[] v = new double[a * b];
          v[v.length - 1] = bad;
          return new Misuse("non-finite feed " + bad, "x", () -> Program.compile(y).run(Feeds.of(in,
              Tensor.matrix(a, b, v))));
        }),
        Combinators.combine(dim(), dim()).as((a, b) -> {
          Graph g = Graph.create();
          Input in = g.input("x", Shape.of(a, b));
          return new Misuse("feed of the wrong shape", "x", () -> Feeds.of(in, Tensor.zeros(Shape.of(a + 1, b))));
        }),
        dim().map(a -> {
          Graph g = Graph.create();
          Input in = g.input("x", Shape.of(a, 1));
          Node y = in.sum();
          return new Misuse("missing feed", "'x'", () -> Program.compile(y).run());
        }),
        Combinators.combine(dim(), dim()).as((a, b) -> {
          Graph g = Graph.create();
          Node x = g.parameter("x", Tensor.zeros(Shape.of(a, b)));
          return new Misuse("reshape to another size", "reshape", () -> x.reshape(a * b + 1, 1));
        }),
        Arbitraries.integers().between(-5, 0).map(n -> new Misuse("shape with size " + n, "shape",
            () -> Shape.of(n, 3))),
        Combinators.combine(dim(), dim()).as((a, b) -> new Misuse("tensor with too few values", "tensor",
            () -> Tensor.matrix(a, b, new double[a * b - 1]))),
        dim().map(a -> {
          Graph g = Graph.create();
          Parameter p = g.parameter("p", Tensor.zeros(Shape.of(a, 1)));
          return new Misuse("parameter set to the wrong shape", "parameter p", () -> p.set(Tensor.zeros(
              Shape.of(1, a + 1))));
        }),
        dim().map(a -> {
          Graph g = Graph.create();
          g.parameter("w", 1.0);
          return new Misuse("duplicate name", "'w'", () -> g.input("w"));
        }),
        Combinators.combine(dim(), dim()).as((a, b) -> {
          Graph g = Graph.create();
          Parameter p = g.parameter("p", Tensor.zeros(Shape.of(a, b + 1)));
          return new Misuse("gradient of a non-scalar without a seed", "seed", () -> Gradients.grad(p.exp(), p));
        }),
        Arbitraries.integers().between(-3, 0).map(w -> new Misuse("MLP width " + w, "mlp",
            () -> Mlp.builder().inputs(2).hidden(w, Activation.RELU))),
        Combinators.combine(dim(), dim()).as((a, extra) -> {
          Model m = Mlp.builder().inputs(a).outputs(1, Activation.IDENTITY).build();
          return new Misuse("predict with the wrong width", "inputs per sample",
              () -> m.predict(Tensor.zeros(Shape.of(2, a + extra))));
        }),
        nonFinite().map(bad -> {
          Model m = Mlp.builder().inputs(2).outputs(1, Activation.IDENTITY).build();
          return new Misuse("predict on " + bad, "predict", () -> m.predict(0, bad));
        }),
        Combinators.combine(Arbitraries.integers().between(2, 6), Arbitraries.integers().between(0, 3))
            .as((classes, over) -> new Misuse("label out of range", "outside 0..",
                () -> Dataset.oneHot(new int[] {0, classes + over}, classes))),
        nonFinite().map(bad -> new Misuse("dataset target " + bad, "target",
            () -> Dataset.of(new double[][] {{1, 2}}, new double[][] {{bad}}))),
        Arbitraries.integers().between(-10, 0).map(n -> new Misuse("batch size " + n, "batch size",
            () -> Trainer.builder(Mlp.builder().inputs(1).outputs(1, Activation.IDENTITY).build()).batchSize(n))),
        Arbitraries.doubles().between(-10, 0).map(lr -> new Misuse("learning rate " + lr, "learning rate",
            () -> Optimizers.adam(lr))),
        Arbitraries.doubles().between(1, 5).map(rate -> new Misuse("dropout " + rate, "dropout",
            () -> Layers.dropout(rate))),
        Arbitraries.doubles().between(1, 3).map(gamma -> new Misuse("momentum " + gamma, "gamma",
            () -> Optimizers.momentum(0.1, gamma))),
        Arbitraries.doubles().between(-2, 0).map(f -> new Misuse("schedule factor " + f, "factor",
            () -> Schedule.step(2, f))),
        Arbitraries.doubles().between(1.01, 9).map(t -> new Misuse("BCE target " + t, "targets must be in [0, 1]",
            () -> {
              Model m = Mlp.builder().inputs(1).outputs(1, Activation.SIGMOID).build();
              Trainer.builder(m).loss(Losses.binaryCrossEntropy()).optimizer(Optimizers.sgd(0.1)).build()
                  .fit(Dataset.of(new double[][] {{0}, {1}}, new double[][] {{0}, {t}}));
            })),
        dim().map(w -> new Misuse("trainer without a loss", "loss",
            () -> Trainer.builder(Mlp.builder().inputs(w).outputs(1, Activation.IDENTITY).build())
                .optimizer(Optimizers.sgd(0.1)).build()))));
  }

  @Property(tries = 2000)
  void everyMisuseIsRefusedWithTheDocumentedException(@ForAll("misuses") Misuse m) {
    // no wall-clock guard here: a hang is caught by surefire's forked-process timeout (pom.xml), which names the
    // test class, without a bound that a slow machine could trip
    RuntimeException thrown;
    try {
      m.call().run();
      thrown = null;
    } catch (RuntimeException e) {
      thrown = e;
    }
    if (thrown == null) {
      fail(m.what() + ": was accepted");
    }
    assertTrue(thrown instanceof IllegalArgumentException || thrown instanceof IllegalStateException,
        m.what() + ": threw " + thrown);
    assertTrue(thrown.getMessage() != null && thrown.getMessage().contains(m.fragment()),
        m.what() + ": message '" + thrown.getMessage() + "' should name '" + m.fragment() + "'");
    CASES.incrementAndGet();
  }

  @AfterContainer
  static void report() {
    System.out.printf("reliability: %d hostile calls refused with a documented exception%n", CASES.get());
  }
}
