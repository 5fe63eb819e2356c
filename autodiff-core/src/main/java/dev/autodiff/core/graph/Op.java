package dev.autodiff.core.graph;

import dev.autodiff.core.tensor.Shape;
import java.util.List;

/**
 * An operation: the one place where its name, shape rule, forward rule and vector-Jacobian product live together.
 *
 * <p>Ops are values: two equal ops applied to the same inputs give the same node (hash-consing), so an op with
 * attributes should be a record or an enum. Users may define their own ops and apply them with
 * {@link Graph#apply(Op, Node...)}; the gradient checker and the jqwik arbitraries work for them too.
 */
public interface Op {

  /** A short lower-case name used in messages, formulas and graph drawings, e.g. {@code "matmul"}. */
  String opName();

  /**
   * The shape of the result for inputs of the given shapes.
   *
   * @throws IllegalArgumentException with a message {@code "<name>: <what is wrong>: <shapes>"} when the inputs do
   *     not fit the op (wrong count, mismatched shapes)
   */
  Shape shape(List<Shape> inputs);

  /**
   * Computes the result into {@code out}, which has {@code outShape.size()} elements and may hold garbage.
   * The input arrays must not be written.
   */
  void forward(double[][] in, Shape[] inShapes, double[] out, Shape outShape);

  /**
   * The vector-Jacobian product, written with other ops: given the adjoint {@code grad} of {@code result} (same
   * shape as the result), returns the adjoint contribution of each input, or {@code null} where the derivative is
   * zero or the input is not differentiable. Only inputs with {@code needed[i]} need an answer.
   *
   * <p>A contribution may have the result's (broadcast) shape instead of the input's: the gradient engine sums it
   * back to the input's shape in one place.
   */
  Node[] vjp(Node grad, Node result, boolean[] needed);

  /** How the op prints in formulas. */
  default Notation notation() {
    return Notation.function(opName());
  }

  /**
   * An algebraic rewrite applied at construction: returns an existing or simpler node computing the same value as
   * this op on {@code inputs} (with shape {@code shape}), or {@code null} for none.
   */
  default Node simplify(Graph graph, List<Node> inputs, Shape shape) {
    return null;
  }

  /**
   * Whether the op works element by element (with broadcasting): each output element depends only on the
   * corresponding elements of the inputs, so its local partial derivatives are elementwise too and a teaching trace
   * can print them as {@code dc/da = b}. Default: false.
   */
  default boolean elementwise() {
    return false;
  }

  /** Whether the inputs may be swapped (two-input ops): {@code a op b} and {@code b op a} are then one node. */
  default boolean commutative() {
    return false;
  }
}
