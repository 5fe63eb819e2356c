package dev.autodiff.examples.lecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.autodiff.core.graph.Node;
import dev.autodiff.core.testing.Tools;
import dev.autodiff.core.io.AtomicFiles;
import dev.autodiff.core.tensor.Tensor;
import dev.autodiff.core.tensor.TensorFormat;
import dev.autodiff.core.viz.BackpropTrace;
import dev.autodiff.examples.Run;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pages of {@code lecture --html} in a real browser: headless Chromium loads each page from its file, the test
 * presses "next" to the end and, at every step, checks the one step shown, the node highlighted in the drawing and
 * every number on the step's lines (text and MathML) against a {@link BackpropTrace} computed here through the API;
 * then it takes a screenshot ({@code target/stepper/<example>.png}) and checks that the page asked the network for
 * nothing. {@code .ci/run} installs Chromium and sets {@code AUTODIFF_REQUIRE_BROWSER=1}, so in CI a missing browser
 * fails; elsewhere the test is skipped with the reason.
 */
class StepperPageBrowserTest {
  /** What one step of the page must show: the node, the nodes it sends to, and the last number of each line. */
  private record Expected(String node, TreeSet<String> receivers, List<Tensor> numbers) {}

  private static final String STATE = """
      (function () {
        var shown = [].filter.call(document.querySelectorAll('#steps .step'), function (s) {
          return !s.hidden && getComputedStyle(s).display !== 'none'; });
        function titles(cls) { return [].map.call(document.querySelectorAll('#drawing g.node.' + cls + ' > title'),
          function (t) { return t.textContent.trim(); }).sort().join(' '); }
        var lines = shown.length !== 1 ? [] : [].map.call(shown[0].querySelectorAll('.line'), function (l) {
          return l.querySelector('code').innerText + '\\u001e' + [].map.call(l.querySelectorAll('math mn'),
            function (n) { return n.textContent; }).join(' '); });
        return [document.getElementById('position').textContent, shown.length, titles('current'),
          titles('receives'), document.getElementById('next').disabled, lines.join('\\u001d')].join('\\u001f');
      })()""";

  @Test
  void stepsThroughEveryWorkedExampleWithTheTracesNumbers(@TempDir Path tmp) throws IOException {
    Path exe = needsBrowserAndGraphviz();
    Run r = Run.of("lecture", "--html", "--out", tmp.resolve("out").toString());
    assertEquals(0, r.code(), r.err());
    Files.createDirectories(tmp.resolve("profile"));
    try (Chromium browser = Chromium.launch(exe, tmp.resolve("profile"))) {
      browser.call("Network.enable", "{}");
      Map<String, BackpropTrace> pages = new LinkedHashMap<>();
      for (WorkedExamples.Worked w : WorkedExamples.all()) {
        pages.put(w.slug(), BackpropTrace.of(w.output(), w.feeds()));
      }
      pages.put("mlp", LectureFiles.mlpView().trace());  // a model, named as the lecture does, on a slide
      for (Map.Entry<String, BackpropTrace> p : pages.entrySet()) {
        String slug = p.getKey();
        Path page = tmp.resolve("out").resolve(slug).resolve("stepper.html");
        assertTrue(Files.exists(page), r.out());
        BackpropTrace trace = p.getValue();
        List<Expected> expected = expected(trace);
        // The screenshot shows the middle of the reverse pass (for the first example: c passes dc to b).
        int shot = expected.size() - 1 - trace.steps().size() + (trace.steps().size() + 1) / 2;
        browser.call("Page.navigate", "{\"url\":" + Json.quote(page.toUri().toString()) + "}");
        waitUntilLoaded(browser);
        for (int i = 0; i < expected.size(); i++) {
          String where = slug + " step " + (i + 1);
          String[] state = browser.evaluate(STATE).split("\u001f", -1);
          assertEquals("step " + (i + 1) + " of " + expected.size(), state[0], where);
          assertEquals("1", state[1], where + ": steps shown");
          Expected e = expected.get(i);
          assertEquals(e.node(), state[2], where + ": highlighted node");
          assertEquals(String.join(" ", e.receivers()), state[3], where + ": nodes receiving");
          assertEquals(String.valueOf(i == expected.size() - 1), state[4], where + ": next disabled");
          checkLines(where, state[5], e.numbers());
          if (i == shot) {
            Path png = Path.of("target", "stepper", slug + ".png");
            Files.createDirectories(png.getParent());
            AtomicFiles.write(png, browser.screenshot());
          }
          browser.evaluate("document.getElementById('next').click(), ''");
        }
        // The arrow keys step too.
        browser.evaluate("document.dispatchEvent(new KeyboardEvent('keydown', {key: 'ArrowLeft'})), ''");
        assertEquals("step " + (expected.size() - 1) + " of " + expected.size(),
            browser.evaluate(STATE).split("\u001f")[0], slug + ": ArrowLeft");
      }
      int requests = 0;
      for (String event : browser.events()) {
        if (event.contains("\"method\":\"Network.requestWillBeSent\"")) {
          String url = Json.stringField(event.substring(event.indexOf("\"request\":")), "url");
          assertTrue(url.startsWith("file:"), "the page asked the network for " + url);
          requests++;
        }
      }
      // the page's own file request was seen, so the network events did arrive and the check above means something
      assertTrue(requests >= 1, "no network event arrived, not even the pages' own requests");
    }
  }

  /** The page's steps from the trace: each forward node but constants, the seed, then each reverse step. */
  private static List<Expected> expected(BackpropTrace t) {
    List<Expected> steps = new ArrayList<>();
    for (Node n : t.forwardNodes()) {
      if (!n.isConstant()) {
        steps.add(new Expected(id(n), new TreeSet<>(), List.of(t.value(n))));
      }
    }
    steps.add(new Expected(id(t.output()), new TreeSet<>(), List.of(t.seed())));
    for (BackpropTrace.Step s : t.steps()) {
      TreeSet<String> receivers = new TreeSet<>();
      List<Tensor> numbers = new ArrayList<>();
      for (BackpropTrace.Contribution c : s.contributions()) {
        receivers.add(id(c.input()));
        numbers.add(c.after());
      }
      steps.add(new Expected(id(s.node()), receivers, numbers));
    }
    return steps;
  }

  /** Each line's text ends with {@code = <number>}, and its MathML shows the same number's elements. */
  private static void checkLines(String where, String shown, List<Tensor> numbers) {
    String[] lines = shown.isEmpty() ? new String[0] : shown.split("\u001d");
    assertEquals(numbers.size(), lines.length, where + ": lines " + shown);
    for (int k = 0; k < lines.length; k++) {
      String[] parts = lines[k].split("\u001e");
      Tensor v = numbers.get(k);
      String text = v.size() == 1 ? TensorFormat.number(v.at(0)) : TensorFormat.preview(v, 4);
      assertTrue(parts[0].endsWith(" = " + text), where + ": '" + parts[0] + "' should end with = " + text);
      String math = parts[1].replace('\u2212', '-');
      for (int j = 0; j < v.size(); j++) {
        String element = TensorFormat.number(v.at(j));
        // one of the MathML's number tokens (<mn>, space-separated here), whole: not a piece of a longer one; a
        // scalar result is the line's last number
        List<String> tokens = List.of(math.strip().split(" "));
        boolean found = v.size() == 1 ? tokens.get(tokens.size() - 1).equals(element.replace("-", ""))
            || tokens.get(tokens.size() - 1).equals(element) : tokens.contains(element.replace("-", ""))
            || tokens.contains(element);
        assertTrue(element.contains("e") || found, where + ": MathML '" + math + "' should show " + element);
      }
    }
  }

  private static void waitUntilLoaded(Chromium browser) throws IOException {
    long deadline = System.nanoTime() + Chromium.TIMEOUT.toNanos();
    while (!browser.evaluate("document.readyState").equals("complete")
        || browser.evaluate("String(document.querySelectorAll('#steps .step').length)").equals("0")) {
      if (System.nanoTime() > deadline) {
        fail("the page did not load in " + Chromium.TIMEOUT.toSeconds() + " s");
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException(e);
      }
    }
  }

  private static String id(Node n) {
    return "n" + n.id();
  }

  private static Path needsBrowserAndGraphviz() {
    boolean required = System.getenv("AUTODIFF_REQUIRE_BROWSER") != null;
    Tools.requireGraphviz("AUTODIFF_REQUIRE_BROWSER");
    var exe = Chromium.executable();
    if (exe.isEmpty()) {
      if (required) {
        fail("Chromium is required (AUTODIFF_REQUIRE_BROWSER is set) but not found; apt-get install chromium");
      }
      assumeTrue(false, "Chromium is not installed (apt-get install chromium); set AUTODIFF_REQUIRE_BROWSER");
    }
    return exe.get();
  }
}
