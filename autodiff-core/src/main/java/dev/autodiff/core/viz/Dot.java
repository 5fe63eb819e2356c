package dev.autodiff.core.viz;

import static com.google.common.base.Preconditions.checkArgument;
import static dev.autodiff.core.Require.checkNotNull;

import dev.autodiff.core.exec.Feeds;
import dev.autodiff.core.exec.Program;
import dev.autodiff.core.exec.Results;
import dev.autodiff.core.grad.BackwardPass;
import dev.autodiff.core.grad.Gradients;
import dev.autodiff.core.graph.Constant;
import dev.autodiff.core.graph.Input;
import dev.autodiff.core.graph.Node;
import dev.autodiff.core.graph.Parameter;
import dev.autodiff.core.graph.Traversal;
import dev.autodiff.core.graph.internal.Graphs;
import dev.autodiff.core.print.Formula;
import dev.autodiff.core.tensor.Image;
import dev.autodiff.core.tensor.Tensor;
import dev.autodiff.core.tensor.TensorFormat;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.LongConsumer;

/**
 * Graphviz DOT text of a graph, made in pure Java (Graphviz is needed only to turn it into a picture; see
 * {@link Graphviz}). The text is deterministic to the byte: node ids come from creation order ({@code n7} is node
 * 7), nodes are emitted in topological order, numbers use {@link TensorFormat}. So drawings can be kept as golden
 * files and diffed.
 *
 * <p>Each node shows its name (or op and id) with its formula in terms of its inputs, its shape, its value when
 * known (a matrix as a few rows), and, in the backprop views, its adjoint: {@code dc = 1}, or for a node that fans
 * out the sum as it is formed, {@code da = (-3) + 1 = -2}. Edges into elementwise ops show the local partial
 * derivative at the point, {@code dc/da = b = -3}. Views:
 * <ul>
 *   <li>{@link #forward}: the graph, with values when feeds are given;
 *   <li>{@link #backprop}: the forward graph with values, adjoints and local partials from a {@link BackpropTrace};
 *   <li>{@link #twin}: the forward graph and the adjoint graph side by side, each node linked to its adjoint;
 *   <li>{@link #gradientGraph}: the forward graph beside the symbolic gradient graph (gradients are nodes);
 *   <li>{@link #frames}: one drawing per step of the reverse pass, for slides.
 * </ul>
 * {@link DotOptions} holds the scale controls for large models.
 */
public final class Dot {
  private static final String ADJOINT_COLOR = "#b91c1c";
  private static final String PARTIAL_COLOR = "#1d4ed8";
  private static final String MUTED = "#6b7280";
  private static final String DONE = "#9ca3af";

  private Dot() {}

  // ---- views ----

  /** The graph of {@code output} (its ancestors), structure only, with default options. */
  public static String forward(Node output) {
    checkNotNull(output, "dot: output is null");
    return forward(List.of(output), null, DotOptions.defaults());
  }

  /**
   * The graph of {@code outputs} (their ancestors). With {@code feeds} (may be null for structure only), every drawn
   * node shows its value at that point.
   */
  public static String forward(List<? extends Node> outputs, Feeds feeds, DotOptions options) {
    return forward(outputs, feeds, options, work -> {});
  }

  /** {@link #forward(List, Feeds, DotOptions)}, telling {@code work} how many nodes, members and edges it visited. */
  static String forward(List<? extends Node> outputs, Feeds feeds, DotOptions options, LongConsumer work) {
    checkNotNull(options, "dot: options are null");
    List<Node> roots = roots(outputs);
    Layout layout = Layout.of(roots, options);
    Map<Node, Tensor> values = feeds == null ? Map.of() : evaluate(layout.nodes, feeds);
    Scene scene = new Scene(layout, options, values::get, new HashSet<>(roots));
    String dot = scene.render(null);
    work.accept(layout.work);
    return dot;
  }

  /**
   * The forward graph of the trace's output with every value, every adjoint (fan-out sums written out) and, on
   * edges into elementwise ops, the local partial derivative at the point.
   */
  public static String backprop(BackpropTrace trace, DotOptions options) {
    checkNotNull(trace, "dot: trace is null");
    checkNotNull(options, "dot: options are null");
    Scene scene = traceScene(trace, options);
    addAdjointLines(scene, trace, trace.steps().size());
    if (options.showsEdgePartials()) {
      addEdgePartials(scene, trace);
    }
    return scene.render(null);
  }

  /**
   * The forward graph (left cluster, with values) and the adjoint graph (right cluster: one node {@code dv} per
   * forward node {@code v} that has an adjoint, edges running backwards labelled with the contribution each step
   * sends), each node linked to its adjoint by a dashed line.
   */
  public static String twin(BackpropTrace trace, DotOptions options) {
    checkNotNull(trace, "dot: trace is null");
    checkNotNull(options, "dot: options are null");
    Scene scene = traceScene(trace, options);
    scene.clusterOf = n -> "forward";
    scene.clusters.put("forward", "forward pass: values");
    scene.clusters.put("adjoint", "reverse pass: adjoints");
    int preview = options.previewSize();
    Layout layout = scene.layout;
    for (Node n : layout.nodes) {
      if (layout.boxOf.containsKey(n) || trace.adjoint(n).isEmpty()) {
        continue;
      }
      List<Line> lines = new ArrayList<>();
      lines.add(Line.bold(scene.names.adjoint(n), ADJOINT_COLOR));
      for (String row : valueRows(trace.adjoint(n).get(), preview)) {
        lines.add(Line.of(row, ADJOINT_COLOR));
      }
      if (trace.contributionCount(n) > 1) {
        lines.add(Line.of("sum of " + trace.contributionCount(n) + " contributions", MUTED));
      }
      Map<String, String> attrs = new LinkedHashMap<>();
      attrs.put("fillcolor", "\"#fee2e2\"");
      attrs.put("color", "\"" + ADJOINT_COLOR + "\"");
      String id = adjointId(n);
      scene.extraItems.add(new Item(id, "adjoint", lines, attrs));
      scene.extraEdges.add(new Edge(Layout.nodeId(n), id, List.of(),
          attrs("style", "dashed", "color", "\"" + DONE + "\"", "arrowhead", "none", "constraint", "false")));
    }
    for (BackpropTrace.Step s : trace.steps()) {
      for (BackpropTrace.Contribution c : s.contributions()) {
        if (!hasAdjointItem(layout, trace, s.node()) || !hasAdjointItem(layout, trace, c.input())) {
          continue;
        }
        List<Line> label = new ArrayList<>();
        label.add(Line.of("+ " + Numbers.inline(c.value(), preview), ADJOINT_COLOR));
        // Written input -> node with the arrow drawn backwards, so each adjoint lines up under its forward twin.
        scene.extraEdges.add(new Edge(adjointId(c.input()), adjointId(s.node()), label,
            attrs("dir", "back", "color", "\"" + ADJOINT_COLOR + "\"")));
      }
    }
    return scene.render(null);
  }

  /**
   * The forward graph of {@code y} beside its symbolic gradient graph: the nodes that {@code grad} adds to compute
   * {@code dy/dw} for each {@code w} of {@code wrt}, in their own cluster, with the edges from the forward nodes
   * they reuse. Each gradient is marked {@code dy/dw}. With {@code feeds} (may be null), nodes show values.
   */
  public static String gradientGraph(Node y, List<? extends Node> wrt, Feeds feeds, DotOptions options) {
    checkNotNull(y, "dot: output is null");
    checkNotNull(wrt, "dot: wrt is null");
    checkNotNull(options, "dot: options are null");
    for (int i = 0; i < wrt.size(); i++) {
      checkNotNull(wrt.get(i), "dot: wrt %s is null", i);
    }
    checkArgument(!wrt.isEmpty(), "dot: gradientGraph needs at least one node to differentiate with respect to");
    List<Node> grads = Gradients.gradients(y, wrt);
    List<Node> roots = new ArrayList<>();
    roots.add(y);
    roots.addAll(grads);
    Layout layout = Layout.of(roots, options);
    Map<Node, Tensor> values = feeds == null ? Map.of() : evaluate(layout.nodes, feeds);
    Scene scene = new Scene(layout, options, values::get, new HashSet<>(roots));
    Set<Node> forwardSet = new HashSet<>(Traversal.ancestors(y));
    if (!options.names().asMap().isEmpty()) {
      scene.names = scene.names.with(gradientNames(y, wrt, forwardSet, layout, scene.names))
          .checkShown("dot", layout.nodes);
    }
    scene.clusterOf = n -> forwardSet.contains(n) ? "forward" : "gradient";
    scene.clusters.put("forward", "forward graph of " + scene.names.of(y));
    scene.clusters.put("gradient", "gradient graph (new nodes made by grad)");
    for (int i = 0; i < grads.size(); i++) {
      Node g = grads.get(i);
      String mark = scene.names.partial(y, wrt.get(i));
      scene.extraLines.computeIfAbsent(g, k -> new ArrayList<>()).add(Line.bold("= " + mark, ADJOINT_COLOR));
      scene.nodeAttrs.computeIfAbsent(g, k -> new LinkedHashMap<>()).put("color", "\"" + ADJOINT_COLOR + "\"");
    }
    return scene.render(null);
  }

  /**
   * Names for the nodes {@code grad} adds, in a drawing with display names: the adjoint of a forward node {@code v}
   * is {@code dv} (where one node is the adjoint of several, the one nearest the output names it), any other new node
   * {@code g1}, {@code g2}, ... in creation order.
   */
  private static Names gradientNames(Node y, List<? extends Node> wrt, Set<Node> forwardSet, Layout layout,
      Names names) {
    BackwardPass pass = Gradients.backward(y, y.graph().constant(y.shape(), 1.0), wrt);
    Map<Node, String> extra = new LinkedHashMap<>();
    Set<String> used = new HashSet<>();
    for (Node n : layout.nodes) {
      used.add(names.of(n));
    }
    List<Node> forward = Traversal.ancestors(y);
    for (int i = forward.size() - 1; i >= 0; i--) {
      Node n = forward.get(i);
      Node a = pass.adjoint(n).orElse(null);
      if (a != null && !a.isConstant() && !forwardSet.contains(a) && !extra.containsKey(a) && names.isNamed(n)
          && used.add(names.adjoint(n))) {
        extra.put(a, names.adjoint(n));
      }
    }
    int k = 0;
    for (Node n : layout.nodes) {
      if (!n.isConstant() && !forwardSet.contains(n) && !extra.containsKey(n) && !names.isNamed(n)) {
        String name;
        do {
          name = "g" + ++k;
        } while (!used.add(name));
        extra.put(n, name);
      }
    }
    return Names.of("dot: gradientGraph", extra);
  }

  /**
   * One drawing per moment of the reverse pass, for slides: frame 0 is the forward pass with the seed on the
   * output; frame {@code k} shows step {@code k}: its node highlighted, the contributions it sends on red edges,
   * nodes already passed greyed out, and every adjoint as known at that moment: {@code ?} when nothing has arrived
   * yet, {@code 1 + ?} when only part of a fan-out sum has.
   */
  public static List<String> frames(BackpropTrace trace, DotOptions options) {
    checkNotNull(trace, "dot: trace is null");
    checkNotNull(options, "dot: options are null");
    List<Scene> scenes = new ArrayList<>();
    List<String> headings = new ArrayList<>();
    int n = trace.steps().size();
    // every frame carries every step's edge labels, shown only in the step's own frame, so edges weigh the same
    // in every layout
    Map<String, List<Line>> allContributions = new HashMap<>();
    for (BackpropTrace.Step s : trace.steps()) {
      for (BackpropTrace.Contribution c : s.contributions()) {
        allContributions.put(edgeKey(c.input(), s.node(), c.index()),
            List.of(Line.bold("+ " + Numbers.inline(c.value(), options.previewSize()), Frames.HIDDEN)));
      }
    }
    for (int k = 0; k <= n; k++) {
      Scene scene = traceScene(trace, options);
      addAdjointLines(scene, trace, k);
      scene.edgeLabels.putAll(allContributions);
      String heading;
      if (k == 0) {
        heading = "forward pass done; start with " + scene.names.adjoint(trace.output()) + " = "
            + Numbers.inline(trace.seed(), options.previewSize());
      } else {
        BackpropTrace.Step s = trace.steps().get(k - 1);
        heading = "step " + k + " of " + n + ": " + scene.names.of(s.node()) + " passes "
            + scene.names.adjoint(s.node()) + " = " + Numbers.inline(s.adjoint(), options.previewSize())
            + " to its inputs";
        scene.nodeAttrs.computeIfAbsent(s.node(), x -> new LinkedHashMap<>())
            .putAll(attrs("fillcolor", "\"#fde047\""));
        for (BackpropTrace.Contribution c : s.contributions()) {
          scene.edgeLabels.put(edgeKey(c.input(), s.node(), c.index()),
              List.of(Line.bold("+ " + Numbers.inline(c.value(), options.previewSize()), ADJOINT_COLOR)));
          scene.edgeAttrs.put(edgeKey(c.input(), s.node(), c.index()),
              attrs("color", "\"" + ADJOINT_COLOR + "\""));
        }
        for (int j = 0; j < k - 1; j++) {
          Node done = trace.steps().get(j).node();
          scene.nodeAttrs.computeIfAbsent(done, x -> new LinkedHashMap<>())
              .putAll(attrs("color", "\"" + DONE + "\"", "fontcolor", "\"" + DONE + "\""));
        }
      }
      scenes.add(scene);
      headings.add(heading);
    }
    return Frames.render(scenes, headings);
  }

  // ---- trace decorations ----

  private static Scene traceScene(BackpropTrace trace, DotOptions options) {
    Layout layout = Layout.of(List.of(trace.output()), options);
    Map<Node, Tensor> values = new HashMap<>();
    for (Node n : trace.forwardNodes()) {
      values.put(n, trace.value(n));
    }
    Scene scene = new Scene(layout, options, values::get, Set.of(trace.output()));
    scene.names = trace.names().with(options.names()).checkShown("dot", layout.nodes);
    return scene;
  }

  /** Each node's adjoint as known after {@code stepsDone} steps; complete for every node when all are done. */
  private static void addAdjointLines(Scene scene, BackpropTrace trace, int stepsDone) {
    int preview = scene.options.previewSize();
    Map<Node, List<BackpropTrace.Contribution>> received = new HashMap<>();
    for (int j = 0; j < stepsDone; j++) {
      for (BackpropTrace.Contribution c : trace.steps().get(j).contributions()) {
        received.computeIfAbsent(c.input(), k -> new ArrayList<>()).add(c);
      }
    }
    for (Node n : scene.layout.nodes) {
      if (trace.adjoint(n).isEmpty()) {
        continue;
      }
      String name = scene.names.adjoint(n);
      List<Line> lines = scene.extraLines.computeIfAbsent(n, k -> new ArrayList<>());
      if (n == trace.output()) {
        addValueLines(lines, name, trace.seed(), preview, "");
        continue;
      }
      List<BackpropTrace.Contribution> got = received.getOrDefault(n, List.of());
      int total = trace.contributionCount(n);
      if (got.isEmpty()) {
        lines.add(Line.of(name + " = ?", ADJOINT_COLOR));
      } else if (got.size() < total) {
        Tensor partial = got.get(got.size() - 1).after();
        lines.add(Line.of(name + " = " + sumText(got, preview) + " + ?", ADJOINT_COLOR));
        if (partial.size() == 1) {
          continue;
        }
        addValueLines(lines, "so far", partial, preview, "");
      } else if (total > 1 && got.get(0).value().size() == 1) {
        lines.add(Line.bold(name + " = " + sumText(got, preview) + " = "
            + Numbers.inline(got.get(got.size() - 1).after(), preview), ADJOINT_COLOR));
      } else {
        addValueLines(lines, name, got.get(got.size() - 1).after(), preview,
            total > 1 ? " (sum of " + total + ")" : "");
      }
    }
  }

  private static String sumText(List<BackpropTrace.Contribution> got, int preview) {
    if (got.get(0).value().size() != 1) {
      return got.size() == 1 ? "1 contribution" : got.size() + " contributions";
    }
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < got.size(); i++) {
      if (i > 0) {
        b.append(" + ");
      }
      b.append(got.size() > 1 ? Numbers.term(got.get(i).value(), preview) : Numbers.inline(got.get(i).value(),
          preview));
    }
    return b.toString();
  }

  private static void addValueLines(List<Line> lines, String name, Tensor value, int preview, String suffix) {
    if (value.size() == 1) {
      lines.add(Line.bold(name + " = " + Numbers.inline(value, preview) + suffix, ADJOINT_COLOR));
      return;
    }
    lines.add(Line.bold(name + suffix + " =", ADJOINT_COLOR));
    for (String row : Numbers.rows(value, preview)) {
      lines.add(Line.of(row, ADJOINT_COLOR));
    }
  }

  private static void addEdgePartials(Scene scene, BackpropTrace trace) {
    int preview = scene.options.previewSize();
    for (BackpropTrace.Step s : trace.steps()) {
      for (BackpropTrace.Contribution c : s.contributions()) {
        if (c.partialNode() == null) {
          continue;
        }
        List<String> pieces = new ArrayList<>();
        pieces.add(scene.names.partial(s.node(), c.input()));
        pieces.add(trace.partialFormula(s, c, false));
        if (c.partial().size() == 1) {
          pieces.add(Numbers.inline(c.partial(), preview));
        }
        scene.edgeLabels.put(edgeKey(c.input(), s.node(), c.index()),
            List.of(Line.of(BackpropTrace.chain(pieces), PARTIAL_COLOR)));
      }
    }
  }

  private static boolean hasAdjointItem(Layout layout, BackpropTrace trace, Node n) {
    return layout.isVisible(n) && !layout.boxOf.containsKey(n) && trace.adjoint(n).isPresent();
  }

  private static String adjointId(Node n) {
    return "a" + n.id();
  }

  // ---- helpers ----

  private static List<Node> roots(List<? extends Node> outputs) {
    checkNotNull(outputs, "dot: outputs are null");
    checkArgument(!outputs.isEmpty(), "dot: needs at least one output");
    List<Node> roots = new ArrayList<>();
    for (int i = 0; i < outputs.size(); i++) {
      Node o = outputs.get(i);
      checkNotNull(o, "dot: output %s is null", i);
      roots.add(o);
    }
    Graphs.common("dot", roots);
    return roots;
  }

  private static Map<Node, Tensor> evaluate(List<Node> nodes, Feeds feeds) {
    if (nodes.isEmpty()) {
      return Map.of();
    }
    Results r = Program.compile(nodes).run(feeds);
    Map<Node, Tensor> values = new HashMap<>();
    for (Node n : nodes) {
      values.put(n, r.get(n));
    }
    return values;
  }

  private static List<String> valueRows(Tensor t, int preview) {
    if (t.size() == 1) {
      return List.of("= " + TensorFormat.number(t.at(0)));
    }
    return Numbers.rows(t, preview);
  }

  private static String edgeKey(Node input, Node consumer, int index) {
    return input.id() + ">" + consumer.id() + ":" + index;
  }

  private static Map<String, String> attrs(String... kv) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1]);
    }
    return m;
  }

  /** One line of an HTML-like label. */
  record Line(String text, String color, boolean bold) {
    static Line of(String text, String color) {
      return new Line(text, color, false);
    }

    static Line bold(String text, String color) {
      return new Line(text, color, true);
    }

    String html() {
      String s = escape(text);
      if (bold) {
        s = "<b>" + s + "</b>";
      }
      return color == null ? s : "<font color=\"" + color + "\">" + s + "</font>";
    }
  }

  record Item(String id, String cluster, List<Line> lines, Map<String, String> attrs) {}

  record Edge(String from, String to, List<Line> label, Map<String, String> attrs) {}

  static String escape(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> b.append("&amp;");
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '"' -> b.append("&quot;");
        default -> b.append(c);
      }
    }
    return b.toString();
  }

  static String label(List<Line> lines) {
    StringBuilder b = new StringBuilder("<");
    for (int i = 0; i < lines.size(); i++) {
      if (i > 0) {
        b.append("<br/>");
      }
      b.append(lines.get(i).html());
    }
    return b.append('>').toString();
  }

  /** A drawing being assembled: the layout plus decorations, written out in a fixed order. */
  static final class Scene {
    final Layout layout;
    final DotOptions options;
    final Function<Node, Tensor> values;
    final Set<Node> roots;
    final Map<Node, List<Line>> extraLines = new HashMap<>();
    final Map<Node, Map<String, String>> nodeAttrs = new HashMap<>();
    final Map<String, List<Line>> edgeLabels = new HashMap<>();
    final Map<String, Map<String, String>> edgeAttrs = new HashMap<>();
    final List<Item> extraItems = new ArrayList<>();
    final List<Edge> extraEdges = new ArrayList<>();
    final Map<String, String> clusters = new LinkedHashMap<>();
    Function<Node, String> clusterOf = n -> null;
    /** The names written for nodes: the options' (and, in trace views, the trace's). */
    Names names;
    /** The drawn nodes that are batches of images, with their geometry. */
    final Map<Node, Image> images;

    Scene(Layout layout, DotOptions options, Function<Node, Tensor> values, Set<Node> roots) {
      this.layout = layout;
      this.options = options;
      this.values = values;
      this.roots = roots;
      this.images = ImageShapes.of(layout.nodes);
      this.names = options.names().checkShown("dot", layout.nodes);
    }

    /** {@code 2x6272}, or {@code 2 x 28x28x8} for a batch of images. */
    private String shapeText(Node n) {
      Image g = images.get(n);
      return g == null ? n.shape().toString() : ImageShapes.text(n, g);
    }

    /**
     * Labels drawn in boxes of a fixed size (points), by item id, and the heading's: so that frames whose labels
     * differ lay out alike (see {@link Frames}). Empty: every label takes the size of its text.
     */
    Map<String, double[]> fixedSizes = Map.of();
    double[] fixedHeading;

    /** The boxes and nodes of the drawing, in their fixed order. */
    List<Item> items() {
      List<Item> items = new ArrayList<>();
      Set<Box> emitted = new HashSet<>();
      for (Node n : layout.nodes) {
        layout.work++;
        Box box = layout.boxOf.get(n);
        if (box == null) {
          items.add(nodeItem(n));
        } else if (emitted.add(box)) {
          items.add(boxItem(box));
        }
      }
      items.addAll(extraItems);
      return items;
    }

    String render(String heading) {
      return render(heading, items());
    }

    /** The drawing's title, {@code heading} (may be null) and the layout's notes, as the graph's label. */
    List<Line> titleLines(String heading) {
      List<Line> title = new ArrayList<>();
      if (options.title() != null) {
        title.add(Line.bold(options.title(), null));
      }
      if (heading != null) {
        title.add(Line.of(heading, null));
      }
      for (String note : layout.notes) {
        title.add(Line.of(note, MUTED));
      }
      return title;
    }

    String render(String heading, List<Item> items) {
      StringBuilder out = new StringBuilder();
      out.append("digraph autodiff {\n");
      List<Line> title = titleLines(heading);
      List<Edge> edges = edges();
      Map<String, String> columns = Map.of();
      if (options.fitsSlide()) {
        Map<String, double[]> sizes = new HashMap<>();
        for (Item item : items) {
          double[] fixed = fixedSizes.get(item.id());
          sizes.put(item.id(), fixed != null ? fixed : Frames.size(item.lines(), 11));
        }
        double titleHeight = title.isEmpty() ? 0
            : fixedHeading != null ? fixedHeading[1] : Frames.size(title, 12)[1];
        columns = Slide.columns(items, edges, sizes, titleHeight);
      }
      out.append("  graph [rankdir=").append(options.flow().dot)
          .append(", fontname=\"Helvetica\", fontsize=12, labelloc=t, nodesep=0.3, ranksep=0.45");
      if (options.fitsSlide()) {
        out.append(", ratio=").append(Slide.RATIO);
      }
      if (!title.isEmpty()) {
        out.append(", label=").append(fixedHeading == null ? label(title) : Frames.boxed(title, fixedHeading));
      }
      out.append("];\n");
      out.append("  node [fontname=\"Helvetica\", fontsize=11, shape=box, style=\"rounded,filled\", "
          + "fillcolor=\"white\", color=\"#374151\", margin=\"0.12,0.06\"];\n");
      out.append("  edge [fontname=\"Helvetica\", fontsize=10, color=\"#6b7280\", arrowsize=0.7];\n");

      for (Item item : items) {
        if (item.cluster() == null) {
          writeItem(out, item, "  ");
        }
      }
      Map<String, String> clusterOfItem = new HashMap<>();
      for (Item item : items) {
        clusterOfItem.put(item.id(), item.cluster() == null ? "" : item.cluster());
      }
      List<String[]> order = Slide.order(items, columns);
      writeOrder(out, order, clusterOfItem, "", "  ");
      int k = 0;
      for (Map.Entry<String, String> c : clusters.entrySet()) {
        out.append("  subgraph cluster_").append(c.getKey()).append(" {\n");
        out.append("    graph [label=").append(label(List.of(Line.bold(c.getValue(), MUTED))))
            .append(", style=\"rounded,dashed\", color=\"").append(k++ == 0 ? "#93c5fd" : "#fca5a5")
            .append("\"];\n");
        for (Item item : items) {
          if (c.getKey().equals(item.cluster())) {
            writeItem(out, item, "    ");
          }
        }
        writeOrder(out, order, clusterOfItem, c.getKey(), "    ");
        out.append("  }\n");
      }
      for (Edge e : edges) {
        String from = columns.get(e.from());
        String to = columns.get(e.to());
        if (from != null && to != null && !from.equals(to)) {
          // into another column or cluster: each starts again at the top
          Map<String, String> attrs = new LinkedHashMap<>(e.attrs());
          attrs.put("constraint", "false");
          e = new Edge(e.from(), e.to(), e.label(), attrs);
        }
        writeEdge(out, e);
      }
      return out.append("}\n").toString();
    }

    private Item nodeItem(Node n) {
      int preview = options.previewSize();
      List<Line> lines = new ArrayList<>();
      Map<String, String> attrs = new LinkedHashMap<>();
      if (n.op() instanceof Constant c) {
        Tensor v = c.value();
        if (v.shape().isScalar()) {
          lines.add(Line.of(n.name().map(x -> x + " = ").orElse("") + TensorFormat.number(v.item()), null));
        } else {
          lines.add(Line.of(n.name().orElse("constant") + " " + v.shape(), null));
          for (String row : Numbers.rows(v, preview)) {
            lines.add(Line.of(row, null));
          }
        }
        attrs.put("fillcolor", "\"#f3f4f6\"");
        attrs.put("fontsize", "10");
      } else if (n.isLeaf()) {
        lines.add(Line.bold(names.of(n), null));
        String kind = n instanceof Parameter ? "parameter" : n instanceof Input ? "input" : n.op().opName();
        lines.add(Line.of(kind + (n.shape().isScalar() ? "" : " " + shapeText(n)), MUTED));
        addValue(lines, n, preview);
        if (n instanceof Parameter) {
          attrs.put("fillcolor", "\"#fef3c7\"");
        } else {
          attrs.put("shape", "ellipse");
          attrs.put("fillcolor", "\"#dbeafe\"");
        }
      } else {
        Function<Node, String> byLabel = x -> x.isConstant() ? null : names.of(x);
        lines.add(Line.bold(names.of(n) + " = " + Formula.infix(n, byLabel, 48), null));
        if (!n.shape().isScalar()) {
          lines.add(Line.of(shapeText(n), MUTED));
        }
        addValue(lines, n, preview);
      }
      List<Node> hidden = layout.hiddenConstants.get(n);
      if (hidden != null) {
        List<String> texts = new ArrayList<>();
        for (Node h : hidden) {
          texts.add(((Constant) h.op()).text());
        }
        lines.add(Line.of("constants: " + String.join(", ", texts), MUTED));
      }
      lines.addAll(extraLines.getOrDefault(n, List.of()));
      if (roots.contains(n)) {
        attrs.put("penwidth", "2");
      }
      attrs.putAll(nodeAttrs.getOrDefault(n, Map.of()));
      return new Item(Layout.nodeId(n), clusterOf.apply(n), lines, attrs);
    }

    private void addValue(List<Line> lines, Node n, int preview) {
      Tensor v = values.apply(n);
      if (v == null) {
        return;
      }
      for (String row : valueRows(v, preview)) {
        lines.add(Line.of(row, null));
      }
    }

    private Item boxItem(Box box) {
      List<Line> lines = new ArrayList<>();
      lines.add(Line.bold(box.title(), null));
      lines.add(Line.of(box.members().size() + (box.members().size() == 1 ? " node" : " nodes"), MUTED));
      List<String> params = new ArrayList<>();
      for (Node m : box.members()) {
        layout.work++;
        if (m instanceof Parameter p) {
          params.add(names.of(p) + (p.shape().isScalar() ? "" : " " + p.shape()));
        }
      }
      if (!params.isEmpty()) {
        int shown = Math.min(params.size(), 6);
        String list = String.join(", ", params.subList(0, shown)) + (params.size() > shown ? ", …" : "");
        lines.add(Line.of("parameters: " + list, MUTED));
      }
      // a layer's box ends in its output, its last node: say when that is a batch of images
      Node last = box.members().get(box.members().size() - 1);
      Image out = images.get(last);
      if (out != null) {
        lines.add(Line.of("output " + ImageShapes.text(last, out), MUTED));
      }
      Map<String, String> attrs = attrs("shape", "box3d", "style", "filled", "fillcolor", "\"#e0e7ff\"");
      return new Item(box.id(), clusterOf.apply(box.members().get(0)), lines, attrs);
    }

    /** Holds the first items of consecutive columns side by side, left to right (pairs within {@code cluster}). */
    private static void writeOrder(StringBuilder out, List<String[]> order, Map<String, String> clusterOfItem,
        String cluster, String indent) {
      for (String[] pair : order) {
        if (cluster.equals(clusterOfItem.get(pair[0])) && cluster.equals(clusterOfItem.get(pair[1]))) {
          out.append(indent).append("{ rank=same; ").append(pair[0]).append(" -> ").append(pair[1])
              .append(" [style=invis]; }\n");
        }
      }
    }

    private void writeItem(StringBuilder out, Item item, String indent) {
      double[] size = fixedSizes.get(item.id());
      out.append(indent).append(item.id()).append(" [label=")
          .append(size == null ? label(item.lines()) : Frames.boxed(item.lines(), size));
      item.attrs().forEach((k, v) -> out.append(", ").append(k).append('=').append(v));
      out.append("];\n");
    }

    /** The edges between drawn items, in their fixed order, then the extra ones. */
    private List<Edge> edges() {
      List<Edge> edges = new ArrayList<>();
      Set<String> boxEdges = new HashSet<>();
      for (Node n : layout.nodes) {
        for (int i = 0; i < n.arity(); i++) {
          layout.work++;
          Node in = n.input(i);
          if (!layout.isVisible(in)) {
            continue;
          }
          String from = layout.itemId(in);
          String to = layout.itemId(n);
          if (from.equals(to)) {
            continue;
          }
          boolean viaBox = layout.boxOf.containsKey(in) || layout.boxOf.containsKey(n);
          if (viaBox && !boxEdges.add(from + ">" + to)) {
            continue;
          }
          String key = edgeKey(in, n, i);
          List<Line> label = viaBox ? List.of() : edgeLabels.getOrDefault(key, List.of());
          Map<String, String> attrs = new LinkedHashMap<>(viaBox ? Map.of() : edgeAttrs.getOrDefault(key, Map.of()));
          edges.add(new Edge(from, to, label, attrs));
        }
      }
      edges.addAll(extraEdges);
      return edges;
    }

    private static void writeEdge(StringBuilder out, Edge e) {
      out.append("  ").append(e.from()).append(" -> ").append(e.to());
      List<String> parts = new ArrayList<>();
      if (!e.label().isEmpty()) {
        parts.add("label=" + label(e.label()));
      }
      e.attrs().forEach((k, v) -> parts.add(k + "=" + v));
      if (!parts.isEmpty()) {
        out.append(" [").append(String.join(", ", parts)).append(']');
      }
      out.append(";\n");
    }
  }
}
