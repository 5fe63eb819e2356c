package dev.autodiff.core.viz;

import static com.google.common.base.Preconditions.checkArgument;
import static dev.autodiff.core.Require.checkNotNull;

import dev.autodiff.core.graph.Node;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How a drawing is made: immutable, each {@code with…} method returns a changed copy.
 * {@code DotOptions.defaults().withoutConstants().withCollapsed("mlp/hidden1").withNodeLimit(60)}.
 *
 * <p>Scale controls for real models: {@link #withoutConstants}, {@link #withOnly} (keep the ancestors of chosen nodes),
 * {@link #withCollapsed(String)} (a group made with {@code Graph.scope}, such as a layer, becomes one box),
 * {@link #withCollapsed(String, Collection)} (any set of nodes becomes one box) and {@link #withNodeLimit} (past the limit,
 * groups collapse automatically, deepest level first, then the earliest nodes fold into one box; the drawing's
 * title says what was folded).
 */
public final class DotOptions {
  /** Which way the graph flows. */
  public enum Direction {
    LEFT_TO_RIGHT("LR"),
    TOP_TO_BOTTOM("TB");

    final String dot;

    Direction(String dot) {
      this.dot = dot;
    }
  }

  /** The node limit of {@link #forSlides()}: a bigger drawing collapses by layer to stay readable on a slide. */
  public static final int SLIDE_NODE_LIMIT = 40;

  /** The node limit of {@link #defaults()}. */
  public static final int DEFAULT_NODE_LIMIT = 200;

  private final String title;
  private final boolean hideConstants;
  private final boolean edgePartials;
  private final List<Node> only;
  private final Set<String> collapsedGroups;
  private final Map<String, List<Node>> collapsedSets;
  private final int nodeLimit;
  private final int preview;
  private final Direction direction;
  private final Names names;
  private final boolean slide;

  private DotOptions(String title, boolean hideConstants, boolean edgePartials, List<Node> only,
      Set<String> collapsedGroups, Map<String, List<Node>> collapsedSets, int nodeLimit, int preview,
      Direction direction, Names names, boolean slide) {
    this.title = title;
    this.hideConstants = hideConstants;
    this.edgePartials = edgePartials;
    this.only = List.copyOf(only);
    this.collapsedGroups = Set.copyOf(collapsedGroups);
    this.collapsedSets = collapsedSets;
    this.nodeLimit = nodeLimit;
    this.preview = preview;
    this.direction = direction;
    this.names = names;
    this.slide = slide;
  }

  /**
   * No title, constants shown, local partials on edges, everything drawn, nothing collapsed, a node limit of
   * {@value #DEFAULT_NODE_LIMIT}, matrices previewed 3 rows and columns at most, left to right.
   */
  public static DotOptions defaults() {
    return new DotOptions(null, false, true, List.of(), Set.of(), new LinkedHashMap<>(), DEFAULT_NODE_LIMIT, 3,
        Direction.LEFT_TO_RIGHT, Names.NONE, false);
  }

  /**
   * {@link #defaults()} drawn for a 16:9 slide: top to bottom, a deep graph folded into side-by-side columns (as
   * many as make its text largest once the drawing is scaled to the slide; an edge into the next column leaves the
   * bottom of one column for the top of the next), and the layout stretched to exactly 16:9 (the text keeps its
   * size). Past {@value #SLIDE_NODE_LIMIT} nodes the drawing collapses by layer (see {@link #withNodeLimit}).
   */
  public static DotOptions forSlides() {
    return defaults().withDirection(Direction.TOP_TO_BOTTOM).withSlideFit(true).withNodeLimit(SLIDE_NODE_LIMIT);
  }

  /** Whether the drawing is folded into columns and stretched to a 16:9 slide (see {@link #forSlides()}). */
  public DotOptions withSlideFit(boolean fit) {
    return new DotOptions(title, hideConstants, edgePartials, only, collapsedGroups, collapsedSets, nodeLimit, preview,
        direction, names, fit);
  }

  boolean fitsSlide() {
    return slide;
  }

  private DotOptions copy(String title, boolean hideConstants, boolean edgePartials, List<Node> only,
      Set<String> groups, Map<String, List<Node>> sets, int nodeLimit, int preview, Direction direction) {
    return new DotOptions(title, hideConstants, edgePartials, only, groups, sets, nodeLimit, preview, direction,
        names, slide);
  }

  /** A title printed at the top of the drawing. */
  public DotOptions withTitle(String newTitle) {
    checkNotNull(newTitle, "dot options: title is null");
    return copy(newTitle, hideConstants, edgePartials, only, collapsedGroups, collapsedSets, nodeLimit, preview,
        direction);
  }

  /** Leaves constants out; each consumer lists the constants it uses in a small line instead. */
  public DotOptions withoutConstants() {
    return copy(title, true, edgePartials, only, collapsedGroups, collapsedSets, nodeLimit, preview, direction);
  }

  /** Whether edges show the local partial derivative at the point ({@code dc/da = b = -3}); on by default. */
  public DotOptions withEdgePartials(boolean show) {
    return copy(title, hideConstants, show, only, collapsedGroups, collapsedSets, nodeLimit, preview, direction);
  }

  /** Keeps only {@code nodes} and their ancestors. */
  public DotOptions withOnly(Node... nodes) {
    checkNotNull(nodes, "dot options: only(nodes) is null");
    List<Node> list = new ArrayList<>();
    for (int i = 0; i < nodes.length; i++) {
      checkNotNull(nodes[i], "dot options: only(nodes[%s]) is null", i);
      list.add(nodes[i]);
    }
    checkArgument(!list.isEmpty(), "dot options: only() needs at least one node");
    return copy(title, hideConstants, edgePartials, list, collapsedGroups, collapsedSets, nodeLimit, preview,
        direction);
  }

  /** Draws the group {@code path} (made with {@code Graph.scope}, nested groups included) as one box. */
  public DotOptions withCollapsed(String path) {
    checkArgument(path != null && !path.isBlank(), "dot options: collapse needs a group path, got '%s'", path);
    Set<String> groups = new LinkedHashSet<>(collapsedGroups);
    groups.add(path);
    return copy(title, hideConstants, edgePartials, only, groups, collapsedSets, nodeLimit, preview, direction);
  }

  /** Draws {@code nodes} as one box titled {@code label}. */
  public DotOptions withCollapsed(String label, Collection<? extends Node> nodes) {
    checkArgument(label != null && !label.isBlank(), "dot options: collapse needs a label, got '%s'", label);
    checkNotNull(nodes, "dot options: collapse(%s): nodes are null", label);
    checkArgument(!nodes.isEmpty(), "dot options: collapse(%s): no nodes", label);
    checkArgument(!collapsedSets.containsKey(label), "dot options: collapse(%s): label already used", label);
    List<Node> list = new ArrayList<>();
    for (Node n : nodes) {
      checkNotNull(n, "dot options: collapse(%s): a node is null", label);
      list.add(n);
    }
    Map<String, List<Node>> sets = new LinkedHashMap<>(collapsedSets);
    sets.put(label, List.copyOf(list));
    return copy(title, hideConstants, edgePartials, only, collapsedGroups, sets, nodeLimit, preview, direction);
  }

  /** The most boxes a drawing may have before groups collapse and early nodes fold (at least 2). */
  public DotOptions withNodeLimit(int limit) {
    checkArgument(limit >= 2, "dot options: node limit must be at least 2, got %s", limit);
    return copy(title, hideConstants, edgePartials, only, collapsedGroups, collapsedSets, limit, preview,
        direction);
  }

  /** How many rows and columns of a matrix value are shown (at least 2; the rest is elided as {@code …}). */
  public DotOptions withPreview(int perSide) {
    checkArgument(perSide >= 2, "dot options: preview must show at least 2 rows and columns, got %s", perSide);
    return copy(title, hideConstants, edgePartials, only, collapsedGroups, collapsedSets, nodeLimit, perSide,
        direction);
  }

  /** Which way the graph flows. */
  public DotOptions withDirection(Direction newDirection) {
    checkNotNull(newDirection, "dot options: direction is null");
    return copy(title, hideConstants, edgePartials, only, collapsedGroups, collapsedSets, nodeLimit, preview,
        newDirection);
  }

  /**
   * Writes {@code newNames} for the nodes they name, in every label, formula, adjoint and partial of the drawing
   * ({@code S1 = x@W1 + b1}, {@code dS1}, {@code dS1/dW1}), over the nodes' own labels and over a trace's names;
   * other nodes keep their labels. Adds to the names given before (a node named again takes its new name). A drawing
   * that would show one name for two nodes is refused when it is made, naming both.
   *
   * @throws IllegalArgumentException when a node or name is null, a name is blank, or two nodes share a name
   */
  public DotOptions withNames(Map<? extends Node, String> newNames) {
    Names added = Names.of("dot options: withNames", newNames);
    Names merged = names.with(added);
    Names.of("dot options: withNames", merged.asMap());  // still no name given to two nodes
    return new DotOptions(title, hideConstants, edgePartials, only, collapsedGroups, collapsedSets, nodeLimit, preview,
        direction, merged, slide);
  }

  Names names() {
    return names;
  }

  String title() {
    return title;
  }

  boolean hidesConstants() {
    return hideConstants;
  }

  boolean showsEdgePartials() {
    return edgePartials;
  }

  List<Node> onlyNodes() {
    return only;
  }

  Set<String> collapsedGroups() {
    return collapsedGroups;
  }

  Map<String, List<Node>> collapsedSets() {
    return collapsedSets;
  }

  int limit() {
    return nodeLimit;
  }

  int previewSize() {
    return preview;
  }

  Direction flow() {
    return direction;
  }
}
