package dev.autodiff.nn.onnx;

import com.google.protobuf.ByteString;
import dev.autodiff.nn.onnx.proto.OnnxProto.AttributeProto;
import dev.autodiff.nn.onnx.proto.OnnxProto.GraphProto;
import dev.autodiff.nn.onnx.proto.OnnxProto.NodeProto;
import dev.autodiff.nn.onnx.proto.OnnxProto.TensorProto;
import dev.autodiff.nn.onnx.proto.OnnxProto.TensorProto.DataType;
import dev.autodiff.nn.onnx.proto.OnnxProto.TensorShapeProto;
import dev.autodiff.nn.onnx.proto.OnnxProto.TypeProto;
import dev.autodiff.nn.onnx.proto.OnnxProto.ValueInfoProto;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An ONNX graph being written: nodes in order, initializers (weights and constants) in the export's element type,
 * and names made unique. Every tensor a node makes is named after its node ({@code hidden1/MatMul}), so a viewer
 * such as Netron shows the layers' scopes.
 */
final class OnnxGraph {
  /** The name of the symbolic batch dimension of the input and output. */
  static final String BATCH = "batch";

  private final GraphProto.Builder graph = GraphProto.newBuilder();
  private final DataType type;
  private final Set<String> names = new HashSet<>();
  private final Map<String, String> constants = new HashMap<>();

  OnnxGraph(String name, DataType type) {
    this.type = type;
    graph.setName(name);
  }

  /** The element type of the model's inputs, weights and outputs ({@code DOUBLE} or {@code FLOAT}). */
  DataType type() {
    return type;
  }

  /** A name not used yet in the graph: {@code base}, or {@code base_2}, {@code base_3}, ... */
  String fresh(String base) {
    String n = base;
    for (int k = 2; !names.add(n); k++) {
      n = base + "_" + k;
    }
    return n;
  }

  /** Adds a node of {@code op} named {@code scope/op} on {@code inputs}; returns the name of its one output. */
  String op(String scope, String op, List<String> inputs, AttributeProto... attributes) {
    String name = fresh(scope.isEmpty() ? op : scope + "/" + op);
    graph.addNode(NodeProto.newBuilder().setOpType(op).setName(name).addAllInput(inputs).addOutput(name)
        .addAllAttribute(Arrays.asList(attributes)));
    return name;
  }

  /** Adds a node whose output gets the given name exactly (the graph's output). */
  void opNamed(String output, String op, List<String> inputs) {
    names.add(output);
    graph.addNode(NodeProto.newBuilder().setOpType(op).setName(output).addAllInput(inputs).addOutput(output));
  }

  /** Adds a weight (or other real tensor) of shape {@code dims} in the export's element type; returns its name. */
  String weight(String name, long[] dims, double[] values) {
    String n = fresh(name);
    TensorProto.Builder t = TensorProto.newBuilder().setName(n).setDataType(type.getNumber());
    for (long d : dims) {
      t.addDims(d);
    }
    ByteBuffer raw;
    if (type == DataType.DOUBLE) {
      raw = ByteBuffer.allocate(values.length * Double.BYTES).order(ByteOrder.LITTLE_ENDIAN);
      for (double v : values) {
        raw.putDouble(v);
      }
    } else {
      raw = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
      for (double v : values) {
        raw.putFloat((float) v);
      }
    }
    raw.flip();
    // raw_data is little-endian whatever the platform, as the ONNX schema says
    t.setRawData(ByteString.copyFrom(raw));
    graph.addInitializer(t);
    return n;
  }

  /** A real scalar constant, shared by every node that uses the same value. */
  String scalar(double value) {
    String key = Double.toString(value);
    String n = constants.get(key);
    if (n == null) {
      n = weight("const/" + key, new long[0], new double[] {value});
      constants.put(key, n);
    }
    return n;
  }

  /** A 1-D int64 constant (a shape, a list of axes). */
  String int64s(String name, long... values) {
    String n = fresh(name);
    TensorProto.Builder t = TensorProto.newBuilder().setName(n).setDataType(DataType.INT64.getNumber())
        .addDims(values.length);
    for (long v : values) {
      t.addInt64Data(v);
    }
    graph.addInitializer(t);
    return n;
  }

  /** Declares a graph input or output of shape {@code batch x width} in the export's element type. */
  ValueInfoProto batch(String name, int width) {
    TensorShapeProto shape = TensorShapeProto.newBuilder()
        .addDim(TensorShapeProto.Dimension.newBuilder().setDimParam(BATCH))
        .addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(width))
        .build();
    TypeProto t = TypeProto.newBuilder()
        .setTensorType(TypeProto.Tensor.newBuilder().setElemType(type.getNumber()).setShape(shape)).build();
    names.add(name);
    return ValueInfoProto.newBuilder().setName(name).setType(t).build();
  }

  void addInput(ValueInfoProto v) {
    graph.addInput(v);
  }

  void addOutput(ValueInfoProto v) {
    graph.addOutput(v);
  }

  GraphProto build() {
    return graph.build();
  }

  static AttributeProto ints(String name, long... values) {
    AttributeProto.Builder a = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
    for (long v : values) {
      a.addInts(v);
    }
    return a.build();
  }

  static AttributeProto integer(String name, long value) {
    return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT).setI(value).build();
  }
}
