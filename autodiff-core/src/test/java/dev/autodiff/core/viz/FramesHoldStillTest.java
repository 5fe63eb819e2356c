package dev.autodiff.core.viz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autodiff.core.exec.Feeds;
import dev.autodiff.core.testing.Tools;
import dev.autodiff.core.graph.Graph;
import dev.autodiff.core.graph.Node;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The frames of a trace, rendered by the real Graphviz, put every node at the same place on a canvas of the same
 * size, so only colours and labels change from slide to slide.
 */
class FramesHoldStillTest {
  @BeforeAll
  static void needsGraphviz() {
    Tools.requireGraphviz();
  }

  @Test
  void theLecturesExampleHoldsStill() throws IOException {
    Examples.Exp ex = Examples.exp();
    assertStill(Dot.frames(BackpropTrace.of(ex.f(), ex.feeds()), DotOptions.defaults().withTitle("f = 1 + e^(w1 x + w0)")));
  }

  /** Capitals and wide letters in names and the title still fit their boxes: Graphviz, run strictly, says nothing. */
  @Test
  void wideTextFitsItsBoxes() throws IOException {
    Graph g = Graph.create();
    Node w = g.parameter("WEIGHT_MATRIX_W", 2.0);
    Node in = g.input("MMMMMMMMMMMM");
    Node m = in.times(w).named("WWWWWWWW_MMMM").exp().named("QUITE_A_LONG_NAME_WWW");
    assertStill(Dot.frames(BackpropTrace.of(m, Feeds.of(in, 0.5)),
        DotOptions.defaults().withTitle("MLP WITH WEIGHTS W AND MANY MORE WIDE CAPITALS MMMM")));
  }

  @Test
  void aTwoLayerNetworkWithFanOutAndMatricesHoldsStill() throws IOException {
    Graph g = Graph.create();
    Node loss = Examples.mlp(g);
    List<String> frames = Dot.frames(BackpropTrace.of(loss, Examples.mlpFeeds(g)), DotOptions.defaults());
    assertStill(frames);
    assertStill(Dot.frames(BackpropTrace.of(Examples.fanOut(), Feeds.empty()),
        DotOptions.defaults().withDirection(DotOptions.Direction.TOP_TO_BOTTOM)));
  }

  /** Folded into columns for a slide, the frames still share one layout (the columns come from the fixed boxes). */
  @Test
  void aTwoLayerNetworkOnASlideHoldsStill() throws IOException {
    Graph g = Graph.create();
    Node loss = Examples.mlp(g);
    List<String> frames = Dot.frames(BackpropTrace.of(loss, Examples.mlpFeeds(g)), DotOptions.forSlides());
    assertTrue(frames.get(0).contains("constraint=false") && frames.get(0).contains("rank=same"),
        "not folded into columns:\n" + frames.get(0));
    assertStill(frames);
  }

  private static void assertStill(List<String> frames) throws IOException {
    assertTrue(frames.size() > 2);
    String firstSvg = null;
    Map<String, String> first = null;
    for (int k = 0; k < frames.size(); k++) {
      String svg = new String(Graphviz.renderStrict(frames.get(k), "svg"), StandardCharsets.UTF_8);
      Map<String, String> places = places(svg);
      assertTrue(places.size() > 3, svg);
      if (first == null) {
        first = places;
        firstSvg = svg;
        continue;
      }
      assertEquals(canvas(firstSvg), canvas(svg), "frame " + k + "'s canvas");
      assertEquals(first, places, "frame " + k + " moved nodes");
    }
  }

  /** Each node's (and box's) outline, by its DOT id: the points of its polygon or path, or its ellipse. */
  static Map<String, String> places(String svg) {
    Map<String, String> out = new LinkedHashMap<>();
    Matcher m = Pattern.compile("<g id=\"[^\"]*\" class=\"node\">\\s*<title>([^<]*)</title>\\s*<(polygon|path|ellipse)"
        + "([^>]*)>").matcher(svg);
    while (m.find()) {
      out.put(m.group(1), m.group(2) + geometry(m.group(3)));
    }
    return out;
  }

  private static String geometry(String attrs) {
    List<String> kept = new ArrayList<>();
    Matcher a = Pattern.compile("(points|d|cx|cy|rx|ry)=\"([^\"]*)\"").matcher(attrs);
    while (a.find()) {
      kept.add(a.group(1) + "=" + a.group(2));
    }
    return kept.toString();
  }

  private static String canvas(String svg) {
    Matcher m = Pattern.compile("<svg width=\"([^\"]*)\" height=\"([^\"]*)\"").matcher(svg);
    assertTrue(m.find(), svg);
    return m.group(1) + " x " + m.group(2);
  }
}
