package dev.autodiff.core.print;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.autodiff.core.check.jqwik.GraphArbitraries;
import dev.autodiff.core.check.jqwik.GraphRecipe;
import dev.autodiff.core.exec.Program;
import dev.autodiff.core.exec.Results;
import dev.autodiff.core.grad.Gradients;
import dev.autodiff.core.graph.Node;
import dev.autodiff.core.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The textbook form is sound: for random graphs, their gradients and a Hessian, simplified and raw, the form the
 * printer reads computes the value of the node it prints (built back as nodes by {@code Textbook.toNode}).
 */
class TextbookProperties {

  @Provide
  Arbitrary<GraphRecipe> graphs() {
    return GraphArbitraries.smoothRecipes(7);
  }

  @Property(tries = 500)
  void theTextbookFormComputesTheNodesValue(@ForAll("graphs") GraphRecipe recipe) {
    for (boolean simplifying : new boolean[] {true, false}) {
      GraphRecipe.Built b = recipe.build(simplifying);
      List<Node> nodes = new ArrayList<>();
      nodes.add(b.output());
      nodes.addAll(Gradients.gradients(b.output(), b.parameters()));
      nodes.add(Gradients.hessian(b.output(), b.parameters().get(0)));
      List<Node> printed = new ArrayList<>();
      for (Node n : nodes) {
        printed.add(Textbook.toNode(Textbook.form(n), n.shape(), b.graph()));
      }
      List<Node> all = new ArrayList<>(nodes);
      all.addAll(printed);
      Results r = Program.compile(all).run();
      for (int k = 0; k < nodes.size(); k++) {
        Tensor want = r.get(nodes.get(k));
        Tensor got = r.get(printed.get(k));
        assertEquals(want.shape(), got.shape(), "node " + k);
        for (int i = 0; i < want.size(); i++) {
          double scale = Math.max(1, Math.abs(want.at(i)));
          int at = k;
          assertEquals(want.at(i), got.at(i), 1e-9 * scale,
              () -> "node " + at + " (" + Formula.infix(nodes.get(at), 200) + ") element of " + recipe);
        }
      }
    }
  }
}
