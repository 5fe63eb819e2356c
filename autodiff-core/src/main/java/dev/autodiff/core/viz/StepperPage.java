package dev.autodiff.core.viz;

import static com.google.common.base.Preconditions.checkArgument;
import static dev.autodiff.core.Require.checkNotNull;

import dev.autodiff.core.graph.Node;
import dev.autodiff.core.io.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

/**
 * One self-contained HTML page that steps through a {@link BackpropTrace}: the drawing of {@link Dot#backprop}, a
 * "previous" and a "next" button (and the arrow keys), the forward pass node by node, then the reverse pass from
 * the seed, step by step. Each step highlights its node in the drawing (and, going back, the inputs it sends to)
 * and shows the lecture's lines as text ({@code db = dc/db * dc = exp(b) * 1 = 20.0855 * 1 = 20.0855}) and as
 * MathML, which browsers render themselves.
 *
 * <p>The page fetches nothing: the drawing, the style and the small script are inline, and its content security
 * policy forbids any other source, so it works from a USB stick in a lecture hall. The same trace and drawing give
 * the same bytes.
 */
public final class StepperPage {
  private StepperPage() {}

  /** One step of the page: its heading, the DOT ids it highlights, and its lines as text and LaTeX. */
  private record Step(String phase, String heading, String node, List<String> receivers, List<String> text,
      List<String> latex) {}

  /**
   * The page for {@code trace} around {@code svg}, an SVG drawing of the trace as Graphviz makes it from
   * {@link Dot#backprop} (its nodes' titles are the DOT ids {@code n<k>} the page highlights).
   */
  public static String html(BackpropTrace trace, String svg, String title) {
    checkNotNull(trace, "stepper html: trace is null");
    checkNotNull(svg, "stepper html: svg is null");
    checkNotNull(title, "stepper html: title is null");
    List<Step> steps = steps(trace);
    StringBuilder b = new StringBuilder();
    b.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; ")
        .append("style-src 'unsafe-inline'; script-src 'unsafe-inline'\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<title>").append(MathMl.escape(title)).append("</title>\n")
        .append("<style>\n").append(StepperAssets.CSS).append("</style>\n</head>\n<body>\n")
        .append("<h1>").append(MathMl.escape(title)).append("</h1>\n")
        .append("<nav id=\"controls\"><button id=\"prev\" type=\"button\">previous</button> ")
        .append("<span id=\"position\">step 1 of ").append(steps.size()).append("</span> ")
        .append("<button id=\"next\" type=\"button\">next</button> ")
        .append("<span class=\"hint\">or the \u2190 \u2192 keys</span></nav>\n<div id=\"steps\">\n");
    for (int i = 0; i < steps.size(); i++) {
      appendStep(b, steps.get(i), i);
    }
    b.append("</div>\n<div id=\"drawing\">\n").append(inlineSvg(svg)).append("</div>\n")
        .append("<script>\n").append(StepperAssets.SCRIPT).append("</script>\n</body>\n</html>\n");
    return b.toString();
  }

  /**
   * The page for {@code trace}, drawn with {@link Dot#backprop} under {@code options} and rendered by Graphviz.
   *
   * @throws IllegalStateException when Graphviz is not installed
   * @throws IOException when Graphviz fails
   */
  public static String render(BackpropTrace trace, DotOptions options, String title) throws IOException {
    checkNotNull(trace, "stepper render: trace is null");
    checkNotNull(options, "stepper render: options are null");
    checkNotNull(title, "stepper render: title is null");
    byte[] svg = Graphviz.render(Dot.backprop(trace, options), "svg");
    return html(trace.named(options.names()), new String(svg, StandardCharsets.UTF_8), title);
  }

  /** Writes {@link #render} to {@code file} atomically and returns it. */
  public static Path write(Path file, BackpropTrace trace, DotOptions options, String title) throws IOException {
    checkNotNull(file, "stepper write: file is null");
    checkNotNull(trace, "stepper write: trace is null");
    checkNotNull(options, "stepper write: options are null");
    checkNotNull(title, "stepper write: title is null");
    AtomicFiles.writeString(file, render(trace, options, title));
    return file;
  }

  /** The forward nodes other than constants, one step each; the seed; then one step per step of the trace. */
  private static List<Step> steps(BackpropTrace trace) {
    List<Step> steps = new ArrayList<>();
    List<Node> forward = trace.forwardNodes().stream().filter(n -> !n.isConstant()).toList();
    for (int i = 0; i < forward.size(); i++) {
      Node n = forward.get(i);
      String heading = "forward pass " + (i + 1) + " of " + forward.size() + ": "
          + (n.isLeaf() ? trace.name(n) + " is given" : "compute " + trace.name(n));
      steps.add(new Step("forward", heading, Layout.nodeId(n), List.of(), List.of(trace.forwardLine(n, false)),
          List.of(trace.forwardLine(n, true))));
    }
    Node out = trace.output();
    steps.add(new Step("backward", "reverse pass: start at the output, " + trace.adjointName(out)
        + " = " + trace.partialName(out, out), Layout.nodeId(out),
        List.of(), List.of(trace.seedLine(false)), List.of(trace.seedLine(true))));
    int n = trace.steps().size();
    for (BackpropTrace.Step s : trace.steps()) {
      List<String> receivers = new ArrayList<>();
      List<String> text = new ArrayList<>();
      List<String> latex = new ArrayList<>();
      for (BackpropTrace.Contribution c : s.contributions()) {
        receivers.add(Layout.nodeId(c.input()));
        text.add(trace.contributionLine(s, c));
        latex.add(trace.contributionLatex(s, c, ""));
      }
      String heading = "reverse pass " + s.number() + " of " + n + ": " + trace.name(s.node()) + " passes "
          + trace.adjointName(s.node()) + " to its inputs";
      steps.add(new Step("backward", heading, Layout.nodeId(s.node()), receivers, text, latex));
    }
    return steps;
  }

  private static void appendStep(StringBuilder b, Step s, int index) {
    StringJoiner receivers = new StringJoiner(" ");
    s.receivers().forEach(receivers::add);
    b.append("<section class=\"step ").append(s.phase()).append("\" data-node=\"").append(MathMl.escape(s.node()))
        .append("\" data-receivers=\"").append(MathMl.escape(receivers.toString())).append('"')
        .append(index == 0 ? "" : " hidden").append(">\n<h2>").append(MathMl.escape(s.heading())).append("</h2>\n");
    for (int i = 0; i < s.text().size(); i++) {
      b.append("<div class=\"line\"><code class=\"text\">").append(MathMl.escape(s.text().get(i)))
          .append("</code>\n").append(MathMl.block(s.latex().get(i))).append("</div>\n");
    }
    b.append("</section>\n");
  }

  /**
   * The {@code <svg>} element of a Graphviz SVG document, without the XML declaration, the doctype and the
   * comments, which do not belong inside HTML.
   */
  static String inlineSvg(String svg) {
    int start = svg.indexOf("<svg");
    int end = svg.lastIndexOf("</svg>");
    checkArgument(start >= 0 && end > start, "stepper html: the drawing has no <svg> element: %s",
        svg.length() > 80 ? svg.substring(0, 80) + "…" : svg);
    String element = svg.substring(start, end + "</svg>".length());
    return element.replaceAll("(?s)<!--.*?-->\\n?", "") + "\n";
  }
}
