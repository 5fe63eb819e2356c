package dev.autodiff.core.viz;

import static com.google.common.base.Preconditions.checkArgument;
import static dev.autodiff.core.Require.checkNotNull;

import dev.autodiff.core.graph.Node;
import dev.autodiff.core.print.Formula;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The names a drawing or a trace writes for nodes: display names given for the view ({@code S1}, {@code W1}) over
 * the nodes' own labels ({@code hidden1.W}, {@code add#7}). Every label, adjoint and partial a view writes comes
 * from here, so one view writes one style: {@code dS1}, {@code dS1/dW1}; an unnamed node keeps its label in
 * parentheses ({@code d(add#7)}).
 */
final class Names {
  static final Names NONE = new Names(Map.of());

  private final Map<Node, String> display;

  private Names(Map<Node, String> display) {
    this.display = display;
  }

  /** Checked names: no null node or name, no blank name, no name given to two nodes. */
  static Names of(String what, Map<? extends Node, String> names) {
    checkNotNull(names, "%s: names are null", what);
    Map<Node, String> copy = new LinkedHashMap<>();
    Map<String, Node> owner = new HashMap<>();
    for (Map.Entry<? extends Node, String> e : names.entrySet()) {
      Node n = e.getKey();
      String name = e.getValue();
      checkNotNull(n, "%s: a named node is null", what);
      checkArgument(name != null && !name.isBlank(), "%s: the name of %s is empty", what, n);
      Node other = owner.put(name, n);
      checkArgument(other == null, "%s: the name '%s' is given to both %s and %s", what, name, other, n);
      copy.put(n, name);
    }
    return new Names(Map.copyOf(copy));
  }

  /** These names with {@code over}'s on top (a node named in both takes {@code over}'s name). */
  Names with(Names over) {
    if (over.display.isEmpty()) {
      return this;
    }
    if (display.isEmpty()) {
      return over;
    }
    Map<Node, String> merged = new HashMap<>(display);
    merged.putAll(over.display);
    return new Names(Map.copyOf(merged));
  }

  /**
   * Checks that no two of {@code nodes} (constants aside) are shown under one name: a display name may not repeat
   * another display name or a label a node keeps.
   *
   * @throws IllegalArgumentException naming the name and both nodes
   */
  Names checkShown(String what, Iterable<Node> nodes) {
    if (display.isEmpty()) {
      return this;
    }
    Map<String, Node> shown = new HashMap<>();
    for (Node n : nodes) {
      if (n.isConstant()) {
        continue;
      }
      Node other = shown.putIfAbsent(of(n), n);
      checkArgument(other == null || other == n, "%s: the name '%s' would be shown for both %s and %s", what, of(n),
          other, n);
    }
    return this;
  }

  Map<Node, String> asMap() {
    return display;
  }

  /** The name written for {@code n}: its display name, else its label. */
  String of(Node n) {
    String s = display.get(n);
    return s != null ? s : n.label();
  }

  boolean isNamed(Node n) {
    return display.containsKey(n) || n.name().isPresent();
  }

  /** A name fit to follow a {@code d}: {@code c}, or {@code (add#2)} for an unnamed node. */
  String plain(Node n) {
    return isNamed(n) ? of(n) : "(" + of(n) + ")";
  }

  /** The adjoint's symbol as the lecture writes it: {@code dc} for node {@code c}. */
  String adjoint(Node n) {
    return "d" + plain(n);
  }

  String partial(Node of, Node wrt) {
    return "d" + plain(of) + "/d" + plain(wrt);
  }

  String latex(Node n) {
    return Formula.latexName(of(n));
  }

  String adjointLatex(Node n) {
    String name = latex(n);
    return isNamed(n) ? "d" + name : "d\\left(" + name + "\\right)";
  }
}
