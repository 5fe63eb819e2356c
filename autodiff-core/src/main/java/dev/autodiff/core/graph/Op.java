package dev.autodiff.core.graph;

import dev.autodiff.core.tensor.Image;
import dev.autodiff.core.tensor.Shape;
import java.util.List;
import java.util.Optional;

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

  /**
   * How a compiled program computes {@code node} (whose op is this one): by default {@link #forward} on the node's
   * inputs. An op may plan something better when {@code fuse} is set, reading other nodes than its inputs; the
   * matrix product reads the untransposed matrix of a transposed input through the kernel's transpose flag, so the
   * transpose is never computed unless something else needs it. Programs that check every value pass
   * {@code fuse = false}, so that their messages show the real inputs.
   */
  default Step step(Node node, boolean fuse) {
    return Step.forward(node);
  }

  /**
   * What the op is in matrix algebra, for printers that rewrite expressions into the form a textbook writes
   * ({@code (A + A^T) x}): they ask this instead of knowing ops by name. Default: {@link Algebra#NONE}, printed as it
   * is.
   */
  default Algebra algebra() {
    return Algebra.NONE;
  }

  /** The role of an op in matrix algebra; see {@link #algebra()}. */
  enum Algebra {
    /** Nothing a textbook form rewrites. */
    NONE,
    /** The matrix product of its two inputs. */
    PRODUCT,
    /** The transpose of its input. */
    TRANSPOSE,
    /** Its input's elements under another shape, in order. */
    RESHAPE,
    /** The elementwise sum of its two inputs. */
    SUM,
    /** The elementwise difference of its two inputs. */
    DIFFERENCE,
    /** The negation of its input. */
    NEGATION,
    /** The elementwise product of its two inputs. */
    ELEMENT_PRODUCT,
    /** The elementwise quotient of its two inputs. */
    QUOTIENT,
    /** Its inputs stacked, one below the other. */
    STACK_ROWS
  }

  /**
   * Whether the result is its one input's elements in the same row-major order under another shape (a reshape): a
   * compiled program then lets the readers of the result read the input's buffer instead, and computes the result
   * only when it is an output. Default: false.
   */
  default boolean view() {
    return false;
  }

  /**
   * Where input {@code i} may lie for the op to be finite and smooth: used to draw test points (random graphs, the
   * op table) and to document the op. Default: anywhere.
   */
  default Domain domain(int input) {
    return Domain.ANY;
  }

  /** Where the op is not differentiable, or jumps (finite differences must keep away). Default: nowhere. */
  default Kink kink() {
    return Kink.NONE;
  }

  /**
   * The geometry the op reads input {@code input} as, when it reads it as a batch of images (a convolution's
   * patches, a pooling), so drawings can show {@code 28x28x8} instead of 6,272 columns. Default: none.
   */
  default Optional<Image> inputImage(int input) {
    return Optional.empty();
  }

  /** The geometry of the op's result, when it is a batch of images (a pooling's). Default: none. */
  default Optional<Image> outputImage() {
    return Optional.empty();
  }

  /** The domain of an input, see {@link #domain}. */
  enum Domain {
    /** Any finite value. */
    ANY,
    /** Positive values, bounded away from zero ({@code log}, {@code sqrt}, a divisor). */
    POSITIVE,
    /** Moderate values, so that repeated application stays finite ({@code exp}). */
    BOUNDED
  }

  /** Where an op has a kink or a jump, see {@link #kink}. */
  enum Kink {
    /** Smooth everywhere. */
    NONE,
    /** At input 0 equal to zero ({@code relu}, {@code abs}, a {@code where} mask). */
    AT_ZERO,
    /** Where the two inputs are equal ({@code max}, comparisons). */
    AT_EQUAL_INPUTS,
    /** Where elements of the input tie ({@code amax}). */
    AT_TIED_ELEMENTS
  }
}
