package dev.autodiff.examples;

import dev.autodiff.core.exec.Feeds;
import dev.autodiff.core.exec.Program;
import dev.autodiff.core.exec.Results;
import dev.autodiff.core.grad.Gradients;
import dev.autodiff.core.graph.Graph;
import dev.autodiff.core.graph.Input;
import dev.autodiff.core.graph.Node;
import dev.autodiff.core.graph.Parameter;
import dev.autodiff.core.print.Formula;
import dev.autodiff.core.tensor.TensorFormat;
import java.io.PrintStream;
import java.util.List;

/**
 * The lecture's worked example {@code f(x, w) = 1 + e^(w1*x + w0)} at {@code x = 1, w1 = 2, w0 = 1}: the forward
 * values, then each gradient as a formula and a number (df/dw0 = e^3, df/dw1 = x e^3, df/dx = w1 e^3).
 */
public final class LectureExample {
  private LectureExample() {}

  /** Builds, differentiates and evaluates the example, printing to {@code out}. */
  public static void run(PrintStream out) {
    Graph g = Graph.create();
    Input x = g.input("x");
    Parameter w1 = g.parameter("w1", 2.0);
    Parameter w0 = g.parameter("w0", 1.0);
    Node a = w1.times(x).named("a");
    Node b = a.plus(w0).named("b");
    Node c = b.exp().named("c");
    Node f = c.plus(1).named("f");

    List<Node> grads = Gradients.gradients(f, w0, w1, x);
    Program program = Program.compile(List.of(a, b, c, f, grads.get(0), grads.get(1), grads.get(2)));
    Results r = program.run(Feeds.of(x, 1.0));

    out.println("Lecture example: f(x, w) = 1 + e^(w1*x + w0) at x = 1, w1 = 2, w0 = 1");
    out.println("  formula      f = " + Formula.infix(f));
    out.println("  forward      a = w1*x = " + num(r.scalar(a)) + ",  b = a + w0 = " + num(r.scalar(b))
        + ",  c = e^b = " + num(r.scalar(c)) + ",  f = c + 1 = " + num(r.scalar(f)));
    String[] names = {"w0", "w1", "x"};
    for (int i = 0; i < names.length; i++) {
      Node d = grads.get(i);
      out.printf("  df/d%-3s = %-28s = %s%n", names[i], Formula.infix(d), num(r.scalar(d)));
    }
    out.println("  (e^3 = " + num(Math.exp(3)) + ")");
  }

  private static String num(double v) {
    return TensorFormat.number(v);
  }
}
