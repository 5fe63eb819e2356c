package dev.autodiff.core.viz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autodiff.core.testing.ReadmeSnippets;
import dev.autodiff.core.exec.Feeds;
import dev.autodiff.core.graph.Graph;
import dev.autodiff.core.graph.Input;
import dev.autodiff.core.graph.Node;
import dev.autodiff.core.graph.Parameter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's "Seeing backpropagation" snippet, run as written. */
class ReadmeTeachingTest {

  static void teach(PrintStream out, Path dir) throws IOException {
    // README-TEACH-BEGIN
    Graph g = Graph.create();
    Input x = g.input("x");
    Parameter w1 = g.parameter("w1", 2.0);
    Parameter w0 = g.parameter("w0", 1.0);
    Node a = x.times(w1).named("a");              // names make traces read like the lecture
    Node b = a.plus(w0).named("b");
    Node c = b.exp().named("c");
    Node f = c.plus(1).named("f");

    BackpropTrace trace = BackpropTrace.of(f, Feeds.of(x, 1.0));
    out.print(trace.toText());                    // also toMarkdown(), toLatex()

    DotOptions options = DotOptions.defaults().withTitle("f(x, w) = 1 + e^(w1 x + w0)");
    Graphviz.write(dir.resolve("backprop.dot"), Dot.backprop(trace, options));   // + .svg, .png with Graphviz
    Graphviz.write(dir.resolve("twin.dot"), Dot.twin(trace, options));
    Graphviz.write(dir.resolve("gradients.dot"), Dot.gradientGraph(f, List.of(w0, w1, x), Feeds.of(x, 1.0), options));
    List<String> frames = Dot.frames(trace, options);                             // one drawing per step
    for (int i = 0; i < frames.size(); i++) {
      Graphviz.write(dir.resolve("frame-" + i + ".dot"), frames.get(i));
    }
    // README-TEACH-END
  }

  @Test
  void snippetPrintsTheTraceAndWritesTheDrawings(@TempDir Path dir) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    teach(new PrintStream(bytes, true, StandardCharsets.UTF_8), dir);
    String text = bytes.toString(StandardCharsets.UTF_8);
    assertTrue(text.contains("db = dc/db * dc = exp(b) * 1 = 20.0855 * 1 = 20.0855"), text);
    assertTrue(text.contains("  dx = 40.1711\n"), text);
    for (String name : List.of("backprop", "twin", "gradients", "frame-0", "frame-4")) {
      assertTrue(Files.exists(dir.resolve(name + ".dot")), name);
    }
    assertEquals(false, Files.exists(dir.resolve("frame-5.dot")));
  }

  @Test
  void readmeShowsTheTraceThisCodePrints(@TempDir Path dir) throws IOException {
    String readme = Files.readString(Path.of("../README.md"));
    int from = readme.indexOf("```\nBackward pass, starting from df = 1:");
    assertTrue(from >= 0, "README shows the trace");
    String block = readme.substring(from + 4, readme.indexOf("```", from + 4));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    teach(new PrintStream(bytes, true, StandardCharsets.UTF_8), dir);
    assertTrue(bytes.toString(StandardCharsets.UTF_8).contains(block), block);
  }

  @Test
  void readmeShowsExactlyThisCode() throws IOException {
    ReadmeSnippets.assertInReadme(Path.of("src/test/java/dev/autodiff/core/viz/ReadmeTeachingTest.java"),
        "README-TEACH");
  }
}
