package dev.autodiff.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autodiff.core.exec.Feeds;
import dev.autodiff.core.exec.Program;
import dev.autodiff.core.exec.Results;
import dev.autodiff.core.grad.Gradients;
import dev.autodiff.core.graph.Graph;
import dev.autodiff.core.graph.Input;
import dev.autodiff.core.graph.Node;
import dev.autodiff.core.testing.ReadmeSnippets;
import dev.autodiff.core.graph.Parameter;
import dev.autodiff.core.print.Formula;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Keeps the README honest: the code between the {@code README} markers below is the README's tour snippet, to the
 * character (less indentation), and this test runs it and checks what it prints.
 */
class ReadmeTourTest {

  static void tour(PrintStream out) {
    // README-BEGIN
    Graph g = Graph.create();
    Input x = g.input("x");                       // fed at each run
    Parameter w1 = g.parameter("w1", 2.0);        // trainable, holds a value
    Parameter w0 = g.parameter("w0", 1.0);
    Node f = w1.times(x).plus(w0).exp().plus(1);  // f(x, w) = 1 + e^(w1*x + w0)

    List<Node> grads = Gradients.gradients(f, w0, w1, x);   // new nodes in the same graph
    Program program = Program.compile(List.of(f, grads.get(0), grads.get(1), grads.get(2)));
    Results r = program.run(Feeds.of(x, 1.0));

    out.println(Formula.infix(f) + " = " + r.scalar(f));            // exp(w1*x + w0) + 1 = 21.085...
    out.println("df/dw0 = " + Formula.infix(grads.get(0)) + " = " + r.scalar(grads.get(0)));  // e^3
    out.println("df/dw1 = " + Formula.infix(grads.get(1)) + " = " + r.scalar(grads.get(1)));  // x e^3
    out.println("df/dx  = " + Formula.infix(grads.get(2)) + " = " + r.scalar(grads.get(2)));  // w1 e^3
    out.println(Formula.latex(grads.get(2)));                       // e^{w_{1} \cdot x + w_{0}} \cdot w_{1}
    // README-END
  }

  @Test
  void tourPrintsTheLectureNumbers() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    tour(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().collect(Collectors.toList());
    double e3 = Math.exp(3);
    assertEquals("exp(w1*x + w0) + 1 = " + (1 + e3), lines.get(0));
    assertEquals("df/dw0 = exp(w1*x + w0) = " + e3, lines.get(1));
    assertEquals("df/dw1 = exp(w1*x + w0)*x = " + e3, lines.get(2));
    assertEquals("df/dx  = exp(w1*x + w0)*w1 = " + 2 * e3, lines.get(3));
    assertEquals("e^{w_{1} \\cdot x + w_{0}} \\cdot w_{1}", lines.get(4));
  }

  @Test
  void readmeShowsExactlyThisCode() throws Exception {
    ReadmeSnippets.assertInReadme(Path.of("src/test/java/dev/autodiff/core/ReadmeTourTest.java"), "README");
  }
}
