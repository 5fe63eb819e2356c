package dev.autodiff.core.check;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.autodiff.core.check.jqwik.GraphRecipe;
import dev.autodiff.core.exec.Program;
import dev.autodiff.core.exec.Results;
import dev.autodiff.core.grad.Gradients;
import dev.autodiff.core.graph.Node;
import dev.autodiff.core.print.Formula;
import dev.autodiff.core.tensor.Shape;
import dev.autodiff.core.tensor.Tensor;
import dev.autodiff.core.testing.ChildJvm;
import dev.autodiff.core.testing.Seeds;
import dev.autodiff.core.viz.Dot;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The same seed gives bit-identical results: the values, gradients, formulas and DOT text of seeded random graphs,
 * computed in this JVM and in a fresh one, compared bit for bit.
 *
 * <p>Independent of this JVM's state: the child has run nothing else, and its identity hash codes (of nodes, enum
 * constants, classes) differ from these. So a result that depended on a hash order, on a global counter or on what
 * ran before shows up as a difference, which running the same code twice in one JVM cannot see.
 */
class CrossJvmDeterminismTest {
  private static final List<Shape> SHAPES =
      List.of(Shape.scalar(), Shape.of(2, 3), Shape.of(1, 3), Shape.of(2, 1), Shape.of(3, 2));
  static final int GRAPHS = 200;

  /** Random recipes drawn from {@code seed} with a plain {@link Random}, the same in every JVM. */
  static List<GraphRecipe> recipes(long seed, int n) {
    Random r = new Random(seed);
    List<GraphRecipe> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      List<Shape> shapes = new ArrayList<>();
      List<double[]> values = new ArrayList<>();
      for (int p = 0, count = 1 + r.nextInt(3); p < count; p++) {
        shapes.add(SHAPES.get(r.nextInt(SHAPES.size())));
        double[] v = new double[6];
        for (int k = 0; k < v.length; k++) {
          v[k] = (r.nextInt(193) - 96) / 64.0;
        }
        values.add(v);
      }
      List<int[]> steps = new ArrayList<>();
      for (int s = 0, count = 1 + r.nextInt(8); s < count; s++) {
        steps.add(new int[] {r.nextInt(1001), r.nextInt(1001), r.nextInt(1001)});
      }
      out.add(new GraphRecipe(shapes, values, steps, r.nextInt(4) == 0));
    }
    return out;
  }

  /** One line per recipe: a hash of everything it computes and prints, simplified and raw. */
  static List<String> digests(long seed, int n) {
    List<String> lines = new ArrayList<>();
    for (GraphRecipe recipe : recipes(seed, n)) {
      StringBuilder all = new StringBuilder();
      for (boolean simplifying : new boolean[] {true, false}) {
        GraphRecipe.Built b = recipe.build(simplifying);
        List<Node> outputs = new ArrayList<>();
        outputs.add(b.output());
        outputs.addAll(Gradients.gradients(b.output(), b.parameters()));
        Results r = Program.compile(outputs).run();
        for (Node o : outputs) {
          Tensor t = r.get(o);
          for (int i = 0; i < t.size(); i++) {
            all.append(Long.toHexString(Double.doubleToRawLongBits(t.at(i)))).append(' ');
          }
          all.append(Formula.infix(o)).append('\n');
        }
        all.append(Dot.forward(b.output()));
      }
      lines.add(sha256(all.toString()));
    }
    return lines;
  }

  private static String sha256(String s) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The child's side: prints the digests of {@code args[1]} recipes from seed {@code args[0]}, one a line. */
  public static void main(String[] args) {
    for (String line : digests(Long.parseLong(args[0]), Integer.parseInt(args[1]))) {
      System.out.println(line);
    }
  }

  @Test
  void aFreshJvmComputesAndPrintsTheSameBits() {
    long seed = Seeds.of("CrossJvmDeterminismTest", 7);
    List<String> here = digests(seed, GRAPHS);
    ChildJvm.Result child = ChildJvm.run(CrossJvmDeterminismTest.class, List.of("-Djava.awt.headless=true"),
        Long.toString(seed), Integer.toString(GRAPHS));
    assertEquals(0, child.exitCode(), child.out());
    List<String> there = child.out().lines().toList();
    assertEquals(GRAPHS, there.size(), child.out());
    for (int i = 0; i < GRAPHS; i++) {
      int k = i;
      assertEquals(here.get(i), there.get(i), () -> "recipe " + k + " differs in a fresh JVM: "
          + recipes(seed, GRAPHS).get(k));
    }
  }
}
