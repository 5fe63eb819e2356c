package dev.autodiff.core.viz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autodiff.core.exec.Feeds;
import dev.autodiff.core.graph.Graph;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The stepper page's HTML without a browser (the browser test is {@code StepperPageBrowserTest} in examples). */
class StepperPageTest {
  private static final String SVG = "<?xml version=\"1.0\"?>\n<!DOCTYPE svg PUBLIC \"-//W3C//DTD SVG 1.1//EN\" "
      + "\"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd\">\n<!-- made by hand -->\n"
      + "<svg xmlns=\"http://www.w3.org/2000/svg\"><g id=\"node1\" class=\"node\"><title>n3</title></g></svg>\n";

  private static BackpropTrace exp() {
    Examples.Exp ex = Examples.exp();
    return BackpropTrace.of(ex.f(), ex.feeds());
  }

  @Test
  void showsForwardThenSeedThenEachStepWithTheLectureLines() {
    BackpropTrace t = exp();
    String html = StepperPage.html(t, SVG, "f(x, w) = 1 + e^(w1 x + w0)");
    // x, w1, w0, a, b, c, f forward; the seed; 4 reverse steps.
    assertEquals(7 + 1 + t.steps().size(), count(html, "<section class=\"step "));
    assertTrue(html.contains("<span id=\"position\">step 1 of 12</span>"), html);
    assertTrue(html.contains("<code class=\"text\">db = dc/db * dc = exp(b) * 1 = 20.0855 * 1 = 20.0855</code>"),
        html);
    assertTrue(html.contains("<code class=\"text\">c = exp(b) = 20.0855</code>"), html);
    assertTrue(html.contains("data-node=\"n" + t.output().id() + "\""), html);
    // Only the first step is shown before the script runs.
    assertEquals(count(html, "<section class=\"step ") - 1, count(html, " hidden>"));
  }

  @Test
  void rendersTheLatexAsMathMl() {
    String html = StepperPage.html(exp(), SVG, "exp");
    // db = \frac{\partial b}{...}: a fraction, e^{b} a superscript, the number an <mn>.
    assertTrue(html.contains("<mfrac><mrow><mi>\u2202</mi><mi>c</mi></mrow><mrow><mi>\u2202</mi><mi>b</mi></mrow>"
        + "</mfrac>"), html);
    assertTrue(html.contains("<msup><mi>e</mi><mrow><mi>b</mi></mrow></msup>"), html);
    assertTrue(html.contains("<mn>20.0855</mn>"), html);
    assertEquals("<math display=\"block\"><mrow><msub><mi>w</mi><mrow><mn>1</mn></mrow></msub><mo>=</mo>"
        + "<mrow><mo fence=\"true\">(</mo><mtable><mtr><mtd><mn>1</mn></mtd><mtd><mo>\u2212</mo></mtd></mtr>"
        + "</mtable><mo fence=\"true\">)</mo></mrow></mrow></math>",
        MathMl.block("w_{1} = \\begin{pmatrix}1 & -\\end{pmatrix}"));
    assertEquals("<math display=\"block\"><mi mathvariant=\"normal\">relu</mi></math>",
        MathMl.block("\\operatorname{relu}"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MathMl.block("\\frac{a}{b"));
    assertTrue(e.getMessage().startsWith("mathml: expected '}'"), e.getMessage());
  }

  @Test
  void isSelfContainedAndEscaped() {
    Graph g = Graph.create();
    var x = g.parameter("x", 2.0);
    BackpropTrace t = BackpropTrace.of(x.times(x).named("y"), Feeds.empty());
    String html = StepperPage.html(t, SVG, "<script>alert('x & y')</script>");
    assertTrue(html.contains("<title>&lt;script&gt;alert(&#39;x &amp; y&#39;)&lt;/script&gt;</title>"), html);
    assertFalse(html.contains("<!DOCTYPE svg"), html);
    assertFalse(html.contains("made by hand"), html);
    assertTrue(html.contains("default-src 'none'"), html);
    // The only URLs left are namespace names, which nothing fetches.
    Matcher m = Pattern.compile("https?://[^\"' ]*").matcher(html);
    while (m.find()) {
      assertTrue(html.startsWith("xmlns=\"", m.start() - 7), "a URL in the page: " + m.group());
    }
    assertFalse(html.matches("(?s).*\\b(src|href)=.*"), html);
  }

  @Test
  void isDeterministic() {
    assertEquals(StepperPage.html(exp(), SVG, "t"), StepperPage.html(exp(), SVG, "t"));
  }

  @Test
  void rejectsADrawingThatIsNotSvg() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> StepperPage.html(exp(), "digraph { a }", "t"));
    assertEquals("stepper html: the drawing has no <svg> element: digraph { a }", e.getMessage());
  }

  private static int count(String s, String part) {
    int n = 0;
    for (int i = s.indexOf(part); i >= 0; i = s.indexOf(part, i + 1)) {
      n++;
    }
    return n;
  }
}
