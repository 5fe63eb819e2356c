package dev.autodiff.core.graph;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkState;
import static dev.autodiff.core.Require.checkNotNull;

import dev.autodiff.core.tensor.Shape;
import dev.autodiff.core.tensor.Tensor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A computation graph: the owner of its nodes, in creation order.
 *
 * <p>Every node is made here, and {@link #apply} simplifies at construction:
 * <ul>
 *   <li>hash-consing: an op applied to the same inputs again returns the existing node (common subexpressions are
 *       computed once; the inputs of commutative ops are compared in either order);
 *   <li>constant folding: an op whose inputs are all constants becomes a constant;
 *   <li>algebraic identities, each defined by its op ({@code x + 0}, {@code x * 1}, {@code --x}, ...).
 * </ul>
 *
 * <p>Building is thread-safe: construction is serialized (node ids, hash-consing and names change under the graph's
 * lock), and scopes are per thread, so several threads may build in one graph at once. A graph is still best built
 * by one thread and then compiled into programs that many threads may run.
 */
public final class Graph {
  private final List<Node> nodes = new ArrayList<>();
  private final Interner interned = new Interner();
  private final Map<String, Node> byName = new HashMap<>();
  private final List<Parameter> parameters = new ArrayList<>();
  private final List<Input> inputs = new ArrayList<>();
  private final OpenScopes scopes = new OpenScopes();

  private final boolean simplifying;

  private Graph(boolean simplifying) {
    this.simplifying = simplifying;
  }

  /** A new, empty graph that simplifies at construction. */
  public static Graph create() {
    return new Graph(true);
  }

  /**
   * A new, empty graph that builds exactly what it is asked: no hash-consing, no constant folding, no identities.
   * For showing a raw graph as written, and for testing that simplification keeps values and gradients.
   */
  public static Graph createUnsimplified() {
    return new Graph(false);
  }

  /** Whether this graph simplifies at construction. */
  public boolean isSimplifying() {
    return simplifying;
  }

  // ---- groups ----

  /**
   * Opens a group: every node this thread creates until the returned scope is closed belongs to it
   * ({@link Node#group}), so drawings can collapse it into one box (a layer, a block). Scopes nest: inside
   * {@code "mlp"}, a scope {@code "hidden1"} has the path {@code "mlp/hidden1"}. Use with try-with-resources; scopes
   * close in reverse order of opening. A node that already existed (an equal expression built earlier) keeps its
   * first group.
   *
   * <p>Scopes are per thread: threads building in one graph at once (models predicting new batch sizes) each have
   * their own stack of open scopes, and never see another's. A scope closed out of order is refused and changes
   * nothing.
   */
  public synchronized Scope scope(String name) {
    checkArgument(name != null && !name.isBlank() && name.indexOf('/') < 0,
        "scope: name must be non-empty and contain no '/', got '%s'", name);
    Thread owner = Thread.currentThread();
    Scope parent = scopes.innermost(owner);
    Scope s = new Scope(parent == null ? name : parent.path() + "/" + name, owner);
    scopes.open(s);
    return s;
  }

  private String currentGroup() {
    Scope s = scopes.innermost(Thread.currentThread());
    return s == null ? null : s.path();
  }

  private synchronized void close(Scope s) {
    scopes.close(s);
  }

  /** An open group of a graph; closing it ends the group. */
  public final class Scope implements AutoCloseable {
    private final String path;
    private final Thread owner;

    private Scope(String path, Thread owner) {
      this.path = path;
      this.owner = owner;
    }

    /** The full path, e.g. {@code "mlp/hidden1"}. */
    public String path() {
      return path;
    }

    Thread owner() {
      return owner;
    }

    /** Ends the group (on the thread that opened it, from whichever thread closes it). */
    @Override
    public void close() {
      Graph.this.close(this);
    }
  }

  // ---- leaves ----

  /** A trainable parameter with a unique name and an initial value. */
  public synchronized Parameter parameter(String name, Tensor initial) {
    checkName("parameter", name);
    checkNotNull(initial, "parameter %s: initial value is null", name);
    Values.checkFinite(initial, "parameter %s: initial value", name);
    Parameter p = new Parameter(this, nodes.size(), name, initial, currentGroup());
    nodes.add(p);
    register(p, name);
    parameters.add(p);
    return p;
  }

  /** A scalar parameter. */
  public Parameter parameter(String name, double initial) {
    return parameter(name, Tensor.scalar(initial));
  }

  /** An input of a fixed shape with a unique name, fed at each run. */
  public synchronized Input input(String name, Shape shape) {
    checkName("input", name);
    checkNotNull(shape, "input %s: shape is null", name);
    Input in = new Input(this, nodes.size(), name, shape, currentGroup());
    nodes.add(in);
    register(in, name);
    inputs.add(in);
    return in;
  }

  /** A scalar input. */
  public Input input(String name) {
    return input(name, Shape.scalar());
  }

  /** A constant; equal constants are the same node. Its value must be finite, as a fed value must. */
  public Node constant(Tensor value) {
    checkNotNull(value, "constant: value is null");
    Values.checkFinite(value, "constant");
    return build(new Constant(value));
  }

  /** A scalar constant. */
  public Node constant(double value) {
    return constant(Tensor.scalar(value));
  }

  /** A constant of the given shape filled with {@code value}. */
  public Node constant(Shape shape, double value) {
    checkNotNull(shape, "constant: shape is null");
    return constant(Tensor.filled(shape, value));
  }

  // ---- ops ----

  /**
   * Applies {@code op} to {@code args}: validates them, infers the shape, and returns a simplified, folded or
   * existing node where one computes the same value, else a new node.
   *
   * @throws IllegalArgumentException when the op or an input is null (the message names the op and the input),
   *     when an input belongs to another graph, when the shapes do not fit the op (the message names the op and
   *     the shapes), or when the op is a {@link Constant} whose value is not finite
   */
  public Node apply(Op op, Node... args) {
    if (op instanceof Constant c && c.value() != null) {
      Values.checkFinite(c.value(), "constant");
    }
    return build(op, args);
  }

  /** {@link #apply} without the check of a constant's value: folding may give an infinite one ({@code log 0}). */
  private synchronized Node build(Op op, Node... args) {
    checkNotNull(op, "apply: op is null");
    checkNotNull(args, "%s: inputs are null", op.opName());
    checkArgument(!(op instanceof Leaf), "%s: leaves are made with parameter() and input()", op.opName());
    List<Shape> shapes = new ArrayList<>(args.length);
    for (int i = 0; i < args.length; i++) {
      Node a = args[i];
      checkNotNull(a, "%s: input %s is null", op.opName(), i);
      checkArgument(a.graph() == this, "%s: input %s (%s) belongs to another graph", op.opName(), i, a);
      shapes.add(a.shape());
    }
    Shape shape = op.shape(Collections.unmodifiableList(shapes));
    // an op's contract, broken by an op written elsewhere: refused naming it, not a Guava VerifyException
    checkState(shape != null, "%s: its shape rule returned null for inputs %s", op.opName(), shapes);

    if (!simplifying) {
      return add(op, args, shape);
    }
    Node simpler = op.simplify(this, List.of(args), shape);
    if (simpler != null) {
      checkState(simpler.shape().equals(shape),
          "%s: its simplification changed the shape from %s to %s", op.opName(), shape, simpler.shape());
      return simpler;
    }
    if (args.length > 0 && Values.allConstant(args)) {
      return build(new Constant(Values.fold(op, args, shape)));
    }

    int hash = Interner.hash(op, args);
    Node existing = interned.find(op, args, hash);
    if (existing != null) {
      return existing;
    }
    interned.reserve();  // may run out of memory: before anything changes
    Node node = add(op, args, shape);
    interned.add(node, hash);
    return node;
  }

  private Node add(Op op, Node[] args, Shape shape) {
    String group = op instanceof Constant ? null : currentGroup();
    Node node = new Node(this, nodes.size(), op, args.clone(), shape, null, group);
    nodes.add(node);
    return node;
  }

  /** The hash-consing table (for tests of its failure modes). */
  Interner interner() {
    return interned;
  }

  // ---- lookup ----

  /** Number of nodes. */
  public synchronized int size() {
    return nodes.size();
  }

  /** The node with the given id. */
  public synchronized Node node(int id) {
    checkArgument(id >= 0 && id < nodes.size(), "graph: no node with id %s (graph has %s nodes)", id, nodes.size());
    return nodes.get(id);
  }

  /** The node with the given name (a parameter, an input or a node given a name with {@link Node#named}). */
  public synchronized Optional<Node> node(String name) {
    return Optional.ofNullable(byName.get(name));
  }

  /** A snapshot of all nodes in creation (topological) order. */
  public synchronized List<Node> nodes() {
    return List.copyOf(nodes);
  }

  /** A snapshot of the parameters in creation order. */
  public synchronized List<Parameter> parameters() {
    return List.copyOf(parameters);
  }

  /** A snapshot of the inputs in creation order. */
  public synchronized List<Input> inputs() {
    return List.copyOf(inputs);
  }

  synchronized Node name(Node node, String name) {
    if (node.name().isPresent() && node.name().get().equals(name)) {
      return node;
    }
    checkName("named", name);
    if (node.name().isPresent()) {
      // the expression already has another name (built twice and merged, or simplified into a named node): a thin
      // alias takes the new name, and the other name stays where it was
      Node alias = add(new Alias(name), new Node[] {node}, node.shape());
      register(alias, name);
      alias.setName(name);
      return alias;
    }
    register(node, name);
    node.setName(name);
    return node;
  }

  private void checkName(String what, String name) {
    checkArgument(name != null && !name.isBlank(), "%s: name must be non-empty", what);
    checkArgument(!byName.containsKey(name), "%s: name '%s' is already used by %s", what, name, byName.get(name));
  }

  private void register(Node node, String name) {
    byName.put(name, node);
  }
}
