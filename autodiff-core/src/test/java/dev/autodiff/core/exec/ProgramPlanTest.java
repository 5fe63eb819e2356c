package dev.autodiff.core.exec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autodiff.core.grad.Gradients;
import dev.autodiff.core.graph.Graph;
import dev.autodiff.core.graph.Input;
import dev.autodiff.core.graph.Node;
import dev.autodiff.core.graph.Parameter;
import dev.autodiff.core.tensor.MutableTensor;
import dev.autodiff.core.tensor.Shape;
import dev.autodiff.core.tensor.Tensor;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** What compiling plans: transposes folded into matrix products, buffers shared by liveness and kept across runs. */
class ProgramPlanTest {
  static Tensor random(int rows, int cols, long seed) {
    Random r = new Random(seed);
    double[] v = new double[rows * cols];
    for (int i = 0; i < v.length; i++) {
      v[i] = r.nextGaussian();
    }
    return Tensor.matrix(rows, cols, v);
  }

  @Test
  void transposedOperandsOfMatrixProductsAreNotMaterialised() {
    Graph g = Graph.create();
    Input a = g.input("a", Shape.of(5, 3));
    Input b = g.input("b", Shape.of(4, 5));
    Node y = a.transpose().matmul(b.transpose());  // 3x5 · 5x4
    Feeds feeds = Feeds.of(a, random(5, 3, 1)).with(b, random(4, 5, 2));
    Program fused = Program.compile(y);
    Program plain = fused.checkingFinite();  // checking programs keep transposes, so messages show real operands
    assertEquals(3, fused.size());  // a, b, the product
    assertEquals(5, plain.size());
    assertArrayEquals(plain.run(feeds).get(y).toArray(), fused.run(feeds).get(y).toArray(), 1e-12);
    // a transpose used elsewhere too is still computed once, for that use
    Node both = a.transpose().matmul(b.transpose()).sum().plus(a.transpose().sum());
    assertEquals(Program.compile(both).checkingFinite().run(feeds).scalar(both),
        Program.compile(both).run(feeds).scalar(both), 1e-12);
  }

  @Test
  void valuesWhoseLifetimesDoNotOverlapShareBuffers() {
    Graph g = Graph.create();
    Input x = g.input("x", Shape.of(100, 10));
    Node y = x;
    for (int i = 0; i < 200; i++) {
      y = i % 2 == 0 ? y.tanh() : y.times(1.5);
    }
    Program p = Program.compile(y.sum());
    assertEquals(203, p.size());  // x, the constant 1.5, 200 steps, the sum
    assertEquals(2, p.bufferCount(), "a chain needs two buffers of each size, whatever its length");
    Tensor in = random(100, 10, 3);
    double want = Program.compile(y.sum()).checkingFinite().run(Feeds.of(x, in)).scalar(y.sum());
    for (int run = 0; run < 3; run++) {
      assertEquals(want, p.run(Feeds.of(x, in)).scalar(y.sum()), 0.0, "run " + run);
    }
  }

  @Test
  void outputsAreFreshTensorsThatLaterRunsDoNotOverwrite() {
    Graph g = Graph.create();
    Input x = g.input("x", Shape.of(2, 2));
    Node y = x.times(2).exp();
    Node z = y.plus(1);
    Program p = Program.compile(z, y);
    Results first = p.run(Feeds.of(x, Tensor.matrix(2, 2, 1, 2, 3, 4)));
    double[] kept = first.get(z).toArray();
    p.run(Feeds.of(x, Tensor.matrix(2, 2, -1, -2, -3, -4)));
    assertArrayEquals(kept, first.get(z).toArray(), 0.0);
    assertEquals(Math.exp(2) + 1, first.get(z).at(0), 1e-12);
  }

  @Test
  void steadyRunsAllocateOnlyTheirOutputs() {
    com.sun.management.ThreadMXBean bean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    Graph g = Graph.create();
    Parameter w1 = g.parameter("w1", random(64, 32, 4));
    Parameter w2 = g.parameter("w2", random(32, 8, 5));
    Input x = g.input("x", Shape.of(128, 64));
    Node loss = x.matmul(w1).tanh().matmul(w2).sigmoid().square().mean();
    List<Node> outs = new ArrayList<>(Gradients.gradients(loss, List.of(w1, w2)));
    outs.add(loss);
    Program p = Program.compile(outs);
    Feeds feeds = Feeds.of(x, random(128, 64, 6));
    for (int i = 0; i < 50; i++) {
      p.run(feeds);
    }
    long before = bean.getCurrentThreadAllocatedBytes();
    int runs = 100;
    for (int i = 0; i < runs; i++) {
      p.run(feeds);
    }
    double perRun = (bean.getCurrentThreadAllocatedBytes() - before) / (double) runs;
    double outputs = 8.0 * (64 * 32 + 32 * 8 + 1);
    double intermediates = 8.0 * (128 * 32 * 6 + 128 * 8 * 6);  // what fresh buffers would cost, roughly
    assertTrue(perRun < outputs + 4096, "allocated " + perRun + " bytes per run; outputs are " + outputs
        + " bytes, fresh intermediates would be about " + intermediates);
  }

  @Test
  void runningIntoOutputBuffersReusesTheirStorage() {
    com.sun.management.ThreadMXBean bean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    Graph g = Graph.create();
    Parameter w = g.parameter("w", random(200, 100, 7));
    Input x = g.input("x", Shape.of(10, 200));
    Node loss = x.matmul(w).tanh().square().mean();
    Node grad = Gradients.grad(loss, w);
    Program p = Program.compile(grad, loss);
    Feeds feeds = Feeds.of(x, random(10, 200, 8));
    Tensor want = p.run(feeds).get(grad);
    OutputBuffers buffers = p.newOutputBuffers();
    MutableTensor g0 = buffers.get(grad);
    for (int i = 0; i < 50; i++) {
      p.runInto(feeds, buffers);
    }
    long before = bean.getCurrentThreadAllocatedBytes();
    for (int i = 0; i < 100; i++) {
      p.runInto(feeds, buffers);
    }
    double perRun = (bean.getCurrentThreadAllocatedBytes() - before) / 100.0;
    assertSame(g0, buffers.get(grad), "the same storage, run after run");
    assertEquals(want, buffers.get(grad).snapshot());
    assertEquals(p.run(feeds).scalar(loss), buffers.scalar(loss));
    assertTrue(perRun < 2048, "runs into the same buffers allocated " + perRun + " bytes each; the gradient alone is "
        + 8 * 200 * 100);
    Program other = Program.compile(loss);
    IllegalArgumentException wrong = assertThrows(IllegalArgumentException.class,
        () -> other.runInto(feeds, buffers));
    assertTrue(wrong.getMessage().contains("another program"), wrong.getMessage());
  }

  @Test
  void aFrozenOutputBufferIsNeverWrittenAgain() {
    Graph g = Graph.create();
    Input x = g.input("x", Shape.of(1, 2));
    Node y = x.times(2.0);
    Program p = Program.compile(y);
    OutputBuffers buffers = p.newOutputBuffers();
    p.runInto(Feeds.of(x, Tensor.row(1, 2)), buffers);
    Tensor kept = buffers.get(y).freeze();
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> p.runInto(Feeds.of(x, Tensor.row(5, 6)), buffers));
    assertTrue(e.getMessage().contains("frozen"), e.getMessage());
    assertEquals(Tensor.row(2, 4), kept);
  }

  @Test
  void resultsNeverChangeWhenTheirLeavesDo() {
    // outputs that are leaves: a parameter updated in place and a live feed refilled must not show through
    Graph g = Graph.create();
    Parameter w = g.parameter("w", Tensor.row(1, 2));
    Input x = g.input("x", Shape.of(1, 2));
    MutableTensor batch = MutableTensor.zeros(Shape.of(1, 2));
    batch.setAt(0, 3);
    Program p = Program.compile(w, x);
    Feeds feeds = Feeds.of(x, batch);
    Parameter.Update plusTen = (cur, next) -> {
      for (int k = 0; k < cur.length; k++) {
        next[k] = cur[k] + 10;
      }
    };
    w.update(plusTen);  // the current value is now storage the parameter may recycle two updates later
    Results r = p.run(feeds);
    Tensor wBefore = r.get(w);
    Tensor xBefore = r.get(x);
    w.update(plusTen);
    w.update(plusTen);
    batch.setAt(0, 7);
    assertEquals(Tensor.row(11, 12), wBefore);
    assertEquals(Tensor.row(3, 0), xBefore);
    assertEquals(Tensor.row(7, 0), p.run(feeds).get(x), "a live feed is read at each run");
    assertEquals(Tensor.row(31, 32), p.run(feeds).get(w));
    OutputBuffers buffers = p.runInto(feeds, p.newOutputBuffers());
    assertEquals(Tensor.row(31, 32), buffers.get(w).snapshot());
    buffers.get(w).setAt(0, -1);  // the caller's storage: writing it changes nothing else
    assertEquals(Tensor.row(31, 32), w.value());
  }
}
