package dev.autodiff.core.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
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
}
