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
import dev.autodiff.core.testing.ChildJvm;
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

  /** {@code a^T b^T} by the index formula, in plain Java: the reference for the folded product. */
  static double[] transposedProduct(Tensor a, Tensor b) {
    int m = a.cols();
    int k = a.rows();
    int n = b.rows();
    double[] c = new double[m * n];
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        double s = 0;
        for (int p = 0; p < k; p++) {
          s += a.get(p, i) * b.get(j, p);
        }
        c[i * n + j] = s;
      }
    }
    return c;
  }

  // The references here are plain-Java recomputations, independent of the program's plan: a checking program
  // (checkingFinite) shares the buffer plan, so a planning bug would corrupt it and the program alike.
  @Test
  void transposedOperandsOfMatrixProductsAreNotMaterialised() {
    Graph g = Graph.create();
    Input a = g.input("a", Shape.of(5, 3));
    Input b = g.input("b", Shape.of(4, 5));
    Node y = a.transpose().matmul(b.transpose());  // 3x5 · 5x4
    Tensor av = random(5, 3, 1);
    Tensor bv = random(4, 5, 2);
    Feeds feeds = Feeds.of(a, av).with(b, bv);
    Program fused = Program.compile(y);
    assertEquals(3, fused.size());  // a, b, the product
    assertEquals(5, fused.checkingFinite().size());  // checking programs keep transposes, so messages show operands
    double[] want = transposedProduct(av, bv);
    assertArrayEquals(want, fused.run(feeds).get(y).toArray(), 1e-12);
    // a transpose used elsewhere too is still computed once, for that use
    Node both = a.transpose().matmul(b.transpose()).sum().plus(a.transpose().sum());
    double wantBoth = 0;
    for (double v : want) {
      wantBoth += v;
    }
    for (double v : av.toArray()) {
      wantBoth += v;
    }
    assertEquals(wantBoth, Program.compile(both).run(feeds).scalar(both), 1e-12);
  }

  @Test
  void reshapesReadByOtherStepsAreNotCopied() {
    Graph g = Graph.create();
    Input a = g.input("a", Shape.of(2, 6));
    Node r = a.exp().reshape(3, 4);
    Node y = r.matmul(g.constant(Tensor.filled(Shape.of(4, 1), 1))).reshape(1, 3).times(2);
    Tensor av = random(2, 6, 3);
    Program fused = Program.compile(y);
    assertEquals(6, fused.size());  // a, exp, two constants, the product, times: neither reshape
    assertEquals(8, fused.checkingFinite().size());
    double[] want = new double[3];
    for (int i = 0; i < 3; i++) {
      for (int j = 0; j < 4; j++) {
        want[i] += 2 * Math.exp(av.at(i * 4 + j));
      }
    }
    assertArrayEquals(want, fused.run(Feeds.of(a, av)).get(y).toArray(), 1e-12);
    // a view's input kept alive past steps that reuse buffers of its size, views of a parameter and of an input,
    // and a reshape of a reshape: the same values as the checking program, which copies every view
    Parameter p = g.parameter("p", random(3, 4, 5));
    Node e = a.exp();
    Node busy = e.tanh().sin().cos().times(3).plus(e.sqrt());  // same-size buffers taken and freed meanwhile
    Node late = e.reshape(4, 3).transpose().reshape(2, 6).times(busy);
    Node mixed = late.plus(p.reshape(2, 6)).plus(a.reshape(12, 1).reshape(2, 6)).sum();
    Feeds feeds = Feeds.of(a, av);
    assertEquals(Program.compile(mixed).checkingFinite().run(feeds).scalar(mixed),
        Program.compile(mixed).run(feeds).scalar(mixed), 0.0);
    // a reshape that is itself an output is computed, and is a value of its own
    Program both = Program.compile(r, y);
    Results out = both.run(Feeds.of(a, av));
    assertEquals(Shape.of(3, 4), out.get(r).shape());
    assertEquals(Math.exp(av.at(5)), out.get(r).get(1, 1), 1e-15);
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
    double want = 0;
    for (double v : in.toArray()) {
      for (int i = 0; i < 200; i++) {
        v = i % 2 == 0 ? Math.tanh(v) : v * 1.5;
      }
      want += v;
    }
    for (int run = 0; run < 3; run++) {
      assertEquals(want, p.run(Feeds.of(x, in)).scalar(y.sum()), 1e-9 * Math.abs(want), "run " + run);
    }
  }

  @Test
  void valuesReadAgainLaterKeepTheirBuffersUntilTheirLastReader() {
    // h[i+1] = tanh(h[i]) + 0.5 h[i-3]: every value has two readers, the second three steps on, so a buffer freed
    // after its first reader would be overwritten before its second one reads it
    Graph g = Graph.create();
    Input x = g.input("x", Shape.of(20, 5));
    List<Node> h = new ArrayList<>(List.of(x, x.times(2), x.times(3), x.times(4)));
    for (int i = 3; i < 60; i++) {
      h.add(h.get(i).tanh().plus(h.get(i - 3).times(0.5)));
    }
    Node out = h.get(h.size() - 1).sum();
    Program p = Program.compile(out);
    assertTrue(p.bufferCount() < 20, "buffers are shared: " + p.bufferCount());
    Tensor in = random(20, 5, 4);
    double want = 0;
    for (double v : in.toArray()) {
      List<Double> hv = new ArrayList<>(List.of(v, 2 * v, 3 * v, 4 * v));
      for (int i = 3; i < 60; i++) {
        hv.add(Math.tanh(hv.get(i)) + 0.5 * hv.get(i - 3));
      }
      want += hv.get(hv.size() - 1);
    }
    for (int run = 0; run < 2; run++) {
      assertEquals(want, p.run(Feeds.of(x, in)).scalar(out), 1e-9 * Math.abs(want), "run " + run);
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

  /**
   * Bytes a run allocates, measured in a fresh JVM with {@code -Xint}: with no JIT there is no escape analysis to
   * remove allocations and no warm-up to wait for, so the count is exact and the same on every run of the build (one
   * run first, which allocates the program's buffers).
   */
  static double bytesPerRunInAFreshInterpretedJvm(String which) {
    ChildJvm.Result r = ChildJvm.run(AllocationProbe.class, List.of("-Xint", "-Xmx256m"), which);
    assertEquals(0, r.exitCode(), r.out());
    return Double.parseDouble(r.out().strip());
  }

  /** The program of the allocation tests: a small MLP's loss and both weight gradients. */
  static final class Mlp {
    final Graph g = Graph.create();
    final Parameter w1 = g.parameter("w1", random(64, 32, 4));
    final Parameter w2 = g.parameter("w2", random(32, 8, 5));
    final Input x = g.input("x", Shape.of(128, 64));
    final Node loss = x.matmul(w1).tanh().matmul(w2).sigmoid().square().mean();
    final List<Node> grads = Gradients.gradients(loss, List.of(w1, w2));
    final Program program;
    final Feeds feeds = Feeds.of(x, random(128, 64, 6));

    Mlp() {
      List<Node> outs = new ArrayList<>(grads);
      outs.add(loss);
      program = Program.compile(outs);
    }
  }

  /** The child JVM's side: prints the bytes per run of {@code run} ({@code args[0]} "run") or {@code runInto}. */
  static final class AllocationProbe {
    public static void main(String[] args) {
      com.sun.management.ThreadMXBean bean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
      Mlp m = new Mlp();
      boolean into = args[0].equals("runInto");
      OutputBuffers buffers = m.program.newOutputBuffers();
      for (int i = 0; i < 2; i++) {
        if (into) {
          m.program.runInto(m.feeds, buffers);
        } else {
          m.program.run(m.feeds);
        }
      }
      int runs = 10;
      long before = bean.getCurrentThreadAllocatedBytes();
      for (int i = 0; i < runs; i++) {
        if (into) {
          m.program.runInto(m.feeds, buffers);
        } else {
          m.program.run(m.feeds);
        }
      }
      System.out.println((bean.getCurrentThreadAllocatedBytes() - before) / (double) runs);
    }
  }

  @Test
  void steadyRunsAllocateOnlyTheirOutputs() {
    double perRun = bytesPerRunInAFreshInterpretedJvm("run");
    double outputs = 8.0 * (64 * 32 + 32 * 8 + 1);
    double intermediates = 8.0 * (128 * 32 * 6 + 128 * 8 * 6);  // what fresh buffers would cost, roughly
    assertTrue(perRun >= outputs && perRun < outputs + 4096, "allocated " + perRun + " bytes per run; outputs are "
        + outputs + " bytes, fresh intermediates would be about " + intermediates);
  }

  @Test
  void runningIntoOutputBuffersReusesTheirStorage() {
    Mlp m = new Mlp();
    Tensor want = m.program.run(m.feeds).get(m.grads.get(0));
    OutputBuffers buffers = m.program.newOutputBuffers();
    MutableTensor g0 = buffers.get(m.grads.get(0));
    m.program.runInto(m.feeds, buffers);
    m.program.runInto(m.feeds, buffers);
    assertSame(g0, buffers.get(m.grads.get(0)), "the same storage, run after run");
    assertEquals(want, buffers.get(m.grads.get(0)).snapshot());
    assertEquals(m.program.run(m.feeds).scalar(m.loss), buffers.scalar(m.loss));
    double perRun = bytesPerRunInAFreshInterpretedJvm("runInto");
    assertTrue(perRun < 2048, "runs into the same buffers allocated " + perRun + " bytes each; the gradients alone "
        + "are " + 8 * (64 * 32 + 32 * 8));
    Program other = Program.compile(m.loss);
    IllegalArgumentException wrong = assertThrows(IllegalArgumentException.class,
        () -> other.runInto(m.feeds, buffers));
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
