package dev.autodiff.core.viz;

import static com.google.common.base.Preconditions.checkArgument;

import dev.autodiff.core.graph.Graph;
import dev.autodiff.core.graph.Node;
import dev.autodiff.core.graph.Traversal;
import dev.autodiff.core.graph.internal.Graphs;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Which nodes a drawing shows and which are folded into boxes: the scale controls of {@link DotOptions} applied to
 * the ancestors of the drawn roots. Everything is ordered by node id, so the result is deterministic.
 */
final class Layout {
  final List<Node> nodes;
  final Map<Node, Box> boxOf = new HashMap<>();
  final List<Box> boxes = new ArrayList<>();
  final Map<Node, List<Node>> hiddenConstants = new HashMap<>();
  final List<String> notes = new ArrayList<>();
  /** Nodes, box members and inputs visited while laying out and drawing: the work, linear in the graph's size. */
  long work;
  private final Set<Node> visible;

  private Layout(List<Node> nodes) {
    this.nodes = nodes;
    this.visible = new HashSet<>(nodes);
  }

  static Layout of(List<Node> roots, DotOptions o) {
    Graph drawing = Graphs.common("dot", roots);
    for (Map.Entry<String, List<Node>> e : o.collapsedSets().entrySet()) {
      for (Node n : e.getValue()) {
        checkArgument(drawing.sees(n), "dot: collapse(%s): node %s belongs to another graph than "
            + "the drawing", e.getKey(), n);
      }
    }
    List<Node> all = Traversal.ancestors(roots);
    if (!o.onlyNodes().isEmpty()) {
      Set<Node> inDrawing = new HashSet<>(all);
      for (Node n : o.onlyNodes()) {
        checkArgument(inDrawing.contains(n), "dot: only(%s): the node is not part of this drawing", n);
      }
      all = Traversal.ancestors(o.onlyNodes());
    }
    List<Node> shown = new ArrayList<>();
    Map<Node, List<Node>> hidden = new HashMap<>();
    for (Node n : all) {
      if (o.hidesConstants() && n.isConstant()) {
        continue;
      }
      shown.add(n);
    }
    Layout layout = new Layout(shown);
    layout.work += all.size();
    if (o.hidesConstants()) {
      for (Node n : shown) {
        for (Node in : n.inputs()) {
          if (in.isConstant()) {
            hidden.computeIfAbsent(n, k -> new ArrayList<>()).add(in);
          }
        }
      }
      layout.hiddenConstants.putAll(hidden);
    }
    layout.collapse(o, new HashSet<>(roots));
    return layout;
  }

  boolean isVisible(Node n) {
    return visible.contains(n);
  }

  /** The DOT id of the item that shows {@code n}: its own node, or the box it is folded into. */
  String itemId(Node n) {
    Box b = boxOf.get(n);
    return b != null ? b.id() : nodeId(n);
  }

  static String nodeId(Node n) {
    return "n" + n.id();
  }

  int itemCount() {
    work += nodes.size();
    return (int) nodes.stream().filter(n -> !boxOf.containsKey(n)).count() + boxes.size();
  }

  private void collapse(DotOptions o, Set<Node> roots) {
    Map<String, List<Node>> members = new LinkedHashMap<>();
    Map<String, String> titles = new HashMap<>();
    Set<Node> assigned = new HashSet<>();
    for (Map.Entry<String, List<Node>> e : o.collapsedSets().entrySet()) {
      String key = "set:" + e.getKey();
      titles.put(key, e.getKey());
      for (Node n : e.getValue()) {
        if (visible.contains(n) && assigned.add(n)) {
          members.computeIfAbsent(key, k -> new ArrayList<>()).add(n);
        }
      }
    }
    for (Node n : nodes) {
      work++;
      if (assigned.contains(n)) {
        continue;
      }
      Optional<String> path = n.group().flatMap(g -> shortestCollapsed(g, o.collapsedGroups()));
      path.ifPresent(p -> {
        titles.put("group:" + p, p);
        members.computeIfAbsent("group:" + p, k -> new ArrayList<>()).add(n);
      });
    }
    build(members, titles);

    if (itemCount() > o.limit()) {
      autoCollapse(o.limit(), roots);
    }
  }

  private static Optional<String> shortestCollapsed(String group, Set<String> collapsed) {
    String best = null;
    for (String p : collapsed) {
      if ((group.equals(p) || group.startsWith(p + "/")) && (best == null || p.length() < best.length())) {
        best = p;
      }
    }
    return Optional.ofNullable(best);
  }

  /** Makes boxes from {@code members} (in order of their first node), absorbing constants used only inside. */
  private void build(Map<String, List<Node>> members, Map<String, String> titles) {
    TreeMap<Integer, String> byFirst = new TreeMap<>();
    members.forEach((k, list) -> {
      if (!list.isEmpty()) {
        byFirst.put(list.stream().mapToInt(Node::id).min().orElseThrow(), k);
      }
    });
    for (String key : byFirst.values()) {
      List<Node> list = new ArrayList<>(members.get(key));
      list.sort((a, b) -> Integer.compare(a.id(), b.id()));
      Box box = new Box("g" + boxes.size(), titles.get(key), List.copyOf(list));
      boxes.add(box);
      for (Node n : list) {
        work++;
        boxOf.put(n, box);
      }
    }
    absorbConstants();
  }

  /** A visible constant whose every visible consumer is in one box joins that box. */
  private void absorbConstants() {
    Map<Node, Set<Box>> consumerBoxes = new HashMap<>();
    Set<Node> consumedOutside = new HashSet<>();
    for (Node n : nodes) {
      for (Node in : n.inputs()) {
        work++;
        if (!in.isConstant() || !visible.contains(in) || boxOf.containsKey(in)) {
          continue;
        }
        Box b = boxOf.get(n);
        if (b == null) {
          consumedOutside.add(in);
        } else {
          consumerBoxes.computeIfAbsent(in, k -> new HashSet<>()).add(b);
        }
      }
    }
    for (Node n : nodes) {
      Set<Box> bs = consumerBoxes.get(n);
      if (bs != null && bs.size() == 1 && !consumedOutside.contains(n)) {
        boxOf.put(n, bs.iterator().next());
      }
    }
  }

  /**
   * Past the limit: collapse groups at the deepest depth that brings the count under it (depth 1 if none does),
   * then fold the earliest remaining nodes into one box.
   */
  private void autoCollapse(int limit, Set<Node> roots) {
    int maxDepth = 0;
    for (Node n : nodes) {
      if (!boxOf.containsKey(n) && n.group().isPresent()) {
        maxDepth = Math.max(maxDepth, n.group().get().split("/").length);
      }
    }
    int before = itemCount();
    for (int d = maxDepth; d >= 1; d--) {
      Map<String, List<Node>> members = new LinkedHashMap<>();
      Map<String, String> titles = new HashMap<>();
      for (Node n : nodes) {
        work++;
        if (!boxOf.containsKey(n) && n.group().isPresent()) {
          String[] parts = n.group().get().split("/");
          String p = String.join("/", Arrays.copyOf(parts, Math.min(d, parts.length)));
          titles.put("auto:" + p, p);
          members.computeIfAbsent("auto:" + p, k -> new ArrayList<>()).add(n);
        }
      }
      int boxesAfter = members.size();
      int membersCount = members.values().stream().mapToInt(List::size).sum();
      if (before - membersCount + boxesAfter <= limit || d == 1) {
        if (!members.isEmpty()) {
          int first = boxes.size();
          build(members, titles);
          List<String> names = new ArrayList<>();
          for (int i = first; i < boxes.size(); i++) {
            names.add(boxes.get(i).title());
          }
          notes.add("node limit " + limit + ": collapsed groups " + String.join(", ", names));
        }
        break;
      }
    }
    if (itemCount() > limit) {
      int excess = itemCount() - limit + 1;
      List<Node> fold = new ArrayList<>();
      for (Node n : nodes) {
        work++;
        if (fold.size() >= excess) {
          break;
        }
        if (!boxOf.containsKey(n) && !roots.contains(n)) {
          fold.add(n);
        }
      }
      if (fold.size() >= 2) {
        Box box = new Box("g" + boxes.size(), fold.size() + " earlier nodes", List.copyOf(fold));
        boxes.add(box);
        for (Node n : fold) {
          boxOf.put(n, box);
        }
        notes.add("node limit " + limit + ": " + fold.size() + " earlier nodes folded into one box");
      }
    }
  }
}
