package dev.autodiff.core.graph;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * The open scopes of a graph, a stack per thread (innermost first), so that threads building in one graph at once
 * never see each other's. Not thread-safe: the graph calls it under its lock.
 */
final class OpenScopes {
  private final Map<Thread, ArrayDeque<Graph.Scope>> stacks = new HashMap<>();

  /** The innermost open scope of {@code thread}, or null. */
  Graph.Scope innermost(Thread thread) {
    ArrayDeque<Graph.Scope> open = stacks.get(thread);
    return open == null ? null : open.peek();
  }

  void open(Graph.Scope s) {
    stacks.computeIfAbsent(s.owner(), t -> new ArrayDeque<>()).push(s);
  }

  /** Closes {@code s}, the innermost scope of its thread; refused, changing nothing, when it is not. */
  void close(Graph.Scope s) {
    ArrayDeque<Graph.Scope> open = stacks.get(s.owner());
    checkArgument(open != null && open.contains(s), "scope %s: already closed", s.path());
    checkArgument(open.peek() == s,
        "scope %s: closed before the inner scope %s (close scopes in reverse order)", s.path(), open.peek().path());
    open.pop();
    if (open.isEmpty()) {
      stacks.remove(s.owner());  // a thread that has closed its scopes leaves nothing behind
    }
  }
}
