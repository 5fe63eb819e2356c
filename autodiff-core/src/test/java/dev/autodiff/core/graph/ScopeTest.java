package dev.autodiff.core.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ScopeTest {
  @Test
  void nodesCreatedInAScopeBelongToItsPath() {
    Graph g = Graph.create();
    Parameter outside = g.parameter("o", 1.0);
    Node inner;
    Node middle;
    Parameter w;
    try (Graph.Scope mlp = g.scope("mlp")) {
      assertEquals("mlp", mlp.path());
      try (Graph.Scope layer = g.scope("hidden1")) {
        assertEquals("mlp/hidden1", layer.path());
        w = g.parameter("w", 2.0);
        inner = w.times(outside);
      }
      middle = inner.exp();
    }
    Node after = middle.tanh();
    assertEquals(Optional.empty(), outside.group());
    assertEquals(Optional.of("mlp/hidden1"), w.group());
    assertEquals(Optional.of("mlp/hidden1"), inner.group());
    assertEquals(Optional.of("mlp"), middle.group());
    assertEquals(Optional.empty(), after.group());
  }

  @Test
  void constantsAndExistingNodesKeepTheirGroup() {
    Graph g = Graph.create();
    Parameter p = g.parameter("p", 1.0);
    Node first = p.exp();
    try (Graph.Scope s = g.scope("later")) {
      assertEquals(first, p.exp(), "hash-consing returns the node made outside");
      assertEquals(Optional.empty(), p.exp().group());
      assertEquals(Optional.empty(), g.constant(3.5).group(), "equal constants are shared, so they have no group");
    }
  }

  @Test
  void scopesCloseInReverseOrderAndOnlyOnce() {
    Graph g = Graph.create();
    Graph.Scope outer = g.scope("outer");
    Graph.Scope inner = g.scope("inner");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, outer::close);
    assertTrue(e.getMessage().contains("closed before the inner scope outer/inner"), e.getMessage());
    inner.close();
    outer.close();
    e = assertThrows(IllegalArgumentException.class, outer::close);
    assertTrue(e.getMessage().contains("already closed"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> g.scope("a/b"));
    assertThrows(IllegalArgumentException.class, () -> g.scope(" "));
    assertThrows(IllegalArgumentException.class, () -> g.scope(null));
  }

  @Test
  void eachThreadHasItsOwnScopes() throws Exception {
    // Issue 19, item 1: thread A's open scope must not become the parent of thread B's, nor group B's nodes.
    Graph g = Graph.create();
    Parameter p = g.parameter("p", 1.0);
    CountDownLatch opened = new CountDownLatch(1);
    CountDownLatch built = new CountDownLatch(1);
    ExecutorService other = Executors.newSingleThreadExecutor();
    try {
      Future<Node> inA = other.submit(() -> {
        try (Graph.Scope a = g.scope("a")) {
          opened.countDown();
          built.await();
          return p.sin();
        }
      });
      opened.await();
      Node plain = p.exp();
      Node inB;
      try (Graph.Scope b = g.scope("b")) {
        assertEquals("b", b.path());
        inB = p.cos();
      }
      built.countDown();
      assertEquals(Optional.of("a"), inA.get(10, TimeUnit.SECONDS).group());
      assertEquals(Optional.empty(), plain.group(), "built outside any scope of this thread");
      assertEquals(Optional.of("b"), inB.group());
    } finally {
      other.shutdownNow();
    }
    try (Graph.Scope probe = g.scope("probe")) {
      assertEquals("probe", probe.path(), "no scope stays open");
    }
  }

  @Test
  void aRefusedCloseAndAnExceptionInsideAScopeLeaveTheScopesAsTheyWere() {
    Graph g = Graph.create();
    Graph.Scope outer = g.scope("outer");
    Graph.Scope inner = g.scope("inner");
    assertThrows(IllegalArgumentException.class, outer::close);
    assertEquals("outer/inner/probe", probe(g), "the refused close changed nothing");
    assertThrows(IllegalStateException.class, () -> {
      try (Graph.Scope failing = g.scope("failing")) {
        throw new IllegalStateException("the body fails");
      }
    });
    assertEquals("outer/inner/probe", probe(g), "the failed body's scope was closed");
    inner.close();
    outer.close();
    assertEquals("probe", probe(g));
  }

  private static String probe(Graph g) {
    try (Graph.Scope probe = g.scope("probe")) {
      return probe.path();
    }
  }

  @Test
  void aScopeMayBeClosedFromAnotherThread() throws Exception {
    Graph g = Graph.create();
    ExecutorService other = Executors.newSingleThreadExecutor();
    try {
      Graph.Scope s = other.submit(() -> g.scope("theirs")).get(10, TimeUnit.SECONDS);
      try (Graph.Scope mine = g.scope("mine")) {
        assertEquals("mine", mine.path());
        s.close();  // closes it on the thread that opened it, where it is the innermost
      }
      assertEquals("again", other.submit(() -> {
        try (Graph.Scope again = g.scope("again")) {
          return again.path();
        }
      }).get(10, TimeUnit.SECONDS));
    } finally {
      other.shutdownNow();
    }
  }
}
