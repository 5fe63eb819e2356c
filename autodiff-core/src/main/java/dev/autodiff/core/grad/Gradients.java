package dev.autodiff.core.grad;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkState;
import static dev.autodiff.core.Require.checkNotNull;

import com.google.common.base.Verify;
import dev.autodiff.core.graph.Graph;
import dev.autodiff.core.graph.Input;
import dev.autodiff.core.graph.Node;
import dev.autodiff.core.graph.Traversal;
import dev.autodiff.core.graph.internal.Graphs;
import dev.autodiff.core.ops.Concat;
import dev.autodiff.core.tensor.Axis;
import dev.autodiff.core.tensor.Shape;
import dev.autodiff.core.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;

/**
 * Symbolic reverse-mode differentiation: gradients are new nodes in the same graph, so they can be evaluated,
 * printed, simplified and differentiated again.
 *
 * <p>{@link #gradients} walks the ancestors of the output in reverse creation order (which is a reverse
 * topological order), asks each op for its vector-Jacobian product, sums the contributions where a node fans out,
 * and undoes broadcasting in one place ({@link #unbroadcast}). No recursion: graphs of millions of nodes work.
 * Each op adds a constant number of nodes, so a gradient graph is linear in the size of the forward graph.
 *
 * <p>Forward mode ({@link #jvp}, {@link #linearize}) is built from the same VJPs by differentiating a VJP with
 * respect to its adjoint, so ops need no forward rule of their own.
 */
public final class Gradients {
  private Gradients() {}

  /** The gradient of a scalar (or single-element) {@code y} with respect to one node. */
  public static Node grad(Node y, Node wrt) {
    checkNotNull(wrt, "gradients: wrt[0] is null");
    return gradients(y, List.of(wrt)).get(0);
  }

  /** The gradients of a scalar (or single-element) {@code y} with respect to each node of {@code wrt}. */
  public static List<Node> gradients(Node y, Node... wrt) {
    checkNotNull(wrt, "gradients: wrt is null");
    return gradients(y, Arrays.asList(wrt));
  }

  /** The gradients of a scalar (or single-element) {@code y} with respect to each node of {@code wrt}. */
  public static List<Node> gradients(Node y, List<? extends Node> wrt) {
    checkNotNull(y, "gradients: output is null");
    checkArgument(y.shape().size() == 1,
        "gradients: output %s has shape %s; a non-scalar output needs a seed (gradients(y, seed, wrt))",
        y, y.shape());
    return gradients(y, y.graph().constant(y.shape(), 1.0), wrt);
  }

  /**
   * Vector-Jacobian products: the gradients of {@code sum(y * seed)} with respect to each node of {@code wrt},
   * where {@code seed} has {@code y}'s shape. Nodes that {@code y} does not depend on get zeros.
   */
  public static List<Node> gradients(Node y, Node seed, List<? extends Node> wrt) {
    checkNotNull(y, "gradients: output is null");
    checkNotNull(seed, "gradients: seed is null");
    checkNotNull(wrt, "gradients: wrt is null");
    Graph g = Graphs.common("gradients", List.of(y, seed));
    checkArgument(seed.shape().equals(y.shape()),
        "gradients: seed has shape %s, output %s has %s", seed.shape(), y, y.shape());
    BitSet isTarget = new BitSet();
    for (int i = 0; i < wrt.size(); i++) {
      Node w = wrt.get(i);
      checkNotNull(w, "gradients: wrt[%s] is null", i);
      checkArgument(g.sees(w), "gradients: wrt[%s] (%s) belongs to another graph than output %s", i, w, y);
      isTarget.set(w.id());
    }
    Node[] adjoint = reverse(y, seed, isTarget, null);

    List<Node> result = new ArrayList<>(wrt.size());
    for (Node w : wrt) {
      Node a = w.id() < adjoint.length ? adjoint[w.id()] : null;
      result.add(a != null ? a : g.constant(w.shape(), 0.0));
    }
    return result;
  }

  /**
   * The whole reverse pass of {@code y} (seeded with ones when {@code y} has one element, else give a seed), with
   * every non-constant leaf as a target: each step's node, its complete adjoint, and each contribution it sends to
   * its inputs, as nodes of the graph. This is what teaching traces and drawings are made of; for gradients alone
   * use {@link #gradients}.
   */
  public static BackwardPass backward(Node y) {
    checkNotNull(y, "backward: output is null");
    checkArgument(y.shape().size() == 1,
        "backward: output %s has shape %s; a non-scalar output needs a seed (backward(y, seed))", y, y.shape());
    return backward(y, y.graph().constant(y.shape(), 1.0));
  }

  /** The whole reverse pass of {@code y} seeded with {@code seed} (same shape as {@code y}); see {@link #backward(Node)}. */
  public static BackwardPass backward(Node y, Node seed) {
    checkNotNull(y, "backward: output is null");
    checkNotNull(seed, "backward: seed is null");
    Graphs.common("backward", List.of(y, seed));
    checkArgument(seed.shape().equals(y.shape()),
        "backward: seed has shape %s, output %s has %s", seed.shape(), y, y.shape());
    BitSet isTarget = new BitSet();
    for (Node n : Traversal.ancestors(y)) {
      if (n.isLeaf() && !n.isConstant()) {
        isTarget.set(n.id());
      }
    }
    return backward(y, seed, isTarget);
  }

  /**
   * The reverse pass of {@code y} seeded with {@code seed}, with the nodes of {@code wrt} as its only targets: only
   * nodes on a path from one of them to {@code y} get adjoints, so an input nobody differentiates with respect to
   * (a target {@code t}, a sample {@code x}) gets none. See {@link #backward(Node)}.
   */
  public static BackwardPass backward(Node y, Node seed, List<? extends Node> wrt) {
    checkNotNull(y, "backward: output is null");
    checkNotNull(seed, "backward: seed is null");
    checkNotNull(wrt, "backward: wrt is null");
    Graph g = Graphs.common("backward", List.of(y, seed));
    checkArgument(seed.shape().equals(y.shape()),
        "backward: seed has shape %s, output %s has %s", seed.shape(), y, y.shape());
    BitSet isTarget = new BitSet();
    for (int i = 0; i < wrt.size(); i++) {
      Node w = wrt.get(i);
      checkNotNull(w, "backward: wrt[%s] is null", i);
      checkArgument(g.sees(w), "backward: wrt[%s] (%s) belongs to another graph than output %s", i, w, y);
      isTarget.set(w.id());
    }
    return backward(y, seed, isTarget);
  }

  private static BackwardPass backward(Node y, Node seed, BitSet isTarget) {
    List<BackwardPass.Step> steps = new ArrayList<>();
    Node[] adjoint = reverse(y, seed, isTarget, steps);
    return new BackwardPass(y, seed, steps, adjoint);
  }

  /**
   * The reverse sweep over the ancestors of {@code y}: returns the adjoint of each node, indexed by id (null where
   * {@code y} does not depend on it through a target). When {@code steps} is not null, each step is recorded.
   */
  private static Node[] reverse(Node y, Node seed, BitSet isTarget, List<BackwardPass.Step> steps) {
    // Work for a branch (a model's pass) stays in it: a transposed weight is built there, not in the model's graph.
    try (Graph.Building building = Graphs.common("gradients", List.of(y, seed)).building()) {
      return reverseIn(y, seed, isTarget, steps);
    }
  }

  private static Node[] reverseIn(Node y, Node seed, BitSet isTarget, List<BackwardPass.Step> steps) {
    List<Node> ancestors = Traversal.ancestors(y);
    // Forward sweep in creation order: which ancestors depend on a target (only they carry adjoints).
    BitSet depends = new BitSet();
    for (Node n : ancestors) {
      boolean d = isTarget.get(n.id());
      for (int i = 0; i < n.arity() && !d; i++) {
        d = depends.get(n.input(i).id());
      }
      if (d) {
        depends.set(n.id());
      }
    }

    Node[] adjoint = new Node[y.id() + 1];
    if (depends.get(y.id())) {
      adjoint[y.id()] = seed;
    }
    // Reverse sweep: a node's consumers all have larger ids, so its adjoint is complete when it is reached.
    for (int k = ancestors.size() - 1; k >= 0; k--) {
      Node n = ancestors.get(k);
      Node grad = adjoint[n.id()];
      if (grad == null || n.isLeaf()) {
        continue;
      }
      boolean[] needed = new boolean[n.arity()];
      boolean any = false;
      for (int i = 0; i < needed.length; i++) {
        needed[i] = depends.get(n.input(i).id());
        any |= needed[i];
      }
      if (!any) {
        continue;
      }
      Node[] contributions = n.op().vjp(grad, n, needed);
      checkState(contributions != null, "%s: vjp returned null instead of one adjoint per input", n.op().opName());
      checkState(contributions.length == n.arity(),
          "%s: vjp returned %s adjoints for %s inputs", n.op().opName(), contributions.length, n.arity());
      List<BackwardPass.Contribution> recorded = steps == null ? null : new ArrayList<>();
      for (int i = 0; i < contributions.length; i++) {
        Node c = contributions[i];
        if (c == null || !needed[i]) {
          continue;
        }
        Node input = n.input(i);
        checkContribution(n, i, input, c);
        c = unbroadcast(c, input.shape());
        int id = input.id();
        Node before = adjoint[id];
        adjoint[id] = before == null ? c : before.plus(c);
        if (recorded != null) {
          recorded.add(new BackwardPass.Contribution(i, input, c, before, adjoint[id]));
        }
      }
      if (steps != null) {
        steps.add(new BackwardPass.Step(n, grad, recorded));
      }
    }
    return adjoint;
  }

  /**
   * Refuses what an op's VJP gave input {@code i} unless it is a node of the same graph shaped like the input or like
   * a broadcast of it (which {@link #unbroadcast} sums back): a custom op's mistake is named here, where the gradient
   * is built, not later as a wrong value or a node of another graph.
   */
  private static void checkContribution(Node n, int i, Node input, Node c) {
    String op = n.op().opName();
    checkArgument(c.graph() == n.graph() || c.graph().sees(n) || n.graph().sees(c),
        "%s: vjp gave input %s (%s) an adjoint %s that belongs to another graph", op,
        i, input, c);
    checkArgument(c.shape().equals(input.shape()) || input.shape().broadcastsTo(c.shape()),
        "%s: vjp gave input %s (%s) an adjoint of shape %s; it must have the input's shape %s or a broadcast of it "
            + "(the result's %s)", op, i, input, c.shape(), input.shape(), n.shape());
  }

  /**
   * Sums {@code adjoint} down to {@code target}, the shape of an input that was broadcast: over rows where the
   * input was a row or a scalar, over columns where it was a column or a scalar. The one place where broadcasting
   * is undone.
   */
  public static Node unbroadcast(Node adjoint, Shape target) {
    checkNotNull(adjoint, "unbroadcast: adjoint is null");
    checkNotNull(target, "unbroadcast: target shape is null");
    Shape s = adjoint.shape();
    if (s.equals(target)) {
      return adjoint;
    }
    checkArgument(target.broadcastsTo(s), "unbroadcast: %s is not a broadcast of %s", s, target);
    if (target.isScalar()) {
      return adjoint.sum();
    }
    Node out = adjoint;
    if (target.rows() == 1 && s.rows() != 1) {
      out = out.sum(Axis.ROWS);
    }
    if (target.cols() == 1 && s.cols() != 1) {
      out = out.sum(Axis.COLUMNS);
    }
    Verify.verify(out.shape().equals(target), "unbroadcast: got %s, wanted %s", out.shape(), target);
    return out;
  }

  /**
   * The dense Hessian of a scalar {@code y} with respect to {@code p}: an {@code N x N} matrix node, {@code N} the
   * number of elements of {@code p} in row-major order, built from {@code N} gradients of the gradient.
   */
  public static Node hessian(Node y, Node p) {
    checkNotNull(p, "hessian: parameter is null");
    long n = p.shape().size();
    DenseSize.check("hessian", n, n, n, n);
    Node g = grad(y, p);
    return jacobian(g, p);
  }

  /**
   * The Hessian-vector product {@code H v} of a scalar {@code y} with respect to {@code p}, without forming
   * {@code H}: the gradient of {@code <grad y, v>}. {@code v} has {@code p}'s shape, and so has the result.
   */
  public static Node hessianVectorProduct(Node y, Node p, Node v) {
    checkNotNull(v, "hessianVectorProduct: vector is null");
    checkNotNull(p, "hessianVectorProduct: parameter is null");
    checkArgument(p.graph().sees(v) || v.graph().sees(p),
        "hessianVectorProduct: vector %s belongs to another graph than parameter %s, or to a branch made after it", v,
        p);
    checkArgument(v.shape().equals(p.shape()),
        "hessianVectorProduct: vector has shape %s, parameter %s has %s", v.shape(), p, p.shape());
    Node g = grad(y, p);
    return gradients(g, v, List.of(p)).get(0);
  }

  // ---- forward mode (Jacobian-vector products) ----

  /**
   * The Jacobian-vector product {@code J v} of {@code y} with respect to {@code x}: the directional derivative of
   * {@code y} along the tangent {@code v} ({@code x}'s shape), a node of {@code y}'s shape.
   *
   * <p>Built with the double-VJP trick rather than a separate forward sweep, so every op needs only its VJP: with a
   * dummy adjoint {@code u} of {@code y}'s shape, {@code g(u) = u^T J} is linear in {@code u}, and {@code J v} is
   * the gradient of {@code <g(u), v>} with respect to {@code u}, which no longer contains {@code u} (a run never
   * needs a feed for it). The result is an ordinary node: it can be evaluated, printed and differentiated again
   * (a jvp of a jvp, a gradient of a jvp).
   *
   * <p>Cost: two reverse passes when building (one over {@code y}'s graph, one over the VJP's), so the graph grows
   * by a constant factor of {@code y}'s, like a gradient; a run evaluates {@code y}'s ancestors and the transposed
   * VJP, a small constant times the cost of {@code y} itself. For many tangents at one point use
   * {@link #linearize}, which builds the first pass once. The dummy {@code u} is an {@link Input} left in the graph
   * (named {@code "jvp.u<id>"}); no program needs it.
   */
  public static Node jvp(Node y, Node x, Node v) {
    checkNotNull(v, "jvp: tangent v is null");
    return linearize(y, x, "jvp").apply(v);
  }

  /**
   * The Jacobian-vector product of {@code y} with respect to several nodes at once: {@code sum_i J_i v_i}, where
   * {@code J_i} is the Jacobian with respect to {@code xs[i]} and {@code vs[i]} has {@code xs[i]}'s shape. A node of
   * {@code y}'s shape; see {@link #jvp(Node, Node, Node)} for how it is built and what it costs.
   */
  public static Node jvp(Node y, List<? extends Node> xs, List<? extends Node> vs) {
    checkNotNull(y, "jvp: y is null");
    checkNotNull(xs, "jvp: xs is null");
    checkNotNull(vs, "jvp: vs is null");
    checkArgument(xs.size() == vs.size(), "jvp: %s inputs xs but %s tangents vs", xs.size(), vs.size());
    checkArgument(!xs.isEmpty(), "jvp: needs at least one input x");
    for (int i = 0; i < xs.size(); i++) {
      Node x = checkNotNull(xs.get(i), "jvp: xs[%s] is null", i);
      Node v = checkNotNull(vs.get(i), "jvp: vs[%s] is null", i);
      checkArgument(y.graph().sees(x), "jvp: xs[%s] (%s) belongs to another graph than y (%s)", i, x, y);
      Graphs.common("jvp", List.of(y, v));
      checkArgument(v.shape().equals(x.shape()), "jvp: tangent vs[%s] is %s, xs[%s] is %s", i, v.shape(), i,
          x.shape());
    }
    Input u = dummyAdjoint(y);
    List<Node> vjps = gradients(y, u, xs);
    // One reverse pass over all the VJPs: the gradient of the scalar sum_i <g_i(u), v_i>.
    Node inner = null;
    for (int i = 0; i < vjps.size(); i++) {
      Node term = vjps.get(i).times(vs.get(i)).sum();
      inner = inner == null ? term : inner.plus(term);
    }
    Node jv = grad(inner, u);
    Linearization.verifyFreeOfDummy(jv, u);
    return jv;
  }

  /**
   * The linear map {@code v -> J v} of {@code y} at {@code x}, built once: push many tangents through
   * {@link Linearization#apply}, each costing one reverse pass over the VJP graph instead of two.
   */
  public static Linearization linearize(Node y, Node x) {
    return linearize(y, x, "linearize");
  }

  private static Linearization linearize(Node y, Node x, String op) {
    checkNotNull(y, "%s: y is null", op);
    checkNotNull(x, "%s: x is null", op);
    checkArgument(y.graph().sees(x), "%s: x (%s) belongs to another graph than y (%s)", op, x, y);
    Input u = dummyAdjoint(y);
    Node vjp = gradients(y, u, List.of(x)).get(0);
    return new Linearization(y, x, u, vjp);
  }

  /**
   * A fresh input of {@code y}'s shape to stand for the adjoint: not a constant, which the simplifier would fold
   * into the VJP and so lose the linear map.
   */
  private static Input dummyAdjoint(Node y) {
    Graph g = y.graph();
    String name = "jvp.u" + g.size();
    while (g.node(name).isPresent()) {
      name = name + "'";
    }
    return g.input(name, y.shape());
  }

  // ---- Jacobians ----

  /**
   * The Jacobian of {@code f} (any shape, {@code M} elements) with respect to {@code p} ({@code N} elements): an
   * {@code M x N} matrix node whose row {@code i} is the gradient of element {@code i} of {@code f} (row-major),
   * flattened.
   *
   * <p>Accumulated in forward mode ({@link #jacobianForward}: {@code N} Jacobian-vector products, one per column)
   * when {@code p} has fewer elements than {@code f}, else in reverse mode ({@link #jacobianReverse}: {@code M}
   * vector-Jacobian products, one per row); both give the same matrix.
   */
  public static Node jacobian(Node f, Node p) {
    checkNotNull(f, "jacobian: output is null");
    checkNotNull(p, "jacobian: parameter is null");
    long m = f.shape().size();
    long n = p.shape().size();
    DenseSize.check("jacobian", m, n, Math.min(m, n), Math.min(m, n));
    return p.shape().size() < f.shape().size() ? jacobianForward(f, p) : jacobianReverse(f, p);
  }

  /**
   * The Jacobian of {@code f} with respect to {@code p} (layout as in {@link #jacobian}) built column by column:
   * column {@code j} is the Jacobian-vector product with the unit tangent {@code e_j}. Its cost grows with the
   * number of elements of {@code p}.
   */
  public static Node jacobianForward(Node f, Node p) {
    checkNotNull(f, "jacobianForward: output is null");
    checkNotNull(p, "jacobianForward: parameter is null");
    checkArgument(f.graph().sees(p), "jacobianForward: parameter %s belongs to another graph than output %s",
        p, f);
    Graph g = f.graph();
    int m = f.shape().size();
    int n = p.shape().size();
    DenseSize.check("jacobianForward", m, n, n, n);
    Linearization lin = linearize(f, p, "jacobianForward");
    Node[] columns = new Node[n];
    for (int j = 0; j < n; j++) {
      columns[j] = lin.apply(g.constant(Tensor.oneHot(p.shape(), j))).reshape(Shape.of(m, 1));
    }
    return g.apply(Concat.along(Axis.COLUMNS), columns);
  }

  /**
   * The Jacobian of {@code f} with respect to {@code p} (layout as in {@link #jacobian}) built row by row: row
   * {@code i} is the gradient of element {@code i} of {@code f}. Its cost grows with the number of elements of
   * {@code f}.
   */
  public static Node jacobianReverse(Node f, Node p) {
    checkNotNull(f, "jacobianReverse: output is null");
    checkNotNull(p, "jacobianReverse: parameter is null");
    Graph g = f.graph();
    int m = f.shape().size();
    int n = p.shape().size();
    DenseSize.check("jacobianReverse", m, n, m, m);
    Node[] rows = new Node[m];
    for (int i = 0; i < m; i++) {
      Node seed = g.constant(Tensor.oneHot(f.shape(), i));
      rows[i] = gradients(f, seed, List.of(p)).get(0).reshape(Shape.of(1, n));
    }
    return g.apply(Concat.along(Axis.ROWS), rows);
  }
}
