package dev.autodiff.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autodiff.core.grad.Gradients;
import dev.autodiff.core.graph.Node;
import dev.autodiff.core.graph.Parameter;
import dev.autodiff.core.testing.Tools;
import dev.autodiff.core.tensor.Tensor;
import dev.autodiff.core.viz.BackpropTrace;
import dev.autodiff.core.viz.Dot;
import dev.autodiff.core.viz.DotOptions;
import dev.autodiff.core.viz.Graphviz;
import dev.autodiff.core.testing.ReadmeSnippets;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lecture's 2-2-1 sigmoid MLP, built with {@code Mlp.builder}, named and drawn as the lecture does. */
class LectureViewTest {
  /** A 1920 x 1080 slide: text at least this many pixels high once the drawing is scaled to fit it. */
  static final double READABLE_PIXELS = 12;

  static Model lectureMlp() {
    Model net = Mlp.builder().inputs(2).hidden(2, Activation.SIGMOID).outputs(1, Activation.SIGMOID).build();
    List<Parameter> p = net.parameters();
    p.get(0).set(Tensor.matrix(new double[][] {{0.5, -0.4}, {0.3, 0.8}}));
    p.get(1).set(Tensor.row(0.1, -0.1));
    p.get(2).set(Tensor.column(0.7, -0.6));
    p.get(3).set(Tensor.matrix(1, 1, 0.05));
    return net;
  }

  static LectureView view() {
    return LectureView.of(lectureMlp(), Losses.halfSquaredError(), new double[] {1, 0}, new double[] {1});
  }

  @Test
  void nodesGetTheLecturesNames() {
    LectureView v = view();
    Map<String, Node> byName = new LinkedHashMap<>();
    v.names().forEach((n, s) -> byName.put(s, n));
    containsAll(byName.keySet(), "x", "t", "W1", "b1", "u1", "S1", "h1", "W2", "b2", "u2", "S2", "y", "e",
        "E");
    assertEquals(v.pass().input(), byName.get("x"));
    assertEquals(v.pass().output(), byName.get("y"));
    assertEquals(v.loss(), byName.get("E"));
    assertEquals(v.target(), byName.get("t"));
    // S1 is the first layer's sum: x W1 + b1 recomputed by hand
    double[] x = {1, 0};
    double s11 = x[0] * 0.5 + x[1] * 0.3 + 0.1;
    assertEquals(s11, v.trace().value(byName.get("S1")).at(0), 1e-15);
    String text = v.trace().toText();
    contains(text, "S1 = u1 + b1", "u1 = x@W1", "h1 = sigmoid(S1)", "y = sigmoid(S2)", "e = t - y",
        "dy = de/dy * de = (-1) * ");
    lacks(text, "#", "hidden1", "output.W", "(add");
    noUnnamedAdjoint(text);
  }

  @Test
  void adjointsAreWrittenOneWayAndOnlyForWhatIsDifferentiated() {
    LectureView v = view();
    BackpropTrace trace = v.trace();
    String text = trace.toText();
    contains(text, "dS1 = dh1/dS1 * dh1", "dW1 = x^T@du1", "db2 = dS2/db2 * dS2");
    // nobody differentiates with respect to the sample or the target
    assertTrue(trace.adjoint(v.target()).isEmpty());
    assertTrue(trace.adjoint(v.pass().input()).isEmpty());
    lacks(text, "dt ", "dx ");
    String dot = Dot.backprop(trace, v.options());
    lacks(dot, "dt =", "dx =");
    assertTrue(!Pattern.compile("[a-z]#[0-9]").matcher(dot).find(), () -> "a machine name in:\n" + dot);
    noUnnamedAdjoint(dot);
    // the adjoints the trace gives are the gradient nodes of the loss
    List<Node> params = v.parameters();
    for (Node p : List.of(params.get(0), params.get(3))) {
      Node g = Gradients.grad(v.loss(), p);
      Tensor expected = dev.autodiff.core.exec.Program.compile(g).run(v.feeds()).get(g);
      assertEquals(expected, trace.adjoint(p).orElseThrow());
    }
  }

  @Test
  void refusesASampleOrTargetOfTheWrongWidth() {
    Model net = lectureMlp();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> LectureView.of(net, Losses.mse(), new double[] {1}, new double[] {1}));
    contains(e.getMessage(), "LectureView.of", "1 values", "takes 2");
    e = assertThrows(IllegalArgumentException.class,
        () -> LectureView.of(net, Losses.mse(), new double[] {1, 0}, new double[] {1, 2}));
    contains(e.getMessage(), "target has 2 values", "takes 1");
  }

  @Test
  void everyViewFitsASixteenByNineSlideAtAReadableSize() throws Exception {
    Tools.requireGraphviz();
    LectureView v = view();
    BackpropTrace trace = v.trace();
    DotOptions o = v.options();
    Map<String, String> views = new LinkedHashMap<>();
    views.put("forward", Dot.forward(List.of(v.loss()), v.feeds(), o));
    views.put("backprop", Dot.backprop(trace, o));
    views.put("twin", Dot.twin(trace, o));
    views.put("gradient graph", Dot.gradientGraph(v.loss(), v.parameters(), v.feeds(), o));
    views.put("layers collapsed", Dot.backprop(trace, o.withCollapsed("hidden1").withCollapsed("output")));
    List<String> frames = Dot.frames(trace, o);
    for (int i = 0; i < frames.size(); i++) {
      views.put("frame " + i, frames.get(i));
    }
    List<String> failures = new ArrayList<>();
    for (Map.Entry<String, String> e : views.entrySet()) {
      if (Pattern.compile("[a-z]#[0-9]").matcher(e.getValue()).find() || Pattern.compile("\\bd\\(").matcher(
          e.getValue()).find()) {
        failures.add(e.getKey() + ": a machine name or an unnamed adjoint");
      }
      String svg = new String(Graphviz.render(e.getValue(), "svg"), StandardCharsets.UTF_8);
      double[] size = svgSize(svg);
      double aspect = size[0] / size[1];
      double fit = Math.min(1920 / size[0], 1080 / size[1]);  // SVG points to slide pixels
      double smallestFont = smallestFont(svg) * fit;
      System.out.printf("slide: %s: %.0f x %.0f pt, aspect %.2f, smallest text %.1f px%n", e.getKey(), size[0],
          size[1], aspect, smallestFont);
      if (aspect < 4.0 / 3 || aspect > 2 || smallestFont < READABLE_PIXELS) {
        failures.add(String.format("%s: %.0f x %.0f pt, aspect %.2f, smallest text %.1f px on 1920x1080",
            e.getKey(), size[0], size[1], aspect, smallestFont));
      }
    }
    assertTrue(failures.isEmpty(), String.join("\n", failures));
  }

  @Test
  void readmeSnippetDrawsTheNamedNetwork(@TempDir Path dir) throws Exception {
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);
    // README-SLIDE-BEGIN
    Model net = Mlp.builder().inputs(2).hidden(2, Activation.SIGMOID).outputs(1, Activation.SIGMOID).build();
    LectureView v = LectureView.of(net, Losses.halfSquaredError(), new double[] {1, 0}, new double[] {1});
    BackpropTrace trace = v.trace();                     // with respect to the parameters: no dx, no dt
    out.print(trace.toText());                           // S1 = u1 + b1, h1 = sigmoid(S1), dS1 = dh1/dS1 * dh1 ...
    DotOptions slide = v.options().withTitle("2-2-1 sigmoid MLP");
    Graphviz.write(dir.resolve("backprop.dot"), Dot.backprop(trace, slide));
    Graphviz.write(dir.resolve("layers.dot"), Dot.backprop(trace, slide.withCollapsed("hidden1").withCollapsed("output")));
    // README-SLIDE-END
    String text = printed.toString(StandardCharsets.UTF_8);
    contains(text, "S1 = u1 + b1", "h1 = sigmoid(S1)", "dS1 = dh1/dS1 * dh1", "E = v2*0.5");
    lacks(text, "dx =", "dt =");
    contains(Files.readString(dir.resolve("layers.dot")), "hidden1", "box3d");
    ReadmeSnippets.assertInReadme(Path.of("src/test/java/dev/autodiff/nn/LectureViewTest.java"), "README-SLIDE");
  }

  private static void contains(String text, String... parts) {
    for (String p : parts) {
      assertTrue(text.contains(p), () -> "no '" + p + "' in:\n" + text);
    }
  }

  private static void lacks(String text, String... parts) {
    for (String p : parts) {
      assertTrue(!text.contains(p), () -> "'" + p + "' in:\n" + text);
    }
  }

  /** No adjoint of an unnamed node, {@code d(add#7)}: every adjoint is {@code d} and a name. */
  private static void noUnnamedAdjoint(String text) {
    Matcher m = Pattern.compile("\\bd\\(").matcher(text);
    assertTrue(!m.find(), () -> "an adjoint of an unnamed node in:\n" + text);
  }

  private static void containsAll(java.util.Set<String> names, String... wanted) {
    for (String w : wanted) {
      assertTrue(names.contains(w), () -> "no name " + w + " among " + names);
    }
  }

  /** Deeper networks keep the slide's shape in the views a lecture shows (the text gets smaller: see the README). */
  @Test
  void deeperNetworksKeepTheSlidesShape() throws Exception {
    Tools.requireGraphviz();
    for (int[] widths : new int[][] {{2, 2, 1}, {3, 3, 2}}) {
      Mlp.Builder b = Mlp.builder().inputs(2).seed(3);
      for (int w : widths) {
        b.hidden(w, Activation.TANH);
      }
      Model net = b.outputs(1, Activation.SIGMOID).build();
      LectureView v = LectureView.of(net, Losses.halfSquaredError(), new double[] {1, 0}, new double[] {1});
      DotOptions o = v.options();
      Map<String, String> views = new LinkedHashMap<>();
      views.put("forward", Dot.forward(List.of(v.loss()), v.feeds(), o));
      views.put("backprop", Dot.backprop(v.trace(), o));
      views.put("twin", Dot.twin(v.trace(), o));
      views.put("gradient graph", Dot.gradientGraph(v.loss(), v.parameters(), v.feeds(), o));
      views.put("frame 1", Dot.frames(v.trace(), o).get(1));
      for (Map.Entry<String, String> e : views.entrySet()) {
        double[] size = svgSize(new String(Graphviz.render(e.getValue(), "svg"), StandardCharsets.UTF_8));
        double aspect = size[0] / size[1];
        System.out.printf("slide: 2-%s-1 %s: aspect %.2f, text %.1f px%n", java.util.Arrays.toString(widths),
            e.getKey(), aspect, 10 * Math.min(1920 / size[0], 1080 / size[1]));
        assertTrue(aspect >= 4.0 / 3 && aspect <= 2, java.util.Arrays.toString(widths) + " " + e.getKey() + ": "
            + aspect);
      }
    }
  }

  @Test
  void namesNeverRepeatANameANodeKeeps() {
    // a layer of the user's whose parameter is named like a lecture name keeps it; the lecture name is dropped
    Model net = lectureMlp();
    LectureView v = LectureView.of(net, Losses.halfSquaredError(), new double[] {1, 0}, new double[] {1});
    Map<String, Node> shown = new LinkedHashMap<>();
    for (Node n : dev.autodiff.core.graph.Traversal.ancestors(v.loss())) {
      if (!n.isConstant()) {
        String name = v.names().getOrDefault(n, n.label());
        assertTrue(shown.put(name, n) == null, "two nodes shown as " + name);
      }
    }
    // and a drawing whose extra names clash is refused, naming both nodes
    Node h1 = null;
    for (Map.Entry<Node, String> e : v.names().entrySet()) {
      h1 = e.getValue().equals("h1") ? e.getKey() : h1;
    }
    Node hidden = h1;
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Dot.backprop(v.trace(), v.options().withNames(Map.of(hidden, "S1"))));
    contains(e.getMessage(), "the name 'S1' is given to both");
    // a name that only clashes in the drawing (the trace has S1, the options give it to h1 alone) is refused too
    BackpropTrace plain = BackpropTrace.of(v.loss(), v.feeds(), v.parameters()).withNames(Map.of(hidden, "S1"));
    e = assertThrows(IllegalArgumentException.class, () -> Dot.backprop(v.trace(), DotOptions.defaults()
        .withNames(Map.of(hidden, "S1"))));
    contains(e.getMessage(), "the name 'S1' would be shown for both");
    contains(plain.toText(), "S1 = sigmoid(");
  }

  @Test
  void theLossMustTakeTheTargetItGetsAndCompareIt() {
    Model net = lectureMlp();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> LectureView.of(net, Losses.binaryCrossEntropy(), new double[] {1, 0}, new double[] {2}));
    contains(e.getMessage(), "targets must be in [0, 1]");
    Loss itself = new Loss() {
      @Override
      public String name() {
        return "itself";
      }

      @Override
      public Node apply(Node prediction, Node target) {
        return prediction;
      }
    };
    e = assertThrows(IllegalArgumentException.class,
        () -> LectureView.of(net, itself, new double[] {1, 0}, new double[] {1}));
    contains(e.getMessage(), "the loss itself is the model's output itself");
  }

  /** The canvas in points: the {@code width} and {@code height} of the SVG element. */
  static double[] svgSize(String svg) {
    Matcher m = Pattern.compile("<svg width=\"([0-9.]+)pt\" height=\"([0-9.]+)pt\"").matcher(svg);
    assertTrue(m.find(), "no size in the SVG");
    return new double[] {Double.parseDouble(m.group(1)), Double.parseDouble(m.group(2))};
  }

  /** The smallest {@code font-size} of the drawing's text, excluding hidden (transparent) text. */
  static double smallestFont(String svg) {
    Matcher m = Pattern.compile("<text [^>]*font-size=\"([0-9.]+)\"[^>]*>").matcher(svg);
    double smallest = Double.MAX_VALUE;
    while (m.find()) {
      if (!m.group().contains("transparent")) {
        smallest = Math.min(smallest, Double.parseDouble(m.group(1)));
      }
    }
    assertTrue(smallest < Double.MAX_VALUE, "no text in the SVG");
    return smallest;
  }
}
