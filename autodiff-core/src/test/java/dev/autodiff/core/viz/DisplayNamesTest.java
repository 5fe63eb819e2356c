package dev.autodiff.core.viz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autodiff.core.exec.Feeds;
import dev.autodiff.core.graph.Graph;
import dev.autodiff.core.graph.Input;
import dev.autodiff.core.graph.Node;
import dev.autodiff.core.graph.Parameter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Display names for a view and traces that differentiate with respect to chosen nodes only. */
class DisplayNamesTest {
  private final Graph g = Graph.create();
  private final Input x = g.input("x#1[1]");
  private final Parameter w = g.parameter("layer.W", 2.0);
  private final Input t = g.input("target#2");
  private final Node a = x.times(w);
  private final Node e = a.minus(t);
  private final Node loss = e.square();
  private final Feeds feeds = Feeds.of(x, 3.0).with(t, 1.0);

  @Test
  void aTraceWithRespectToChosenNodesGivesNoAdjointToTheOthers() {
    BackpropTrace all = BackpropTrace.of(loss, feeds);
    assertTrue(all.adjoint(t).isPresent() && all.adjoint(x).isPresent());
    BackpropTrace onlyW = BackpropTrace.of(loss, feeds, List.of(w));
    assertTrue(onlyW.adjoint(t).isEmpty());
    assertTrue(onlyW.adjoint(x).isEmpty());
    // d/dw (x w - t)^2 = 2 (x w - t) x = 2 * 5 * 3, by hand
    assertEquals(30.0, onlyW.adjoint(w).orElseThrow().item());
    assertEquals(all.adjoint(w), onlyW.adjoint(w));
    for (BackpropTrace.Step s : onlyW.steps()) {
      for (BackpropTrace.Contribution c : s.contributions()) {
        assertTrue(c.input() != t && c.input() != x, "a contribution to " + c.input());
      }
    }
  }

  @Test
  void namesReplaceLabelsInEveryRenderingAndAdjointsFollow() {
    Map<Node, String> names = Map.of(x, "x", w, "W1", t, "t", a, "S1", e, "e", loss, "E");
    BackpropTrace trace = BackpropTrace.of(loss, feeds, List.of(w)).withNames(names);
    String text = trace.toText();
    assertTrue(text.contains("S1 = x*W1 = 6"), text);
    assertTrue(text.contains("E = e^2"), text);
    assertTrue(text.contains("dW1 = dS1/dW1 * dS1 = x * 10"), text);
    assertFalse(text.contains("layer.W") || text.contains("#") || text.contains("dt"), text);
    assertTrue(trace.toLatex().contains("d\\mathrm{W}_{1}") || trace.toLatex().contains("dW_{1}"),
        trace.toLatex());
    assertTrue(trace.toMarkdown().contains("`dS1 = 10`"), trace.toMarkdown());
    String dot = Dot.backprop(trace, DotOptions.defaults());
    assertTrue(dot.contains("<b>S1 = x*W1</b>") && dot.contains("dS1/dW1 = x = 3"), dot);
    // the options' names win over the trace's
    String renamed = Dot.backprop(trace, DotOptions.defaults().withNames(Map.of(a, "net")));
    assertTrue(renamed.contains("<b>net = x*W1</b>") && renamed.contains("dnet"), renamed);
    String forward = Dot.forward(List.of(loss), feeds, DotOptions.defaults().withNames(names));
    assertTrue(forward.contains("<b>e = S1 - t</b>"), forward);
  }

  @Test
  void aNameGivenTwiceOrBlankIsRefusedNamingTheNodes() {
    IllegalArgumentException twice = assertThrows(IllegalArgumentException.class,
        () -> DotOptions.defaults().withNames(Map.of(x, "v", t, "v")));
    assertTrue(twice.getMessage().contains("dot options: withNames") && twice.getMessage().contains("'v'")
        && twice.getMessage().contains("x#1[1]") && twice.getMessage().contains("target#2"), twice.getMessage());
    IllegalArgumentException blank = assertThrows(IllegalArgumentException.class,
        () -> BackpropTrace.of(loss, feeds).withNames(Map.of(x, " ")));
    assertTrue(blank.getMessage().contains("trace: withNames") && blank.getMessage().contains("x#1[1]"),
        blank.getMessage());
  }
}
