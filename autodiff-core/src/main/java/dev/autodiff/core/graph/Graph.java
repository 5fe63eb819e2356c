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
 *
 * <p>A graph only grows. What is built for a while and then no longer needed (the pass of one batch size, the
 * training program of one run) goes in a {@link #branch}: a graph that extends this one and is dropped as a whole,
 * collected with everything in it once nothing refers to it.
 */
public final class Graph {
  private final List<Node> nodes = new ArrayList<>();
  private final Interner interned = new Interner();
  private final Map<String, Node> byName = new HashMap<>();
  private final List<Parameter> parameters = new ArrayList<>();
  private final List<Input> inputs = new ArrayList<>();
  private final OpenScopes scopes;
  /** The lock of the whole family (a root and its branches share scopes, so they share one lock). */
  private final Object lock;

  private final boolean simplifying;
  /** The graph this one branches from, or null for a root. */
  private final Graph parent;
  /** The number of ids this graph sees in its parent (the parent's size when the branch was made). */
  private final int base;

  private Graph(boolean simplifying) {
    this.simplifying = simplifying;
    this.parent = null;
    this.base = 0;
    this.lock = new Object();
    this.scopes = new OpenScopes();
  }

  private Graph(Graph parent) {
    this.simplifying = parent.simplifying;
    this.parent = parent;
    this.base = parent.sizeLocked();
    this.lock = parent.lock;
    this.scopes = parent.scopes;
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

  /**
   * A branch of this graph as it is now: a graph whose nodes may take this graph's present nodes as inputs (its
   * parameters, inputs and expressions; not those added to this graph later), and which is dropped as a whole. This
   * graph never refers to a branch, so once nothing else refers to the branch or its nodes, all of it is collected.
   * Node ids continue this graph's: a branch's first node has the id {@code size()} of this graph at branching. Scopes
   * and names carry over (a branch's names are unique among those it sees); simplification looks up equal nodes in
   * this graph first.
   */
  public Graph branch() {
    synchronized (lock) {
      return new Graph(this);
    }
  }

  /**
   * Until the returned scope is closed, nodes this thread builds from nodes of this graph's ancestors alone (a
   * transposed weight, a constant, a parent-only subexpression of a gradient) go into this graph instead of the
   * ancestor, so work done for a branch stays in the branch and is dropped with it, and the parent does not grow.
   * An equal node the ancestor already had (and this branch sees) is still reused. Gradients and models enter their
   * branch this way themselves; call it when building by hand on a branch. Inside an entered descendant of this
   * graph, entering this graph changes nothing (the deeper one stays current). Closes in reverse order of entering.
   */
  public Building building() {
    Building current = BUILDING.get();
    Graph chosen = current != null && current.graph.isAncestor(this) ? current.graph : this;
    Building entered = new Building(current, chosen);
    BUILDING.set(entered);
    return entered;
  }

  /** The thread's innermost {@link #building} scope, or null. */
  private static final ThreadLocal<Building> BUILDING = new ThreadLocal<>();

  private static Graph enteredGraph() {
    Building b = BUILDING.get();
    return b == null ? null : b.graph;
  }

  /** An entered {@link #building} scope; closing it restores the one entered before. */
  public static final class Building implements AutoCloseable {
    private final Building previous;
    private final Graph graph;
    private boolean closed;

    private Building(Building previous, Graph graph) {
      this.previous = previous;
      this.graph = graph;
    }

    /** Closes this scope, the thread's innermost; closing it again does nothing. */
    @Override
    public void close() {
      if (closed) {
        return;
      }
      checkState(BUILDING.get() == this, "graph: building scope closed before a scope entered inside it");
      closed = true;
      if (previous == null) {
        BUILDING.remove();
      } else {
        BUILDING.set(previous);
      }
    }
  }

  /** The graph this one is a {@link #branch} of, if it is one. */
  public Optional<Graph> parent() {
    return Optional.ofNullable(parent);
  }

  /**
   * Whether nodes of this graph may use {@code node} as an input: it is one of this graph's nodes, or of an ancestor
   * graph that existed when the branch to here was made.
   */
  public boolean sees(Node node) {
    checkNotNull(node, "graph: sees: node is null");
    Graph g = this;
    int limit = Integer.MAX_VALUE;
    while (g != null) {
      if (node.graph() == g) {
        return node.id() < limit;
      }
      limit = Math.min(limit, g.base);
      g = g.parent;
    }
    return false;
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
  public Scope scope(String name) {
    checkArgument(name != null && !name.isBlank() && name.indexOf('/') < 0,
        "scope: name must be non-empty and contain no '/', got '%s'", name);
    synchronized (lock) {
      Thread owner = Thread.currentThread();
      Scope outer = scopes.innermost(owner);
      Scope s = new Scope(outer == null ? name : outer.path() + "/" + name, owner);
      scopes.open(s);
      return s;
    }
  }

  private String currentGroup() {
    Scope s = scopes.innermost(Thread.currentThread());
    return s == null ? null : s.path();
  }

  private void close(Scope s) {
    synchronized (lock) {
      scopes.close(s);
    }
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
  public Parameter parameter(String name, Tensor initial) {
    checkNotNull(initial, "parameter %s: initial value is null", name);
    Values.checkFinite(initial, "parameter %s: initial value", name);
    synchronized (lock) {
      checkName("parameter", name);
      Parameter p = new Parameter(this, sizeLocked(), name, initial, currentGroup());
      nodes.add(p);
      register(p, name);
      parameters.add(p);
      return p;
    }
  }

  /** A scalar parameter. */
  public Parameter parameter(String name, double initial) {
    return parameter(name, Tensor.scalar(initial));
  }

  /** An input of a fixed shape with a unique name, fed at each run. */
  public Input input(String name, Shape shape) {
    checkNotNull(shape, "input %s: shape is null", name);
    synchronized (lock) {
      checkName("input", name);
      Input in = new Input(this, sizeLocked(), name, shape, currentGroup());
      nodes.add(in);
      register(in, name);
      inputs.add(in);
      return in;
    }
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
   * existing node where one computes the same value, else a new node. The node belongs to the deepest graph among
   * this one and the inputs' (a {@link #branch} when an input is one of its nodes), which must see all the inputs.
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

  /** {@link #apply} without the check of a constant's value (folding keeps only finite ones). */
  private Node build(Op op, Node... args) {
    synchronized (lock) {
      return buildLocked(op, args);
    }
  }

  private Node buildLocked(Op op, Node... args) {
    checkNotNull(op, "apply: op is null");
    checkNotNull(args, "%s: inputs are null", op.opName());
    checkArgument(!(op instanceof Leaf), "%s: leaves are made with parameter() and input()", op.opName());
    Graph target = this;
    for (int i = 0; i < args.length; i++) {
      Node a = args[i];
      checkNotNull(a, "%s: input %s is null", op.opName(), i);
      if (!target.sees(a) && a.graph().isAncestor(target)) {
        target = a.graph();  // an input of a branch: the node belongs to the branch
      }
    }
    Graph entered = enteredGraph();
    if (entered != null && entered != target && entered.isAncestor(target) && entered.seesAll(args)) {
      target = entered;  // built for a branch from its ancestors' nodes alone: kept in the branch
    }
    if (target != this) {
      return target.buildLocked(op, args);
    }
    List<Shape> shapes = new ArrayList<>(args.length);
    for (int i = 0; i < args.length; i++) {
      Node a = args[i];
      checkNotNull(a, "%s: input %s is null", op.opName(), i);
      checkArgument(sees(a), "%s: input %s (%s) belongs to another graph%s", op.opName(), i, a,
          isAncestor(a.graph())
              ? ": it was added to an ancestor after this branch was made; build it in the branch (the graph() of "
                  + "a node of the branch, such as a model pass's input)" : "");
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
      Tensor folded = Values.fold(op, args, shape);
      if (Values.isFinite(folded)) {
        return buildLocked(new Constant(folded));
      }
      // log 0, 1/0: kept as the op, so that every constant is finite and a finite-checking run names the op and its
      // inputs instead of handing out a constant that came from nowhere
    }

    int hash = Interner.hash(op, args);
    Node existing = find(op, args, hash, Integer.MAX_VALUE);
    if (existing != null) {
      return existing;
    }
    interned.reserve();  // may run out of memory: before anything changes
    Node node = add(op, args, shape);
    interned.add(node, hash);
    return node;
  }

  /** The node of this graph or an ancestor, with an id below {@code limit}, that computes {@code op(args)}. */
  private Node find(Op op, Node[] args, int hash, int limit) {
    Node found = interned.find(op, args, hash);
    if (found != null && found.id() < limit) {
      return found;
    }
    return parent == null ? null : parent.find(op, args, hash, Math.min(limit, base));
  }

  private boolean seesAll(Node[] args) {
    for (Node a : args) {
      if (!sees(a)) {
        return false;
      }
    }
    return true;
  }

  /** Whether {@code g} is a proper ancestor of this graph. */
  private boolean isAncestor(Graph g) {
    for (Graph p = parent; p != null; p = p.parent) {
      if (p == g) {
        return true;
      }
    }
    return false;
  }

  private int sizeLocked() {
    return base + nodes.size();
  }

  private Node add(Op op, Node[] args, Shape shape) {
    String group = op instanceof Constant ? null : currentGroup();
    Node node = new Node(this, sizeLocked(), op, args.clone(), shape, null, group);
    nodes.add(node);
    return node;
  }

  /** The hash-consing table (for tests of its failure modes). */
  Interner interner() {
    return interned;
  }

  // ---- lookup ----

  /** Number of nodes this graph sees: in a branch, those it sees in its parent and its own. */
  public int size() {
    synchronized (lock) {
      return sizeLocked();
    }
  }

  /** The node with the given id, as this graph sees it (in a branch, ids below the branch's first are the parent's). */
  public Node node(int id) {
    synchronized (lock) {
      checkArgument(id >= 0 && id < sizeLocked(), "graph: no node with id %s (graph has %s nodes)", id, sizeLocked());
      return id < base ? parent.node(id) : nodes.get(id - base);
    }
  }

  /**
   * The node with the given name (a parameter, an input or a node given a name with {@link Node#named}): this
   * graph's own, else one it sees in its parent.
   */
  public Optional<Node> node(String name) {
    synchronized (lock) {
      return Optional.ofNullable(named(name));
    }
  }

  private Node named(String name) {
    Node n = byName.get(name);
    if (n == null && parent != null) {
      n = parent.named(name);
      return n != null && sees(n) ? n : null;
    }
    return n;
  }

  /** A snapshot of all nodes this graph sees in creation (topological) order: in a branch, its parent's first. */
  public List<Node> nodes() {
    synchronized (lock) {
      List<Node> all = new ArrayList<>(sizeLocked());
      collect(all, Integer.MAX_VALUE, g -> g.nodes);
      return List.copyOf(all);
    }
  }

  /** A snapshot of the parameters this graph sees, in creation order. */
  public List<Parameter> parameters() {
    synchronized (lock) {
      List<Parameter> all = new ArrayList<>();
      collect(all, Integer.MAX_VALUE, g -> g.parameters);
      return List.copyOf(all);
    }
  }

  /** A snapshot of the inputs this graph sees, in creation order. */
  public List<Input> inputs() {
    synchronized (lock) {
      List<Input> all = new ArrayList<>();
      collect(all, Integer.MAX_VALUE, g -> g.inputs);
      return List.copyOf(all);
    }
  }

  private <T extends Node> void collect(List<T> into, int limit, java.util.function.Function<Graph, List<T>> of) {
    if (parent != null) {
      parent.collect(into, Math.min(limit, base), of);
    }
    for (T n : of.apply(this)) {
      if (n.id() >= limit) {
        break;
      }
      into.add(n);
    }
  }

  Node name(Node node, String name) {
    synchronized (lock) {
      return nameLocked(node, name);
    }
  }

  private Node nameLocked(Node node, String name) {
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
    Node used = named(name);
    checkArgument(used == null, "%s: name '%s' is already used by %s", what, name, used);
  }

  private void register(Node node, String name) {
    byName.put(name, node);
  }
}
