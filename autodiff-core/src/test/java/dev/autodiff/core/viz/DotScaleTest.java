package dev.autodiff.core.viz;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autodiff.core.graph.Graph;
import dev.autodiff.core.graph.Node;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Issue 19, item 17: drawing a large graph at the default node limit is linear in its size (it was quadratic: 0.43,
 * 0.51, 2.0 and 5.3 s at 3k, 6k, 12k and 24k nodes). Counted, not timed: the drawing reports the nodes, box
 * members and inputs it visits, and the count per graph node must not grow with the graph.
 */
class DotScaleTest {
  static final int BIG = Boolean.getBoolean("autodiff.reliability") ? 3_000_000 : 100_000;

  /** A chain of {@code n} nodes, in groups of 50 under 10 blocks when {@code grouped}. */
  static Node chain(int n, boolean grouped) {
    Graph g = Graph.create();
    Node x = g.parameter("x", 0.5);
    for (int i = 0; i < n / 2; i++) {
      if (grouped && i % 25 == 0) {
        try (Graph.Scope block = g.scope("block" + (i / 2500) % 10); Graph.Scope layer = g.scope("layer" + i / 25)) {
          x = x.sin().times(0.9);
        }
      } else {
        x = x.sin().times(0.9);
      }
    }
    return x;
  }

  static long work(Node y) {
    AtomicLong work = new AtomicLong();
    String dot = Dot.forward(List.of(y), null, DotOptions.defaults(), work::set);
    assertTrue(dot.startsWith("digraph") && dot.length() < 200_000, "a drawing of the limited size");
    return work.get();
  }

  @Test
  void drawingALargeGraphAtTheDefaultNodeLimitVisitsEachNodeAFewTimes() {
    for (boolean grouped : new boolean[] {false, true}) {
      for (int n : new int[] {3_000, 24_000, BIG}) {
        Node y = chain(n, grouped);
        int nodes = y.graph().size();
        long work = work(y);
        System.out.printf("DotScaleTest: %,d nodes%s: %,d visits (%.1f per node)%n", nodes,
            grouped ? " in groups" : "", work, (double) work / nodes);
        assertTrue(work <= 20L * nodes, nodes + " nodes" + (grouped ? " in groups" : "") + ": " + work + " visits");
      }
    }
  }
}
