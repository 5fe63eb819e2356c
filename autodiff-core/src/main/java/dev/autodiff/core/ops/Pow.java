package dev.autodiff.core.ops;

import static com.google.common.base.Preconditions.checkArgument;

import dev.autodiff.core.graph.Graph;
import dev.autodiff.core.graph.Node;
import dev.autodiff.core.graph.Notation;
import dev.autodiff.core.graph.Op;
import dev.autodiff.core.kernels.Kernels;
import dev.autodiff.core.tensor.Shape;
import dev.autodiff.core.tensor.TensorFormat;
import java.util.List;

/** Elementwise power with a constant exponent, {@code x^p}, as {@link Math#pow}; derivative {@code p x^(p-1)}. */
public record Pow(double exponent) implements Op {

  /** The op; the same as the canonical constructor, the factory style of every op. */
  public static Pow of(double exponent) {
    return new Pow(exponent);
  }

  public Pow {
    checkArgument(Double.isFinite(exponent), "pow: exponent must be finite, got %s", exponent);
  }

  @Override
  public boolean elementwise() {
    return true;
  }

  @Override
  public String opName() {
    return "pow";
  }

  @Override
  public Notation notation() {
    return Notation.power(TensorFormat.number(exponent));
  }

  @Override
  public Shape shape(List<Shape> inputs) {
    Checks.arity("pow", inputs, 1);
    return inputs.get(0);
  }

  @Override
  public void forward(double[][] in, Shape[] inShapes, double[] out, Shape outShape) {
    Kernels.elementwise().power(in[0], exponent, out, out.length);
  }

  /** Integer powers are defined everywhere; others (roots, negative powers) on positive inputs. */
  @Override
  public Domain domain(int input) {
    return exponent >= 0 && exponent == Math.rint(exponent) ? Domain.ANY : Domain.POSITIVE;
  }

  @Override
  public Node[] vjp(Node grad, Node result, boolean[] needed) {
    Node x = result.input(0);
    return new Node[] {grad.times(x.pow(exponent - 1).times(exponent))};
  }

  @Override
  public Node simplify(Graph graph, List<Node> inputs, Shape shape) {
    if (exponent == 1) {
      return inputs.get(0);
    }
    if (exponent == 0) {
      // Math.pow(x, 0) is 1 for every x, NaN included, so this rewrite is exact.
      return graph.constant(shape, 1.0);
    }
    return null;
  }
}
