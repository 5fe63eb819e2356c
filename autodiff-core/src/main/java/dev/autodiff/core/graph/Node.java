package dev.autodiff.core.graph;

import dev.autodiff.core.ops.Binary;
import dev.autodiff.core.ops.Composites;
import dev.autodiff.core.ops.BroadcastTo;
import dev.autodiff.core.ops.Extremum;
import dev.autodiff.core.ops.LogSumExp;
import dev.autodiff.core.ops.MatMul;
import dev.autodiff.core.ops.Pow;
import dev.autodiff.core.ops.Reshape;
import dev.autodiff.core.ops.Slice;
import dev.autodiff.core.ops.Softmax;
import dev.autodiff.core.ops.Sum;
import dev.autodiff.core.ops.Transpose;
import dev.autodiff.core.ops.Unary;
import dev.autodiff.core.tensor.Axis;
import dev.autodiff.core.tensor.Shape;
import java.util.List;
import java.util.Optional;

/**
 * A vertex of the computation graph: an op applied to input nodes, with its inferred shape.
 *
 * <p>Nodes are created only through their {@link Graph} (leaves) or through the methods here (everything else), so
 * a graph is a DAG by construction. Every method here that builds a node goes through
 * {@link Graph#apply(Op, Node...)}, which validates shapes, simplifies, and returns an existing node when an equal
 * one exists. Methods marked <em>composite</em> build several primitive nodes and need no derivative of their own.
 */
public class Node {
  private final Graph graph;
  private final int id;
  private final Op op;
  private final Node[] inputs;
  private final Shape shape;
  private final String group;
  private volatile String name;

  Node(Graph graph, int id, Op op, Node[] inputs, Shape shape, String name, String group) {
    this.graph = graph;
    this.id = id;
    this.op = op;
    this.inputs = inputs;
    this.shape = shape;
    this.name = name;
    this.group = group;
  }

  /** The graph this node belongs to. */
  public Graph graph() {
    return graph;
  }

  /** The creation index in its graph: stable, and a topological order (inputs always have smaller ids). */
  public int id() {
    return id;
  }

  public Op op() {
    return op;
  }

  public List<Node> inputs() {
    return List.of(inputs);
  }

  /** Input {@code i}. */
  public Node input(int i) {
    if (i < 0 || i >= inputs.length) {
      throw new IllegalArgumentException(
          String.format("input: %s has %s input(s), no input %s", this, inputs.length, i));
    }
    return inputs[i];
  }

  public int arity() {
    return inputs.length;
  }

  public Shape shape() {
    return shape;
  }

  /** The name given at creation (parameters, inputs) or with {@link #named}, if any. */
  public Optional<String> name() {
    return Optional.ofNullable(name);
  }

  /**
   * The group this node was created in (see {@link Graph#scope}): a path such as {@code "mlp/hidden1"}, or empty
   * for nodes created outside any scope. Constants belong to no group (equal constants are one shared node).
   */
  public Optional<String> group() {
    return Optional.ofNullable(group);
  }

  /** The name, or the op's name and the id, e.g. {@code "exp#7"}. */
  public String label() {
    String n = name;
    return n != null ? n : op.opName() + "#" + id;
  }

  /**
   * Gives this expression a display name (for formulas, drawings and traces) and returns the named node: this node,
   * or, when this node already has another name, a thin alias of it that computes the same value and prints as
   * it. The simplifier may have merged this expression with an equal one named before ({@code x + y} and
   * {@code y + x}), or an identity may have made it a leaf ({@code x * 1} is {@code x}): naming never fails for
   * that and never renames the other. Use the returned node to build on.
   *
   * @throws IllegalArgumentException when the name is empty or already names another node
   */
  public Node named(String newName) {
    return graph.name(this, newName);
  }

  void setName(String newName) {
    this.name = newName;
  }

  /** Whether this is a constant leaf. */
  public boolean isConstant() {
    return op instanceof Constant;
  }

  /** Whether this is a leaf: a constant, a parameter or an input. */
  public boolean isLeaf() {
    return inputs.length == 0;
  }

  /** Whether this is a constant whose every element equals {@code value}. */
  public boolean isConstant(double value) {
    return op instanceof Constant c && c.isFilledWith(value);
  }

  Node[] inputArray() {
    return inputs;
  }

  @Override
  public String toString() {
    return label() + ":" + shape;
  }

  // ---- elementwise arithmetic (broadcasting) ----

  public Node plus(Node other) {
    return graph.apply(Binary.ADD, this, other);
  }

  public Node plus(double c) {
    return plus(graph.constant(c));
  }

  public Node minus(Node other) {
    return graph.apply(Binary.SUB, this, other);
  }

  public Node minus(double c) {
    return minus(graph.constant(c));
  }

  /** Elementwise product (use {@link #matmul} for the matrix product). */
  public Node times(Node other) {
    return graph.apply(Binary.MUL, this, other);
  }

  public Node times(double c) {
    return times(graph.constant(c));
  }

  public Node div(Node other) {
    return graph.apply(Binary.DIV, this, other);
  }

  public Node div(double c) {
    return div(graph.constant(c));
  }

  /** {@code c - this}. */
  public Node rminus(double c) {
    return graph.constant(c).minus(this);
  }

  /** {@code c / this}. */
  public Node rdiv(double c) {
    return graph.constant(c).div(this);
  }

  public Node neg() {
    return graph.apply(Unary.NEG, this);
  }

  /** Elementwise power with a constant exponent. */
  public Node pow(double exponent) {
    return graph.apply(Pow.of(exponent), this);
  }

  /** Elementwise maximum; at ties each side gets half the gradient (PyTorch's {@code maximum}). */
  public Node max(Node other) {
    return graph.apply(Binary.MAX, this, other);
  }

  public Node max(double c) {
    return max(graph.constant(c));
  }

  /** Elementwise minimum; at ties each side gets half the gradient (PyTorch's {@code minimum}). */
  public Node min(Node other) {
    return graph.apply(Binary.MIN, this, other);
  }

  public Node min(double c) {
    return min(graph.constant(c));
  }

  // ---- comparisons: 1 where true, 0 where false; derivative 0 ----

  public Node gt(Node other) {
    return graph.apply(Binary.GT, this, other);
  }

  public Node gt(double c) {
    return gt(graph.constant(c));
  }

  public Node ge(Node other) {
    return graph.apply(Binary.GE, this, other);
  }

  public Node ge(double c) {
    return ge(graph.constant(c));
  }

  public Node lt(Node other) {
    return graph.apply(Binary.LT, this, other);
  }

  public Node lt(double c) {
    return lt(graph.constant(c));
  }

  public Node le(Node other) {
    return graph.apply(Binary.LE, this, other);
  }

  public Node le(double c) {
    return le(graph.constant(c));
  }

  public Node eq(Node other) {
    return graph.apply(Binary.EQ, this, other);
  }

  public Node eq(double c) {
    return eq(graph.constant(c));
  }

  // ---- elementwise functions ----

  public Node exp() {
    return graph.apply(Unary.EXP, this);
  }

  public Node log() {
    return graph.apply(Unary.LOG, this);
  }

  public Node sqrt() {
    return graph.apply(Unary.SQRT, this);
  }

  /** Absolute value; derivative {@code sign(x)}, 0 at 0 (PyTorch). */
  public Node abs() {
    return graph.apply(Unary.ABS, this);
  }

  /** -1, 0 or 1; derivative 0. */
  public Node sign() {
    return graph.apply(Unary.SIGN, this);
  }

  public Node tanh() {
    return graph.apply(Unary.TANH, this);
  }

  public Node sigmoid() {
    return graph.apply(Unary.SIGMOID, this);
  }

  /** {@code max(x, 0)}; derivative 0 at 0 (PyTorch). */
  public Node relu() {
    return graph.apply(Unary.RELU, this);
  }

  /** Heaviside step {@code [x > 0]} (0 at 0, as the McCulloch–Pitts neuron {@code I[w^T x > b]}); derivative 0. */
  public Node step() {
    return graph.apply(Unary.STEP, this);
  }

  /** {@code log(1 + e^x)}, computed without overflow. */
  public Node softplus() {
    return graph.apply(Unary.SOFTPLUS, this);
  }

  public Node sin() {
    return graph.apply(Unary.SIN, this);
  }

  public Node cos() {
    return graph.apply(Unary.COS, this);
  }

  /** {@code log(1 + x)}, exact for small {@code x}. */
  public Node log1p() {
    return graph.apply(Unary.LOG1P, this);
  }

  /** {@code e^x - 1}, exact for small {@code x}. */
  public Node expm1() {
    return graph.apply(Unary.EXPM1, this);
  }

  /** The error function {@code 2/sqrt(pi) int_0^x e^(-t^2) dt}. */
  public Node erf() {
    return graph.apply(Unary.ERF, this);
  }

  /** Composite: GELU, {@code x (1 + erf(x / sqrt 2)) / 2} (see {@link Composites#gelu}). */
  public Node gelu() {
    return Composites.gelu(this);
  }

  /** Composite: SiLU (swish), {@code x sigma(x)} (see {@link Composites#silu}). */
  public Node silu() {
    return Composites.silu(this);
  }

  /** Composite: {@code x^2}. */
  public Node square() {
    return pow(2);
  }

  /** Composite: leaky ReLU; derivative {@code slope} at 0 (see {@link Composites#leakyRelu}). */
  public Node leakyRelu(double slope) {
    return Composites.leakyRelu(this, slope);
  }

  /** Composite: ELU; derivative {@code alpha} at 0 (see {@link Composites#elu}). */
  public Node elu(double alpha) {
    return Composites.elu(this, alpha);
  }

  // ---- matrix operations ----

  /** Matrix product {@code this · other}. */
  public Node matmul(Node other) {
    return graph.apply(MatMul.INSTANCE, this, other);
  }

  /** Transpose; a scalar is its own transpose. */
  public Node transpose() {
    return graph.apply(Transpose.INSTANCE, this);
  }

  /** The same elements, row-major, under another shape with as many elements. */
  public Node reshape(Shape newShape) {
    return graph.apply(Reshape.to(newShape), this);
  }

  public Node reshape(int rows, int cols) {
    if (rows < 1 || cols < 1 || (long) rows * cols != shape.size()) {
      throw new IllegalArgumentException(String.format(
          "reshape: %s has %s elements, %sx%s needs %s", shape, shape.size(), rows, cols, (long) rows * cols));
    }
    return reshape(Shape.of(rows, cols));
  }

  /** Rows {@code [rowFrom, rowTo)} and columns {@code [colFrom, colTo)}. */
  public Node slice(int rowFrom, int rowTo, int colFrom, int colTo) {
    return graph.apply(Slice.of(rowFrom, rowTo, colFrom, colTo), this);
  }

  /** Rows {@code [from, to)}, all columns. */
  public Node rows(int from, int to) {
    return slice(from, to, 0, shape.cols());
  }

  /** Columns {@code [from, to)}, all rows. */
  public Node cols(int from, int to) {
    return slice(0, shape.rows(), from, to);
  }

  /** This value repeated along size-1 dimensions (or everywhere, for a scalar) to {@code target}. */
  public Node broadcast(Shape target) {
    return graph.apply(BroadcastTo.to(target), this);
  }

  // ---- reductions ----

  /** Sum of all elements: a scalar. */
  public Node sum() {
    return graph.apply(Sum.all(), this);
  }

  /** Sum over an axis: {@code ROWS} gives a {@code 1 x n} row of column sums, {@code COLUMNS} an {@code m x 1}. */
  public Node sum(Axis axis) {
    return graph.apply(Sum.over(axis), this);
  }

  /** Largest element; ties share the gradient evenly (PyTorch's {@code amax}). */
  public Node amax() {
    return graph.apply(Extremum.amax(), this);
  }

  public Node amax(Axis axis) {
    return graph.apply(Extremum.amax(axis), this);
  }

  /** Smallest element; ties share the gradient evenly (PyTorch's {@code amin}). */
  public Node amin() {
    return graph.apply(Extremum.amin(), this);
  }

  public Node amin(Axis axis) {
    return graph.apply(Extremum.amin(axis), this);
  }

  /** {@code log(sum(exp(x)))} over all elements, computed without overflow. */
  public Node logsumexp() {
    return graph.apply(LogSumExp.all(), this);
  }

  public Node logsumexp(Axis axis) {
    return graph.apply(LogSumExp.over(axis), this);
  }

  /** Composite: the mean of all elements (see {@link Composites#mean}). */
  public Node mean() {
    return Composites.mean(this);
  }

  /** Composite: the mean over an axis (see {@link Composites#mean}). */
  public Node mean(Axis axis) {
    return Composites.mean(this, axis);
  }

  /** Composite: sum of squares of all elements, {@code ||x||^2}. */
  public Node sumOfSquares() {
    return square().sum();
  }

  /** Composite: the trace of a square matrix (see {@link Composites#trace}). */
  public Node trace() {
    return Composites.trace(this);
  }

  /** Softmax along an axis, exact to a few ulps for any logits (see {@link Softmax}). */
  public Node softmax(Axis axis) {
    return graph.apply(Softmax.over(axis), this);
  }

  /** Log-softmax along an axis, {@code x - logsumexp(x)} without its cancellation (see {@link Softmax}). */
  public Node logSoftmax(Axis axis) {
    return graph.apply(Softmax.logOver(axis), this);
  }
}
