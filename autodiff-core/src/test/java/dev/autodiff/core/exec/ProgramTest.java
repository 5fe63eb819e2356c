package dev.autodiff.core.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autodiff.core.graph.Graph;
import dev.autodiff.core.graph.Input;
import dev.autodiff.core.graph.Node;
import dev.autodiff.core.graph.Op;
import dev.autodiff.core.graph.Parameter;
import dev.autodiff.core.tensor.Shape;
import dev.autodiff.core.tensor.Tensor;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ProgramTest {

  /** An identity op that counts its forward calls. */
  record Counting(AtomicInteger calls) implements Op {
    @Override
    public String opName() {
      return "counting";
    }

    @Override
    public Shape shape(List<Shape> inputs) {
      return inputs.get(0);
    }

    @Override
    public void forward(double[][] in, Shape[] inShapes, double[] out, Shape outShape) {
      calls.incrementAndGet();
      System.arraycopy(in[0], 0, out, 0, out.length);
    }

    @Override
    public Node[] vjp(Node grad, Node result, boolean[] needed) {
      return new Node[] {grad};
    }
  }

  @Test
  void sharedNodeIsComputedOncePerRun() {
    Graph g = Graph.create();
    Input x = g.input("x");
    AtomicInteger calls = new AtomicInteger();
    Node shared = g.apply(new Counting(calls), x);
    Node y = shared.exp().plus(shared.square()).plus(shared);
    Program p = Program.compile(y, shared);
    assertEquals(Math.exp(2) + 4 + 2, p.run(Feeds.of(x, 2.0)).scalar(y), 1e-12);
    assertEquals(1, calls.get());
  }

  @Test
  void unusedNodesAreNotScheduled() {
    Graph g = Graph.create();
    Input x = g.input("x");
    AtomicInteger calls = new AtomicInteger();
    g.apply(new Counting(calls), x).exp();  // dead for the program below
    Node y = x.square();
    Program p = Program.compile(y);
    assertEquals(2, p.size());  // x and x^2 (the exponent is part of the op)
    p.run(Feeds.of(x, 3.0));
    assertEquals(0, calls.get());
  }

  @Test
  void parametersAreReadAtEachRunAndCanBeOverriddenByAFeed() {
    Graph g = Graph.create();
    Parameter w = g.parameter("w", 2.0);
    Node y = w.square();
    Program p = Program.compile(y);
    assertEquals(4, p.run().scalar(y));
    w.set(3.0);
    assertEquals(9, p.run().scalar(y));
    assertEquals(25, p.run(Feeds.of(w, 5.0)).scalar(y));
    assertEquals(3.0, w.value().item());
  }

  @Test
  void runsAreDeterministic() {
    Graph g = Graph.create();
    Parameter w = g.parameter("w", Tensor.matrix(3, 3, 0.1, -0.2, 0.3, 0.4, 0.5, -0.6, 0.7, 0.8, 0.9));
    Node y = w.matmul(w).tanh().logsumexp().plus(w.sigmoid().sum());
    Program p = Program.compile(y);
    double first = p.run().scalar(y);
    for (int i = 0; i < 10; i++) {
      assertEquals(Double.doubleToLongBits(first), Double.doubleToLongBits(p.run().scalar(y)));
    }
  }

  @Test
  void finiteCheckNamesTheFirstNonFiniteNodeItsOpFormulaAndInputs() {
    Graph g = Graph.create();
    Input x = g.input("x");
    Parameter w = g.parameter("w", 0.0);
    Node y = x.times(w).log().plus(1).exp();
    Program checking = Program.compile(y).checkingFinite();
    NonFiniteValueException e = assertThrows(NonFiniteValueException.class, () -> checking.run(Feeds.of(x, 2.0)));
    assertEquals(y.input(0).input(0), e.node());
    assertTrue(e.getMessage().contains("op log") && e.getMessage().contains("log(x*w)")
        && e.getMessage().contains("-Infinity") && e.getMessage().contains("mul#") && e.getMessage().contains("= 0"),
        e.getMessage());
    // Without the check the same run just yields the IEEE result.
    assertEquals(0.0, Program.compile(y).run(Feeds.of(x, 2.0)).scalar(y));
  }

  @Test
  void finiteCheckPassesFiniteRunsThrough() {
    Graph g = Graph.create();
    Input x = g.input("x");
    Node y = x.square().plus(1).log();
    assertEquals(Math.log(5), Program.compile(y).checkingFinite().run(Feeds.of(x, 2.0)).scalar(y), 1e-12);
  }
}
