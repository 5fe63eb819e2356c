package dev.autodiff.core.grad;

import static com.google.common.base.Preconditions.checkArgument;
import static dev.autodiff.core.Require.checkNotNull;

import com.google.common.base.Verify;
import dev.autodiff.core.graph.Input;
import dev.autodiff.core.graph.Node;
import dev.autodiff.core.graph.Traversal;
import java.util.List;

/**
 * The linear map {@code v -> J v} of an output {@code y} at a point {@code x}, built once so that many tangents can
 * be pushed through it: {@link #apply} gives the Jacobian-vector product of each tangent as nodes of the same graph.
 *
 * <p>Made by {@link Gradients#linearize}. It holds the vector-Jacobian product {@code g(u) = u^T J} of a dummy
 * adjoint {@code u} of {@code y}'s shape; because every VJP is linear in its adjoint, {@code J v} is the gradient of
 * {@code <g(u), v>} with respect to {@code u}, and that gradient no longer contains {@code u}. Building {@code g}
 * costs one reverse pass over {@code y}'s graph; each {@link #apply} costs one reverse pass over {@code g}'s,
 * and the nodes that do not depend on the tangent are shared between tangents (hash-consing).
 */
public final class Linearization {
  private final Node value;
  private final Node point;
  private final Input dummy;
  private final Node vjp;

  Linearization(Node value, Node point, Input dummy, Node vjp) {
    this.value = value;
    this.point = point;
    this.dummy = dummy;
    this.vjp = vjp;
  }

  /** The output {@code y} whose Jacobian this is. */
  public Node value() {
    return value;
  }

  /** The node {@code x} that the Jacobian is taken with respect to. */
  public Node point() {
    return point;
  }

  /**
   * The Jacobian-vector product {@code J v}: a node of {@code y}'s shape, for a tangent {@code v} of {@code x}'s
   * shape in the same graph.
   */
  public Node apply(Node v) {
    checkNotNull(v, "jvp: tangent v is null");
    checkArgument(v.graph().sees(point) || point.graph().sees(v),
        "jvp: tangent v (%s) belongs to another graph than x (%s)", v, point);
    checkArgument(v.shape().equals(point.shape()),
        "jvp: tangent v is %s, x is %s", v.shape(), point.shape());
    Node jv = Gradients.gradients(vjp, v, List.of(dummy)).get(0);
    verifyFreeOfDummy(jv, dummy);
    return jv;
  }

  /**
   * Checks the invariant that makes the double-VJP trick usable: the result must not need the dummy adjoint, else
   * running it would ask for a feed nobody can give. It holds when every op's VJP is linear in its adjoint.
   */
  static void verifyFreeOfDummy(Node jv, Input dummy) {
    // A node older than the dummy cannot reach it: ids follow creation order.
    Verify.verify(jv.id() < dummy.id() || !Traversal.ancestors(jv).contains(dummy),
        "jvp: the result still depends on the dummy adjoint %s: some op's vjp is not linear in its adjoint", dummy);
  }
}
