package dev.autodiff.core.graph;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autodiff.core.exec.Feeds;
import dev.autodiff.core.exec.Program;
import dev.autodiff.core.tensor.Shape;
import dev.autodiff.core.tensor.Tensor;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** Parameter.update: storage recycled only when no one can hold it; values handed out never change. */
class ParameterUpdateTest {
  static final int N = 4096;

  static Parameter parameter(Graph g) {
    return g.parameter("w", Tensor.filled(Shape.of(64, 64), 0.0));
  }

  @Test
  void steadyUpdatesAllocateNothingAndRunsSeeEachNewValue() {
    com.sun.management.ThreadMXBean bean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    Graph g = Graph.create();
    Parameter w = parameter(g);
    Node total = w.sum();
    Program p = Program.compile(total);
    Parameter.Update plusOne = (cur, next) -> {
      for (int i = 0; i < cur.length; i++) {
        next[i] = cur[i] + 1;
      }
    };
    for (int i = 0; i < 100; i++) {
      w.update(plusOne);
    }
    long before = bean.getCurrentThreadAllocatedBytes();
    for (int i = 0; i < 200; i++) {
      w.update(plusOne);
      assertEquals((101 + i) * (double) N, p.run(Feeds.empty()).scalar(total));
    }
    double perStep = (bean.getCurrentThreadAllocatedBytes() - before) / 200.0;
    assertTrue(perStep < 8 * N / 4, "update + run allocated " + perStep + " bytes per step; the value is " + 8 * N);
  }

  @Test
  void valuesHandedOutNeverChangeAfterLaterUpdates() {
    Graph g = Graph.create();
    Parameter w = parameter(g);
    List<Tensor> kept = new ArrayList<>();
    List<double[]> copies = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      int k = i;
      w.update((cur, next) -> {
        for (int e = 0; e < cur.length; e++) {
          next[e] = k * 1000 + e;
        }
      });
      if (i % 3 == 0) {  // some values are taken, others are not (those may be recycled)
        Tensor t = w.value();
        kept.add(t);
        copies.add(t.toArray());
      }
    }
    for (int i = 0; i < kept.size(); i++) {
      assertArrayEquals(copies.get(i), kept.get(i).toArray(), 0.0, "value " + i + " changed");
    }
  }

  @Test
  void revertUndoesTheLastUpdateOnly() {
    Graph g = Graph.create();
    Parameter w = g.parameter("w", 1.0);
    long v0 = w.version();
    w.update((cur, next) -> next[0] = cur[0] * 10);
    assertEquals(v0 + 1, w.version());
    w.revert();
    assertEquals(1.0, w.value().item());
    IllegalStateException twice = assertThrows(IllegalStateException.class, w::revert);
    assertTrue(twice.getMessage().contains("nothing to revert"), twice.getMessage());
    w.set(5.0);
    assertThrows(IllegalStateException.class, w::revert);
    assertThrows(IllegalArgumentException.class, () -> w.update(null));
  }

  @Test
  void runsOnOtherThreadsSeeTheOldOrTheNewValueNeverAMix() throws Exception {
    Graph g = Graph.create();
    Parameter w = parameter(g);
    Node total = w.sum();
    Program p = Program.compile(total, w.times(w).sum());
    // every value is constant across its elements: k everywhere. A torn read would mix two k's.
    Node spread = w.amax().minus(w.amin());
    Program check = Program.compile(spread, total);
    AtomicBoolean stop = new AtomicBoolean();
    Set<String> problems = ConcurrentHashMap.newKeySet();
    List<Thread> readers = new ArrayList<>();
    for (int t = 0; t < 3; t++) {
      Thread r = new Thread(() -> {
        while (!stop.get()) {
          var res = check.run(Feeds.empty());
          if (res.scalar(spread) != 0) {
            problems.add("a run saw a mix of two values: spread " + res.scalar(spread));
          }
          Tensor held = w.value();
          double first = held.at(0);
          Thread.onSpinWait();
          if (held.at(N - 1) != first || held.at(N / 2) != first) {
            problems.add("a held value changed");
          }
        }
      });
      r.start();
      readers.add(r);
    }
    for (int k = 1; k <= 20_000; k++) {
      double value = k;
      w.update((cur, next) -> java.util.Arrays.fill(next, value));
      p.run(Feeds.empty());
    }
    stop.set(true);
    for (Thread r : readers) {
      r.join();
    }
    assertTrue(problems.isEmpty(), problems.toString());
    assertEquals(20_000.0 * N, p.run(Feeds.empty()).scalar(total));
  }
}
