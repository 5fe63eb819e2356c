package dev.autodiff.core.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 19, item 3: an {@link OutOfMemoryError} while the hash-consing table grows (caught by the caller, as a
 * server or a test harness does) must leave the table and the graph as they were: later expressions are built and
 * found again as before.
 */
class InternerTest {
  @Test
  void aGrowthThatRunsOutOfMemoryLeavesTheGraphAndItsTableUsable() {
    Graph g = Graph.create();
    Parameter p = g.parameter("p", 0.5);
    g.interner().failNextGrowth();
    Node x = p;
    OutOfMemoryError oom = null;
    int before = 0;
    for (int i = 0; i < 100 && oom == null; i++) {
      before = g.size();
      try {
        x = x.sin();
      } catch (OutOfMemoryError e) {
        oom = e;
      }
    }
    assertEquals("Java heap space (simulated by Interner.failNextGrowth)", oom.getMessage());
    assertEquals(before, g.size(), "the failed call added no node");
    List<Node> built = new ArrayList<>();
    for (int i = 0; i < 2000; i++) {
      built.add(x.plus(i).exp());
    }
    for (int i = 0; i < 2000; i++) {
      assertSame(built.get(i), x.plus(i).exp(), "hash-consing finds expression " + i + " again");
    }
    assertSame(x, g.nodes().get(x.id()));
    assertEquals(x.sin(), x.sin(), "the expression whose growth failed builds now, once");
  }
}
