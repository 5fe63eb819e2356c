package dev.autodiff.core;

import static com.google.common.base.Preconditions.checkArgument;
import static dev.autodiff.core.Require.checkNotNull;

import dev.autodiff.core.grad.Gradients;
import dev.autodiff.core.grad.Linearization;
import dev.autodiff.core.graph.Node;
import dev.autodiff.core.ops.Concat;
import dev.autodiff.core.ops.Images;
import dev.autodiff.core.ops.Where;
import dev.autodiff.core.tensor.Axis;
import dev.autodiff.core.tensor.Image;
import dev.autodiff.core.tensor.Window;
import java.util.List;

/**
 * Static factories for the operations that read better as functions than as methods: {@code matmul(a, b)},
 * {@code where(mask, a, b)}, {@code concat(axis, parts...)}, and the entry points of differentiation.
 * Meant for {@code import static dev.autodiff.core.Autodiff.*}.
 */
public final class Autodiff {
  private Autodiff() {}

  /** Matrix product {@code a · b}. */
  public static Node matmul(Node a, Node b) {
    checkNotNull(a, "matmul: first input is null");
    return a.matmul(b);
  }

  /** {@code mask != 0 ? a : b}, elementwise with broadcasting. */
  public static Node where(Node mask, Node a, Node b) {
    checkNotNull(mask, "where: mask is null");
    checkNotNull(a, "where: input 1 is null");
    checkNotNull(b, "where: input 2 is null");
    return Where.select(mask, a, b);
  }

  /** Matrices joined along an axis ({@code ROWS}: stacked vertically). */
  public static Node concat(Axis axis, Node... parts) {
    checkNotNull(parts, "concat: parts are null");
    checkArgument(parts.length > 0, "concat: needs at least one part");
    checkArgument(parts[0] != null, "concat: input 0 is null");
    return parts[0].graph().apply(Concat.along(axis), parts);
  }

  /** Matrices joined along an axis. */
  public static Node concat(Axis axis, List<? extends Node> parts) {
    checkNotNull(parts, "concat: parts are null");
    return concat(axis, parts.toArray(new Node[0]));
  }

  /** Elementwise maximum. */
  public static Node max(Node a, Node b) {
    checkNotNull(a, "max: first input is null");
    return a.max(b);
  }

  /** Elementwise minimum. */
  public static Node min(Node a, Node b) {
    checkNotNull(a, "min: first input is null");
    return a.min(b);
  }

  /** 2-D convolution of a batch of images with a {@code (KH*KW*C) x F} kernel: see {@link Images#conv2d}. */
  public static Node conv2d(Node x, Image image, Node kernel, Window window) {
    return Images.conv2d(x, image, kernel, window);
  }

  /** Max pooling of a batch of images: see {@link Images#maxPool}. */
  public static Node maxPool(Node x, Image image, Window window) {
    return Images.maxPool(x, image, window);
  }

  /** Average pooling of a batch of images: see {@link Images#avgPool}. */
  public static Node avgPool(Node x, Image image, Window window) {
    return Images.avgPool(x, image, window);
  }

  /** See {@link Gradients#grad}. */
  public static Node grad(Node y, Node wrt) {
    return Gradients.grad(y, wrt);
  }

  /** See {@link Gradients#gradients(Node, Node...)}. */
  public static List<Node> gradients(Node y, Node... wrt) {
    return Gradients.gradients(y, wrt);
  }

  /** See {@link Gradients#gradients(Node, Node, List)}. */
  public static List<Node> gradients(Node y, Node seed, List<? extends Node> wrt) {
    return Gradients.gradients(y, seed, wrt);
  }

  /** See {@link Gradients#hessian}. */
  public static Node hessian(Node y, Node p) {
    checkNotNull(y, "hessian: output is null");
    checkNotNull(p, "hessian: parameter is null");
    return Gradients.hessian(y, p);
  }

  /** See {@link Gradients#hessianVectorProduct}. */
  public static Node hessianVectorProduct(Node y, Node p, Node v) {
    checkNotNull(y, "hessianVectorProduct: output is null");
    checkNotNull(p, "hessianVectorProduct: parameter is null");
    checkNotNull(v, "hessianVectorProduct: vector is null");
    return Gradients.hessianVectorProduct(y, p, v);
  }

  /** See {@link Gradients#jacobian}. */
  public static Node jacobian(Node f, Node p) {
    return Gradients.jacobian(f, p);
  }

  /** See {@link Gradients#jacobianForward}. */
  public static Node jacobianForward(Node f, Node p) {
    return Gradients.jacobianForward(f, p);
  }

  /** See {@link Gradients#jacobianReverse}. */
  public static Node jacobianReverse(Node f, Node p) {
    return Gradients.jacobianReverse(f, p);
  }

  /** See {@link Gradients#jvp(Node, Node, Node)}. */
  public static Node jvp(Node y, Node x, Node v) {
    return Gradients.jvp(y, x, v);
  }

  /** See {@link Gradients#jvp(Node, List, List)}. */
  public static Node jvp(Node y, List<? extends Node> xs, List<? extends Node> vs) {
    return Gradients.jvp(y, xs, vs);
  }

  /** See {@link Gradients#linearize}. */
  public static Linearization linearize(Node y, Node x) {
    return Gradients.linearize(y, x);
  }
}
