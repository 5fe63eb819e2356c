package dev.autodiff.core.viz;

import dev.autodiff.core.graph.Node;
import java.util.List;

/**
 * A box of a drawing standing for several nodes (see {@link Layout}). Equal only to itself: a box is a key in sets
 * and maps once per node it holds, and equality over its members (a record's) made a drawing quadratic in the
 * graph's size.
 */
final class Box {
  private final String id;
  private final String title;
  private final List<Node> members;

  Box(String id, String title, List<Node> members) {
    this.id = id;
    this.title = title;
    this.members = members;
  }

  String id() {
    return id;
  }

  String title() {
    return title;
  }

  List<Node> members() {
    return members;
  }
}
