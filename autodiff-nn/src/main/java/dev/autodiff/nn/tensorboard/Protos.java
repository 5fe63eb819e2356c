package dev.autodiff.nn.tensorboard;

import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto.Label;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto.Type;
import com.google.protobuf.DescriptorProtos.FieldOptions;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.MessageOptions;
import com.google.protobuf.Descriptors;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;

/**
 * The fields of TensorFlow's messages that an event file with scalars, histograms and a graph uses, as protobuf
 * descriptors built at run time (so the build needs no protoc). Numbers and types are those of TensorBoard's copies
 * of TensorFlow's schemas ({@code tensorboard/compat/proto/*.proto}: {@code event}, {@code summary},
 * {@code histogram}, {@code graph}, {@code node_def}, {@code attr_value}, {@code tensor}, {@code tensor_shape},
 * {@code versions}); fields nothing here writes are left out, which the wire format allows. {@code DataType} fields
 * are declared {@code int32}: an enum is the same varint on the wire. The tests decode what is written with the
 * real schemas through {@code protoc}.
 */
final class Protos {
  private Protos() {}

  static final Descriptor EVENT;
  static final Descriptor SUMMARY;
  static final Descriptor VALUE;
  static final Descriptor HISTOGRAM;
  static final Descriptor GRAPH_DEF;
  static final Descriptor NODE_DEF;
  static final Descriptor ATTR_ENTRY;
  static final Descriptor ATTR_VALUE;
  static final Descriptor LIST_VALUE;
  static final Descriptor SHAPE;
  static final Descriptor DIM;
  static final Descriptor TENSOR;
  static final Descriptor VERSIONS;

  /** {@code DataType.DT_DOUBLE}: every value of this library is a double. */
  static final int DT_DOUBLE = 2;

  static {
    DescriptorProto dim = message("Dim", field("size", 1, Type.TYPE_INT64), field("name", 2, Type.TYPE_STRING));
    DescriptorProto shape = message("TensorShapeProto", repeated("dim", 2, ".tensorflow.TensorShapeProto.Dim"),
        field("unknown_rank", 3, Type.TYPE_BOOL)).toBuilder().addNestedType(dim).build();
    DescriptorProto tensor = message("TensorProto", field("dtype", 1, Type.TYPE_INT32),
        message("tensor_shape", 2, ".tensorflow.TensorShapeProto"), field("version_number", 3, Type.TYPE_INT32),
        packed(repeatedScalar("double_val", 6, Type.TYPE_DOUBLE)));
    DescriptorProto list = message("ListValue", repeatedScalar("s", 2, Type.TYPE_BYTES),
        packed(repeatedScalar("i", 3, Type.TYPE_INT64)), packed(repeatedScalar("type", 6, Type.TYPE_INT32)),
        repeated("shape", 7, ".tensorflow.TensorShapeProto"));
    DescriptorProto attrValue = message("AttrValue", message("list", 1, ".tensorflow.AttrValue.ListValue"),
        field("s", 2, Type.TYPE_BYTES), field("i", 3, Type.TYPE_INT64), field("type", 6, Type.TYPE_INT32),
        message("shape", 7, ".tensorflow.TensorShapeProto"), message("tensor", 8, ".tensorflow.TensorProto"))
        .toBuilder().addNestedType(list).build();
    // map<string, AttrValue> attr = 5 is, on the wire, a repeated entry message {key = 1, value = 2}
    DescriptorProto attrEntry = message("AttrEntry", field("key", 1, Type.TYPE_STRING),
        message("value", 2, ".tensorflow.AttrValue")).toBuilder()
        .setOptions(MessageOptions.newBuilder().setMapEntry(true)).build();
    DescriptorProto nodeDef = message("NodeDef", field("name", 1, Type.TYPE_STRING), field("op", 2, Type.TYPE_STRING),
        repeatedScalar("input", 3, Type.TYPE_STRING), field("device", 4, Type.TYPE_STRING),
        repeated("attr", 5, ".tensorflow.NodeDef.AttrEntry")).toBuilder().addNestedType(attrEntry).build();
    DescriptorProto versions = message("VersionDef", field("producer", 1, Type.TYPE_INT32),
        field("min_consumer", 2, Type.TYPE_INT32));
    DescriptorProto graphDef = message("GraphDef", repeated("node", 1, ".tensorflow.NodeDef"),
        message("versions", 4, ".tensorflow.VersionDef"));
    DescriptorProto histogram = message("HistogramProto", field("min", 1, Type.TYPE_DOUBLE),
        field("max", 2, Type.TYPE_DOUBLE), field("num", 3, Type.TYPE_DOUBLE), field("sum", 4, Type.TYPE_DOUBLE),
        field("sum_squares", 5, Type.TYPE_DOUBLE), packed(repeatedScalar("bucket_limit", 6, Type.TYPE_DOUBLE)),
        packed(repeatedScalar("bucket", 7, Type.TYPE_DOUBLE)));
    DescriptorProto value = message("Value", field("tag", 1, Type.TYPE_STRING),
        field("simple_value", 2, Type.TYPE_FLOAT), message("histo", 5, ".tensorflow.HistogramProto"));
    DescriptorProto summary = message("Summary", repeated("value", 1, ".tensorflow.Summary.Value")).toBuilder()
        .addNestedType(value).build();
    DescriptorProto event = message("Event", field("wall_time", 1, Type.TYPE_DOUBLE), field("step", 2, Type.TYPE_INT64),
        field("file_version", 3, Type.TYPE_STRING), field("graph_def", 4, Type.TYPE_BYTES),
        message("summary", 5, ".tensorflow.Summary"));
    FileDescriptorProto file = FileDescriptorProto.newBuilder().setName("autodiff_tensorboard.proto")
        .setPackage("tensorflow").setSyntax("proto3").addMessageType(shape).addMessageType(tensor)
        .addMessageType(attrValue).addMessageType(nodeDef).addMessageType(versions).addMessageType(graphDef)
        .addMessageType(histogram).addMessageType(summary).addMessageType(event).build();
    try {
      Descriptors.FileDescriptor fd = Descriptors.FileDescriptor.buildFrom(file, new Descriptors.FileDescriptor[0]);
      EVENT = fd.findMessageTypeByName("Event");
      SUMMARY = fd.findMessageTypeByName("Summary");
      VALUE = SUMMARY.findNestedTypeByName("Value");
      HISTOGRAM = fd.findMessageTypeByName("HistogramProto");
      GRAPH_DEF = fd.findMessageTypeByName("GraphDef");
      NODE_DEF = fd.findMessageTypeByName("NodeDef");
      ATTR_ENTRY = NODE_DEF.findNestedTypeByName("AttrEntry");
      ATTR_VALUE = fd.findMessageTypeByName("AttrValue");
      LIST_VALUE = ATTR_VALUE.findNestedTypeByName("ListValue");
      SHAPE = fd.findMessageTypeByName("TensorShapeProto");
      DIM = SHAPE.findNestedTypeByName("Dim");
      TENSOR = fd.findMessageTypeByName("TensorProto");
      VERSIONS = fd.findMessageTypeByName("VersionDef");
    } catch (Descriptors.DescriptorValidationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** The field {@code name} of {@code type}; the names are this class's own, so a miss is a bug here. */
  static FieldDescriptor f(Descriptor type, String name) {
    FieldDescriptor d = type.findFieldByName(name);
    if (d == null) {
      throw new IllegalStateException("tensorboard: " + type.getName() + " has no field " + name);
    }
    return d;
  }

  private static DescriptorProto message(String name, FieldDescriptorProto... fields) {
    DescriptorProto.Builder b = DescriptorProto.newBuilder().setName(name);
    for (FieldDescriptorProto field : fields) {
      b.addField(field);
    }
    return b.build();
  }

  private static FieldDescriptorProto field(String name, int number, Type type) {
    // proto3 optional-without-presence: the default value is not written
    return FieldDescriptorProto.newBuilder().setName(name).setNumber(number).setType(type)
        .setLabel(Label.LABEL_OPTIONAL).build();
  }

  private static FieldDescriptorProto message(String name, int number, String typeName) {
    return field(name, number, Type.TYPE_MESSAGE).toBuilder().setTypeName(typeName).build();
  }

  private static FieldDescriptorProto repeated(String name, int number, String typeName) {
    return message(name, number, typeName).toBuilder().setLabel(Label.LABEL_REPEATED).build();
  }

  private static FieldDescriptorProto repeatedScalar(String name, int number, Type type) {
    return field(name, number, type).toBuilder().setLabel(Label.LABEL_REPEATED).build();
  }

  private static FieldDescriptorProto packed(FieldDescriptorProto f) {
    return f.toBuilder().setOptions(FieldOptions.newBuilder().setPacked(true)).build();
  }
}
