package dev.autodiff.core.viz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autodiff.core.exec.Feeds;
import dev.autodiff.core.testing.Tools;
import dev.autodiff.core.graph.Graph;
import dev.autodiff.core.graph.Node;
import dev.autodiff.core.graph.Parameter;
import dev.autodiff.core.tensor.Tensor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every kind of DOT this library writes goes through the real Graphviz {@code dot}, which must accept it without a
 * warning. {@code .ci/run} installs Graphviz and sets {@code AUTODIFF_REQUIRE_GRAPHVIZ=1}, so in CI a missing
 * {@code dot} fails these tests; on a machine without Graphviz they are skipped with the reason.
 */
class GraphvizTest {
  private static final byte[] PNG_MAGIC = {(byte) 0x89, 'P', 'N', 'G'};

  @BeforeAll
  static void needsGraphviz() {
    Tools.requireGraphviz();
  }

  /** One of each kind of output, on the scalar lecture example, a matrix example and a layered MLP. */
  static Map<String, String> everyKind() {
    Map<String, String> kinds = new LinkedHashMap<>();
    Examples.Exp ex = Examples.exp();
    BackpropTrace t = BackpropTrace.of(ex.f(), ex.feeds());
    DotOptions o = DotOptions.defaults().withTitle("f(x, w) = 1 + e^(w1 x + w0) <&> \"quoted\"");
    kinds.put("structure", Dot.forward(ex.f()));
    kinds.put("forward-values", Dot.forward(List.of(ex.f()), ex.feeds(), o));
    kinds.put("backprop", Dot.backprop(t, o));
    kinds.put("twin", Dot.twin(t, o));
    kinds.put("gradient-graph", Dot.gradientGraph(ex.f(), List.of(ex.w0(), ex.w1(), ex.x()), ex.feeds(), o));
    List<String> frames = Dot.frames(t, o);
    for (int i = 0; i < frames.size(); i++) {
      kinds.put("frame-" + i, frames.get(i));
    }
    kinds.put("top-to-bottom", Dot.backprop(t, o.withDirection(DotOptions.Direction.TOP_TO_BOTTOM)));
    kinds.put("fan-out", Dot.backprop(BackpropTrace.of(Examples.fanOut(), Feeds.empty()), o));

    Graph m = Graph.create();
    Parameter x = m.parameter("X", Tensor.matrix(new double[][] {{1, 2, 3, 4, 5}, {3, 4, 5, 6, 7}}));
    Parameter w = m.parameter("W", Tensor.matrix(new double[][] {{1, 0}, {-1, 1}, {0, 1}, {2, 2}, {1, 1}}));
    Node f = x.matmul(w).named("a").square().sum().times(0.5).named("f");
    BackpropTrace mt = BackpropTrace.of(f, Feeds.empty());
    kinds.put("matrix-backprop", Dot.backprop(mt, o));
    kinds.put("matrix-twin", Dot.twin(mt, o));
    kinds.put("matrix-frame", Dot.frames(mt, o).get(2));

    Graph g = Graph.create();
    Node loss = Examples.mlp(g);
    BackpropTrace mlp = BackpropTrace.of(loss, Examples.mlpFeeds(g));
    kinds.put("mlp-expanded", Dot.backprop(mlp, o));
    kinds.put("mlp-collapsed", Dot.backprop(mlp, o.withCollapsed("mlp/hidden").withCollapsed("mlp/output")));
    kinds.put("mlp-hidden-constants", Dot.backprop(mlp, o.withoutConstants()));
    kinds.put("mlp-limited", Dot.forward(List.of(loss), null, o.withNodeLimit(4)));
    kinds.put("mlp-twin-collapsed", Dot.twin(mlp, o.withCollapsed("mlp")));
    kinds.put("mlp-gradient-graph", Dot.gradientGraph(loss, g.parameters(), Examples.mlpFeeds(g),
        o.withoutConstants()));
    kinds.put("mlp-only", Dot.forward(List.of(loss), null, o.withOnly(g.node("h").orElseThrow())));
    return kinds;
  }

  @Test
  void dotAcceptsEveryKindOfOutputAsSvgAndPng() throws IOException {
    List<String> failures = new ArrayList<>();
    for (Map.Entry<String, String> kind : everyKind().entrySet()) {
      try {
        String svg = new String(Graphviz.renderStrict(kind.getValue(), "svg"), StandardCharsets.UTF_8);
        assertTrue(svg.contains("<svg"), kind.getKey());
        byte[] png = Graphviz.renderStrict(kind.getValue(), "png");
        assertArrayEquals(PNG_MAGIC, Arrays.copyOf(png, 4), kind.getKey());
      } catch (IOException e) {
        failures.add(kind.getKey() + ": " + e.getMessage());
      }
    }
    assertEquals(List.of(), failures);
  }

  @Test
  void malformedDotIsAnErrorWithGraphvizOwnMessage() {
    IOException e = assertThrows(IOException.class, () -> Graphviz.render("digraph { a -> ; }", "svg"));
    assertTrue(e.getMessage().contains("syntax error"), e.getMessage());
  }

  @Test
  void writeMakesSvgAndPngNextToTheDot(@TempDir Path dir) throws IOException {
    Examples.Exp ex = Examples.exp();
    Path dot = dir.resolve("sub/lecture.dot");
    List<Path> written = Graphviz.write(dot, Dot.forward(ex.f()));
    assertEquals(List.of(dot, dir.resolve("sub/lecture.svg"), dir.resolve("sub/lecture.png")), written);
    for (Path p : written) {
      assertTrue(Files.size(p) > 100, p.toString());
    }
    try (var files = Files.list(dir.resolve("sub"))) {
      assertEquals(3, files.count(), "no temporary files are left behind");
    }
  }

  @Test
  void withoutGraphvizOnlyTheDotIsWrittenAndItSaysSoOnce(@TempDir Path dir) throws IOException {
    String previous = System.getProperty("autodiff.graphviz.dot");
    System.setProperty("autodiff.graphviz.dot", dir.resolve("no-such-dot").toString());
    try {
      ByteArrayOutputStream notices = new ByteArrayOutputStream();
      PrintStream out = new PrintStream(notices, true, StandardCharsets.UTF_8);
      String text = Dot.forward(Examples.exp().f());
      assertEquals(List.of(dir.resolve("a.dot")), Graphviz.write(dir.resolve("a.dot"), text, out));
      assertEquals(List.of(dir.resolve("b.dot")), Graphviz.write(dir.resolve("b.dot"), text, out));
      String said = notices.toString(StandardCharsets.UTF_8);
      assertTrue(said.contains("not found: writing DOT files only"), said);
      assertEquals(said.indexOf("not found"), said.lastIndexOf("not found"), "said once: " + said);
      assertEquals(text, Files.readString(dir.resolve("b.dot")));
      assertThrows(IllegalStateException.class, () -> Graphviz.render(text, "svg"));
    } finally {
      if (previous == null) {
        System.clearProperty("autodiff.graphviz.dot");
      } else {
        System.setProperty("autodiff.graphviz.dot", previous);
      }
    }
  }
}
