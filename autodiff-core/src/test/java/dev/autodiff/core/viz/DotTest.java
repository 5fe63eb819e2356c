package dev.autodiff.core.viz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autodiff.core.exec.Feeds;
import dev.autodiff.core.graph.Graph;
import dev.autodiff.core.graph.Node;
import dev.autodiff.core.graph.Parameter;
import dev.autodiff.core.testing.Golden;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class DotTest {
  private static final Pattern NODE_LINE = Pattern.compile("(?m)^\\s+([nga]\\d+) \\[label=");
  private static final Pattern EDGE_LINE = Pattern.compile("(?m)^\\s+(\\w+) -> (\\w+)");

  private static List<String> items(String dot) {
    return NODE_LINE.matcher(dot).results().map(m -> m.group(1)).toList();
  }

  private static List<String> edges(String dot) {
    return EDGE_LINE.matcher(dot).results().map(m -> m.group(1) + "->" + m.group(2)).toList();
  }

  /**
   * The lecture's example drawn three ways, byte for byte against reviewed copies in
   * {@code src/test/resources/golden/dot/} (written by an earlier run in another JVM: independent of this run's code
   * and state; regenerate with {@code -Dgolden.update=true} and review the diff).
   */
  @Test
  void lectureExampleDrawsTheReviewedBytes() {
    Examples.Exp ex = Examples.exp();
    DotOptions o = DotOptions.defaults().withTitle("lecture");
    Golden.assertMatches(DotTest.class, "dot", Map.of(
        "exp-backprop.dot", Dot.backprop(BackpropTrace.of(ex.f(), ex.feeds()), o),
        "exp-twin.dot", Dot.twin(BackpropTrace.of(ex.f(), ex.feeds()), o),
        "exp-gradient-graph.dot", Dot.gradientGraph(ex.f(), List.of(ex.w0(), ex.w1()), ex.feeds(), o)));
  }

  @Test
  void forwardGraphHasEveryAncestorInIdOrderAndEveryInputEdge() {
    Examples.Exp ex = Examples.exp();
    String dot = Dot.forward(ex.f());
    // x, w1, w0, a, b, c, the constant 1, f: ids 0..7 in creation order.
    assertEquals(List.of("n0", "n1", "n2", "n3", "n4", "n5", "n6", "n7"), items(dot));
    assertEquals(List.of("n0->n3", "n1->n3", "n3->n4", "n2->n4", "n4->n5", "n5->n7", "n6->n7"), edges(dot));
    assertTrue(dot.contains("<b>b = a + w0</b>"), dot);
    assertFalse(dot.contains("= 3"), "no values without feeds: " + dot);
    String withValues = Dot.forward(List.of(ex.f()), ex.feeds(), DotOptions.defaults());
    assertTrue(withValues.contains("<b>b = a + w0</b><br/>= 3>"), withValues);
  }

  @Test
  void backpropViewShowsAdjointsAndLocalPartials() {
    Examples.Exp ex = Examples.exp();
    String dot = Dot.backprop(BackpropTrace.of(ex.f(), ex.feeds()), DotOptions.defaults());
    assertTrue(dot.contains("dw1 = 20.0855"), dot);
    assertTrue(dot.contains("dx = 40.1711"), dot);
    assertTrue(dot.contains("n4 -> n5 [label=<<font color=\"#1d4ed8\">dc/db = exp(b) = 20.0855</font>>]"), dot);
    assertTrue(dot.contains("n0 -> n3 [label=<<font color=\"#1d4ed8\">da/dx = w1 = 2</font>>]"), dot);
    String bare = Dot.backprop(BackpropTrace.of(ex.f(), ex.feeds()), DotOptions.defaults().withEdgePartials(false));
    assertFalse(bare.contains("dc/db"), bare);
  }

  @Test
  void twinViewLinksEveryNodeToItsAdjoint() {
    Examples.Exp ex = Examples.exp();
    String dot = Dot.twin(BackpropTrace.of(ex.f(), ex.feeds()), DotOptions.defaults());
    assertTrue(dot.contains("subgraph cluster_forward"), dot);
    assertTrue(dot.contains("subgraph cluster_adjoint"), dot);
    // Every node with an adjoint (all but the constant 1) has a twin a<id> and a dashed link.
    for (int id : new int[] {0, 1, 2, 3, 4, 5, 7}) {
      assertTrue(dot.contains("  a" + id + " [label="), "twin of n" + id + ": " + dot);
      assertTrue(dot.contains("n" + id + " -> a" + id + " [style=dashed"), "link of n" + id);
    }
    assertFalse(dot.contains("a6 [label="), "the constant has no adjoint");
    // Adjoint edges: one per contribution (6), drawn backwards.
    assertEquals(6, Pattern.compile("a\\d+ -> a\\d+ \\[label=.*dir=back").matcher(dot).results().count(), dot);
  }

  @Test
  void gradientGraphSeparatesNewNodesAndMarksEachGradient() {
    Examples.Exp ex = Examples.exp();
    String dot = Dot.gradientGraph(ex.f(), List.of(ex.w0(), ex.w1(), ex.x()), ex.feeds(), DotOptions.defaults());
    // df/dw0 = e^b is the forward node c itself (hash-consing); df/dw1 = c*x and df/dx = c*w1 are new nodes.
    int forward = dot.indexOf("subgraph cluster_forward");
    int gradient = dot.indexOf("subgraph cluster_gradient");
    assertTrue(forward >= 0 && gradient > forward, dot);
    int c = dot.indexOf("  n5 [label=<<b>c = exp(b)</b>");
    assertTrue(c > forward && c < gradient, "c sits in the forward cluster: " + dot);
    assertTrue(dot.substring(c, dot.indexOf('\n', c)).contains("= df/dw0"), dot);
    String rest = dot.substring(gradient);
    assertTrue(rest.contains("= c*x</b>") && rest.contains("= df/dw1"), dot);
    assertTrue(rest.contains("= c*w1</b>") && rest.contains("= df/dx"), dot);
    assertTrue(rest.contains("= 40.1711"), dot);
  }

  @Test
  void framesShowPendingAdjointsAndTheActiveStep() {
    Examples.Exp ex = Examples.exp();
    BackpropTrace t = BackpropTrace.of(ex.f(), ex.feeds());
    List<String> frames = Dot.frames(t, DotOptions.defaults());
    assertEquals(5, frames.size());
    String first = frames.get(0);
    assertTrue(first.contains("df = 1") && first.contains("dc = ?") && first.contains("dx = ?"), first);
    String third = frames.get(3);  // step 3: b passes db to a and w0
    assertTrue(third.contains("step 3 of 4: b passes db = 20.0855 to its inputs"), third);
    assertTrue(third.contains("n4 [label=") && lineOf(third, "  n4 [").contains("fillcolor=\"#fde047\""), third);
    assertTrue(lineOf(third, "  n5 [").contains("fontcolor=\"#9ca3af\""), "c is done: " + third);
    assertTrue(lineOf(third, "  n3 [").contains("da = 20.0855"), third);
    assertTrue(lineOf(third, "  n0 [").contains("dx = ?"), third);
    assertTrue(lineOf(third, "  n3 -> n4").contains("+ 20.0855"), third);
    assertTrue(frames.get(4).contains("dx = 40.1711"));
  }

  @Test
  void partialFanOutSumShowsAQuestionMark() {
    Node q = Examples.fanOut();
    List<String> frames = Dot.frames(BackpropTrace.of(q, Feeds.empty()), DotOptions.defaults());
    assertTrue(lineOf(frames.get(1), "  n0 [").contains("dp = 1 + ?"), frames.get(1));
    assertTrue(lineOf(frames.get(2), "  n0 [").contains("dp = 1 + (-3) = -2"), frames.get(2));
  }

  @Test
  void hideConstantsMovesThemIntoTheirConsumers() {
    Examples.Exp ex = Examples.exp();
    String dot = Dot.forward(List.of(ex.f()), null, DotOptions.defaults().withoutConstants());
    assertFalse(items(dot).contains("n6"), dot);
    assertTrue(lineOf(dot, "  n7 [").contains("constants: 1"), dot);
    assertFalse(edges(dot).contains("n6->n7"), dot);
  }

  @Test
  void onlyKeepsTheAncestorsOfTheChosenNodes() {
    Examples.Exp ex = Examples.exp();
    String dot = Dot.forward(List.of(ex.f()), null, DotOptions.defaults().withOnly(ex.b()));
    assertEquals(List.of("n0", "n1", "n2", "n3", "n4"), items(dot));
    Graph other = Graph.create();
    Node stranger = other.parameter("s", 1.0);
    assertThrows(IllegalArgumentException.class,
        () -> Dot.forward(List.of(ex.f()), null, DotOptions.defaults().withOnly(stranger)));
  }

  @Test
  void collapsingALayerDrawsOneBoxWithItsParameters() {
    Graph g = Graph.create();
    Node loss = Examples.mlp(g);
    String expanded = Dot.forward(List.of(loss), Examples.mlpFeeds(g), DotOptions.defaults());
    assertFalse(expanded.contains("box3d"), expanded);
    String oneLayer = Dot.forward(List.of(loss), Examples.mlpFeeds(g), DotOptions.defaults().withCollapsed("mlp/hidden"));
    assertEquals(1, count(oneLayer, "shape=box3d"), oneLayer);
    assertTrue(oneLayer.contains("<b>mlp/hidden</b>") && oneLayer.contains("parameters: W1 2x2, b1 1x2"), oneLayer);
    String both = Dot.forward(List.of(loss), Examples.mlpFeeds(g), DotOptions.defaults().withCollapsed("mlp"));
    assertEquals(1, count(both, "shape=box3d"), both);
    assertTrue(both.contains("parameters: W1 2x2, b1 1x2, W2 2x1, b2"), both);
    // Edges go to and from the box, never inside it, and never twice.
    assertTrue(edges(both).contains("n0->g0"), both);
    assertEquals(edges(both).size(), edges(both).stream().distinct().count(), both);
    assertTrue(items(both).size() < items(expanded).size());
  }

  @Test
  void collapsingAnArbitrarySet() {
    Examples.Exp ex = Examples.exp();
    String dot = Dot.forward(List.of(ex.f()), null,
        DotOptions.defaults().withCollapsed("affine", List.of(ex.a(), ex.b())));
    assertTrue(dot.contains("<b>affine</b><br/><font color=\"#6b7280\">2 nodes</font>"), dot);
    assertTrue(edges(dot).containsAll(List.of("n0->g0", "n1->g0", "n2->g0", "g0->n5")), dot);
  }

  @Test
  void nodeLimitCollapsesGroupsThenFoldsEarlyNodesAndSaysSo() {
    Graph g = Graph.create();
    Node loss = Examples.mlp(g);
    String full = Dot.forward(List.of(loss), null, DotOptions.defaults());
    int all = items(full).size();
    String limited = Dot.forward(List.of(loss), null, DotOptions.defaults().withNodeLimit(8));
    assertTrue(items(limited).size() <= 8, limited);
    assertTrue(limited.contains("node limit 8: collapsed groups mlp/hidden, mlp/output"), limited);
    String tiny = Dot.forward(List.of(loss), null, DotOptions.defaults().withNodeLimit(3));
    assertTrue(items(tiny).size() <= 3, tiny);
    assertTrue(tiny.contains("earlier nodes folded into one box"), tiny);
    assertTrue(tiny.contains("n" + loss.id() + " [label="), "the output is never folded: " + tiny);
    assertNotEquals(all, items(limited).size());

    // A long chain without groups folds its earliest nodes.
    Graph chain = Graph.create();
    Node x = chain.parameter("x", 0.5);
    for (int i = 0; i < 500; i++) {
      x = x.tanh().times(0.9);
    }
    String folded = Dot.forward(List.of(x), null, DotOptions.defaults().withNodeLimit(20));
    assertTrue(items(folded).size() <= 20, folded);
    assertTrue(folded.contains("earlier nodes folded"), folded);
  }

  @Test
  void labelsAreEscaped() {
    Graph g = Graph.create();
    Parameter p = g.parameter("a<b&\"c\">", 1.0);
    Node y = p.exp();
    String dot = Dot.forward(y);
    assertTrue(dot.contains("<b>a&lt;b&amp;&quot;c&quot;&gt;</b>"), dot);
  }

  @Test
  void badArgumentsAreNamed() {
    Examples.Exp ex = Examples.exp();
    assertThrows(IllegalArgumentException.class, () -> Dot.forward(null));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Dot.forward(List.of(), null, DotOptions.defaults()));
    assertTrue(e.getMessage().startsWith("dot:"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> DotOptions.defaults().withNodeLimit(1));
    assertThrows(IllegalArgumentException.class, () -> DotOptions.defaults().withCollapsed(" "));
    assertThrows(IllegalArgumentException.class,
        () -> Dot.gradientGraph(ex.f(), List.of(), null, DotOptions.defaults()));
  }

  private static String lineOf(String dot, String prefix) {
    Matcher m = Pattern.compile("(?m)^" + Pattern.quote(prefix) + ".*$").matcher(dot);
    assertTrue(m.find(), "no line starting with '" + prefix + "' in " + dot);
    return m.group();
  }

  private static int count(String s, String what) {
    int n = 0;
    for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + 1)) {
      n++;
    }
    return n;
  }
}
