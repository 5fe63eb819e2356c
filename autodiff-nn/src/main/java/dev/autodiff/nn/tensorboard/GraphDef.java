package dev.autodiff.nn.tensorboard;

import static com.google.common.base.Preconditions.checkArgument;
import static dev.autodiff.core.Require.checkNotNull;
import static dev.autodiff.nn.tensorboard.Protos.f;

import com.google.protobuf.ByteString;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.autodiff.core.graph.Constant;
import dev.autodiff.core.graph.Graph;
import dev.autodiff.core.graph.Input;
import dev.autodiff.core.graph.Node;
import dev.autodiff.core.graph.Parameter;
import dev.autodiff.core.graph.Traversal;
import dev.autodiff.core.tensor.Shape;
import dev.autodiff.core.tensor.Tensor;
import dev.autodiff.nn.Loss;
import dev.autodiff.nn.Model;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * A computation graph as TensorBoard's Graphs tab reads it (TensorFlow's {@code GraphDef}): one node per node of the
 * graph, with a name, an op, the names of its inputs (the edges) and its output shape.
 *
 * <p>A node's name is its group (the {@link Graph#scope} it was built in, {@code hidden1}) and, after a {@code /},
 * its own name or else its op's name: {@code hidden1/matmul}, {@code hidden1/add}. TensorBoard draws each group as
 * one box that opens to show its nodes, so a model's layers are collapsible boxes. A parameter's name drops its
 * layer prefix inside its layer's group ({@code hidden1.W} is {@code hidden1/W}). Repeated names get
 * {@code _1}, {@code _2}, ... in creation order, as TensorFlow numbers them. Ops are the library's op names
 * ({@code matmul}, {@code relu}); leaves get TensorFlow's: inputs are {@code Placeholder}, parameters
 * {@code VariableV2}, constants {@code Const} (which TensorBoard draws inside their consumers; a constant, which belongs
 * to no group, is named in its first consumer's group). Every node carries
 * its shape in the {@code _output_shapes} attribute (a scalar has no dimensions, a matrix two), {@code dtype}
 * ({@code DT_DOUBLE}) and, for leaves, {@code shape}; constants of up to {@value #CONSTANT_VALUES} elements carry
 * their values.
 */
public final class GraphDef {
  /** The largest constant whose values are written into its node. */
  public static final int CONSTANT_VALUES = 64;

  /** One node: its name, op, its inputs' names in order, and its output shape ({@code []} scalar, {@code [r, c]}). */
  public record NodeDef(String name, String op, List<String> inputs, List<Long> shape) {
    public NodeDef {
      checkNotNull(name, "node def: name is null");
      checkNotNull(op, "node def: op is null");
      checkNotNull(inputs, "node def %s: inputs are null", name);
      checkNotNull(shape, "node def %s: shape is null", name);
      checkArgument(inputs.stream().allMatch(i -> i != null), "node def %s: an input is null", name);
      checkArgument(shape.stream().allMatch(d -> d != null), "node def %s: a dimension is null", name);
      inputs = List.copyOf(inputs);
      shape = List.copyOf(shape);
    }
  }

  private final List<NodeDef> nodes;
  private final byte[] bytes;

  private GraphDef(List<NodeDef> nodes, byte[] bytes) {
    this.nodes = List.copyOf(nodes);
    this.bytes = bytes;
  }

  /**
   * The graph of a model as it predicts, and of its loss: an inference pass for batches of {@code rows} (the input
   * node named {@code input}), with targets ({@code targets}) and {@code loss} applied to them in a group
   * {@code loss}. Built in a branch of the model's graph, which grows by nothing.
   */
  public static GraphDef of(Model model, Loss loss, int rows) {
    checkNotNull(model, "graph def: model is null");
    checkNotNull(loss, "graph def: loss is null");
    checkArgument(rows > 0, "graph def: rows must be positive, got %s", rows);
    Model.Pass pass = model.newPass("input", rows, false);
    Graph g = pass.graph();
    try (Graph.Building building = g.building()) {
      Input targets = g.input(pass.context().uniqueName("targets"),
          Shape.of(rows, loss.targetCols(model.outputWidth())));
      Node value;
      try (Graph.Scope s = g.scope("loss")) {
        value = loss.apply(pass.output(), targets);
      }
      Map<Node, String> names = new HashMap<>();
      names.put(pass.input(), "input");
      names.put(targets, "targets");
      return of(List.of(value, pass.output()), names);
    }
  }

  /**
   * The graph of {@code outputs} and everything they are computed from. {@code names} gives chosen names to some
   * nodes (inputs, say, whose own names carry a batch number); the others are named as the class describes.
   */
  public static GraphDef of(List<? extends Node> outputs, Map<? extends Node, String> names) {
    checkNotNull(outputs, "graph def: outputs are null");
    checkNotNull(names, "graph def: names are null");
    checkArgument(!outputs.isEmpty(), "graph def: no outputs");
    for (int i = 0; i < outputs.size(); i++) {
      checkNotNull(outputs.get(i), "graph def: output %s is null", i);
    }
    for (Map.Entry<? extends Node, String> e : names.entrySet()) {
      checkNotNull(e.getKey(), "graph def: a named node is null");
      checkArgument(e.getValue() != null && !e.getValue().isBlank(), "graph def: node %s: empty name", e.getKey());
    }
    List<Node> order = Traversal.ancestors(outputs);
    Map<Node, Node> firstConsumer = new IdentityHashMap<>();
    for (Node n : order) {
      for (Node in : n.inputs()) {
        firstConsumer.putIfAbsent(in, n);
      }
    }
    List<String> wanted = new ArrayList<>(order.size());
    Set<String> groups = new HashSet<>();
    for (Node n : order) {
      String name = sanitize(names.containsKey(n) ? names.get(n) : defaultName(n, firstConsumer.get(n)));
      wanted.add(name);
      for (int slash = name.indexOf('/'); slash > 0; slash = name.indexOf('/', slash + 1)) {
        groups.add(name.substring(0, slash));
      }
    }
    Map<Node, String> chosen = new IdentityHashMap<>();
    Set<String> taken = new HashSet<>();
    List<NodeDef> defs = new ArrayList<>(order.size());
    DynamicMessage.Builder graph = DynamicMessage.newBuilder(Protos.GRAPH_DEF);
    for (int i = 0; i < order.size(); i++) {
      Node n = order.get(i);
      String name = wanted.get(i);
      // a node may not take a group's name either: TensorBoard would draw them as one
      for (int k = 1; taken.contains(name) || groups.contains(name); k++) {
        name = wanted.get(i) + "_" + k;
      }
      taken.add(name);
      chosen.put(n, name);
      List<String> inputs = new ArrayList<>(n.arity());
      for (Node in : n.inputs()) {
        inputs.add(chosen.get(in));
      }
      NodeDef def = new NodeDef(name, op(n), inputs, dims(n.shape()));
      defs.add(def);
      graph.addRepeatedField(f(Protos.GRAPH_DEF, "node"), encode(def, n));
    }
    return new GraphDef(defs, graph.build().toByteArray());
  }

  private static String defaultName(Node n, Node consumer) {
    String own = n.name().orElse(n.op().opName());
    // equal constants are one node of no group: drawn in the group of their first consumer, as TensorFlow's are
    Optional<String> group = n.isConstant() && n.group().isEmpty() && consumer != null ? consumer.group() : n.group();
    if (group.isEmpty()) {
      return own;
    }
    String layer = group.get().substring(group.get().lastIndexOf('/') + 1);
    if (own.startsWith(layer + ".") && own.length() > layer.length() + 1) {
      own = own.substring(layer.length() + 1);  // hidden1.W in group hidden1 is hidden1/W
    }
    return group.get() + "/" + own;
  }

  /** TensorFlow's node names: {@code [A-Za-z0-9.][A-Za-z0-9_./>-]*}; anything else becomes {@code _}. */
  private static String sanitize(String name) {
    StringBuilder b = new StringBuilder(name.length());
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean plain = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.';
      b.append(plain || (i > 0 && (c == '_' || c == '/' || c == '>' || c == '-')) ? c : '_');
    }
    if (b.charAt(0) == '_') {
      b.insert(0, 'n');
    }
    return b.toString();
  }

  private static String op(Node n) {
    if (n instanceof Parameter) {
      return "VariableV2";
    }
    if (n instanceof Input) {
      return "Placeholder";
    }
    return n.isConstant() ? "Const" : n.op().opName();
  }

  private static List<Long> dims(Shape s) {
    return s.isScalar() ? List.of() : List.of((long) s.rows(), (long) s.cols());
  }

  private static DynamicMessage encode(NodeDef def, Node n) {
    DynamicMessage.Builder b = DynamicMessage.newBuilder(Protos.NODE_DEF).setField(f(Protos.NODE_DEF, "name"),
        def.name()).setField(f(Protos.NODE_DEF, "op"), def.op());
    for (String in : def.inputs()) {
      b.addRepeatedField(f(Protos.NODE_DEF, "input"), in);
    }
    DynamicMessage shape = shape(def.shape());
    Map<String, DynamicMessage> attrs = new TreeMap<>();  // sorted, as TensorFlow prints them
    attrs.put("_output_shapes", attr("list", DynamicMessage.newBuilder(Protos.LIST_VALUE)
        .addRepeatedField(f(Protos.LIST_VALUE, "shape"), shape).build()));
    if (n.isLeaf()) {
      attrs.put("dtype", attr("type", Protos.DT_DOUBLE));
      attrs.put("shape", attr("shape", shape));
      if (n.isConstant()) {
        attrs.put("value", attr("tensor", tensor(n, shape)));
      }
    } else {
      attrs.put("T", attr("type", Protos.DT_DOUBLE));
    }
    for (Map.Entry<String, DynamicMessage> e : attrs.entrySet()) {
      b.addRepeatedField(f(Protos.NODE_DEF, "attr"), DynamicMessage.newBuilder(Protos.ATTR_ENTRY)
          .setField(f(Protos.ATTR_ENTRY, "key"), e.getKey()).setField(f(Protos.ATTR_ENTRY, "value"), e.getValue())
          .build());
    }
    return b.build();
  }

  private static DynamicMessage attr(String field, Object value) {
    return DynamicMessage.newBuilder(Protos.ATTR_VALUE).setField(f(Protos.ATTR_VALUE, field), value).build();
  }

  private static DynamicMessage shape(List<Long> dims) {
    DynamicMessage.Builder s = DynamicMessage.newBuilder(Protos.SHAPE);
    for (long d : dims) {
      s.addRepeatedField(f(Protos.SHAPE, "dim"), DynamicMessage.newBuilder(Protos.DIM)
          .setField(f(Protos.DIM, "size"), d).build());
    }
    return s.build();
  }

  private static DynamicMessage tensor(Node constant, DynamicMessage shape) {
    DynamicMessage.Builder t = DynamicMessage.newBuilder(Protos.TENSOR).setField(f(Protos.TENSOR, "dtype"),
        Protos.DT_DOUBLE).setField(f(Protos.TENSOR, "tensor_shape"), shape);
    if (constant.shape().size() <= CONSTANT_VALUES) {
      Tensor value = ((Constant) constant.op()).value();
      for (int i = 0; i < value.size(); i++) {
        t.addRepeatedField(f(Protos.TENSOR, "double_val"), value.at(i));
      }
    }
    return t.build();
  }

  /**
   * Reads a {@code GraphDef} message: node names, ops, inputs and {@code _output_shapes}.
   *
   * @throws InvalidProtocolBufferException when the bytes are not one
   */
  static GraphDef parse(byte[] bytes) throws InvalidProtocolBufferException {
    DynamicMessage graph = DynamicMessage.parseFrom(Protos.GRAPH_DEF, bytes);
    List<NodeDef> nodes = new ArrayList<>();
    for (Object o : (List<?>) graph.getField(f(Protos.GRAPH_DEF, "node"))) {
      DynamicMessage node = (DynamicMessage) o;
      List<String> inputs = new ArrayList<>();
      for (Object in : (List<?>) node.getField(f(Protos.NODE_DEF, "input"))) {
        inputs.add((String) in);
      }
      List<Long> dims = new ArrayList<>();
      for (Object e : (List<?>) node.getField(f(Protos.NODE_DEF, "attr"))) {
        DynamicMessage entry = (DynamicMessage) e;
        if ("_output_shapes".equals(entry.getField(f(Protos.ATTR_ENTRY, "key")))) {
          DynamicMessage list = (DynamicMessage) ((DynamicMessage) entry.getField(f(Protos.ATTR_ENTRY, "value")))
              .getField(f(Protos.ATTR_VALUE, "list"));
          List<?> shapes = (List<?>) list.getField(f(Protos.LIST_VALUE, "shape"));
          if (!shapes.isEmpty()) {
            for (Object d : (List<?>) ((DynamicMessage) shapes.get(0)).getField(f(Protos.SHAPE, "dim"))) {
              dims.add((Long) ((DynamicMessage) d).getField(f(Protos.DIM, "size")));
            }
          }
        }
      }
      nodes.add(new NodeDef((String) node.getField(f(Protos.NODE_DEF, "name")),
          (String) node.getField(f(Protos.NODE_DEF, "op")), inputs, dims));
    }
    return new GraphDef(nodes, bytes.clone());
  }

  /** The nodes in creation order (a topological order: a node's inputs come before it). */
  public List<NodeDef> nodes() {
    return nodes;
  }

  /** The node named {@code name}, if there is one. */
  public Optional<NodeDef> node(String name) {
    checkNotNull(name, "graph def: name is null");
    return nodes.stream().filter(n -> n.name().equals(name)).findFirst();
  }

  /** The serialized {@code GraphDef} message (a copy): what an event's {@code graph_def} field holds. */
  public byte[] toByteArray() {
    return bytes.clone();
  }

  ByteString bytes() {
    return ByteString.copyFrom(bytes);
  }

  @Override
  public String toString() {
    return "graph def of " + nodes.size() + " nodes";
  }
}
