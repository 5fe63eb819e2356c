package dev.autodiff.examples.logs;

import com.google.common.hash.Hashing;
import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.Descriptors;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * TensorBoard's event-file format: TFRecord framing (little-endian {@code uint64} length, masked CRC-32C of the
 * length, the data, masked CRC-32C of the data) around protobuf {@code Event} messages. The messages are encoded
 * by the protobuf library from descriptors of the fields TensorBoard reads ({@code Event.wall_time = 1},
 * {@code step = 2}, {@code file_version = 3}, {@code summary = 5}; {@code Summary.value = 1};
 * {@code Value.tag = 1}, {@code simple_value = 2}), built here at run time so the build needs no protoc.
 */
public final class TensorBoard {
  private TensorBoard() {}

  static final Descriptors.Descriptor EVENT;
  static final Descriptors.Descriptor SUMMARY;
  static final Descriptors.Descriptor VALUE;

  static {
    FieldDescriptorProto.Label optional = FieldDescriptorProto.Label.LABEL_OPTIONAL;
    DescriptorProto value = DescriptorProto.newBuilder().setName("Value")
        .addField(field("tag", 1, FieldDescriptorProto.Type.TYPE_STRING, optional, null))
        .addField(field("simple_value", 2, FieldDescriptorProto.Type.TYPE_FLOAT, optional, null)).build();
    DescriptorProto summary = DescriptorProto.newBuilder().setName("Summary").addNestedType(value)
        .addField(field("value", 1, FieldDescriptorProto.Type.TYPE_MESSAGE, FieldDescriptorProto.Label.LABEL_REPEATED,
            ".tensorflow.Summary.Value")).build();
    DescriptorProto event = DescriptorProto.newBuilder().setName("Event")
        .addField(field("wall_time", 1, FieldDescriptorProto.Type.TYPE_DOUBLE, optional, null))
        .addField(field("step", 2, FieldDescriptorProto.Type.TYPE_INT64, optional, null))
        .addField(field("file_version", 3, FieldDescriptorProto.Type.TYPE_STRING, optional, null))
        .addField(field("summary", 5, FieldDescriptorProto.Type.TYPE_MESSAGE, optional, ".tensorflow.Summary"))
        .build();
    FileDescriptorProto file = FileDescriptorProto.newBuilder().setName("autodiff_tensorboard_event.proto")
        .setPackage("tensorflow").setSyntax("proto3").addMessageType(summary).addMessageType(event).build();
    try {
      Descriptors.FileDescriptor fd = Descriptors.FileDescriptor.buildFrom(file, new Descriptors.FileDescriptor[0]);
      EVENT = fd.findMessageTypeByName("Event");
      SUMMARY = fd.findMessageTypeByName("Summary");
      VALUE = SUMMARY.findNestedTypeByName("Value");
    } catch (Descriptors.DescriptorValidationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private static FieldDescriptorProto field(String name, int number, FieldDescriptorProto.Type type,
      FieldDescriptorProto.Label label, String typeName) {
    FieldDescriptorProto.Builder b = FieldDescriptorProto.newBuilder().setName(name).setNumber(number).setType(type)
        .setLabel(label);
    if (typeName != null) {
      b.setTypeName(typeName);
    }
    return b.build();
  }

  /** The first event of every file: {@code file_version = "brain.Event:2"}. */
  static byte[] fileVersion(double wallTime) {
    return DynamicMessage.newBuilder(EVENT).setField(EVENT.findFieldByName("wall_time"), wallTime)
        .setField(EVENT.findFieldByName("file_version"), "brain.Event:2").build().toByteArray();
  }

  /** An event carrying scalar values at a step. */
  static byte[] scalars(double wallTime, long step, List<String> tags, List<Double> values) {
    DynamicMessage.Builder summary = DynamicMessage.newBuilder(SUMMARY);
    for (int i = 0; i < tags.size(); i++) {
      DynamicMessage v = DynamicMessage.newBuilder(VALUE).setField(VALUE.findFieldByName("tag"), tags.get(i))
          .setField(VALUE.findFieldByName("simple_value"), values.get(i).floatValue()).build();
      summary.addRepeatedField(SUMMARY.findFieldByName("value"), v);
    }
    return DynamicMessage.newBuilder(EVENT).setField(EVENT.findFieldByName("wall_time"), wallTime)
        .setField(EVENT.findFieldByName("step"), step)
        .setField(EVENT.findFieldByName("summary"), summary.build()).build().toByteArray();
  }

  /** TFRecord's masked CRC-32C. */
  static int maskedCrc(byte[] data, int offset, int length) {
    int crc = Hashing.crc32c().hashBytes(data, offset, length).asInt();
    return ((crc >>> 15) | (crc << 17)) + 0xa282ead8;
  }

  /** One framed record. */
  static byte[] frame(byte[] data) {
    ByteBuffer b = ByteBuffer.allocate(8 + 4 + data.length + 4).order(ByteOrder.LITTLE_ENDIAN);
    b.putLong(data.length);
    byte[] len = new byte[8];
    ByteBuffer.wrap(len).order(ByteOrder.LITTLE_ENDIAN).putLong(data.length);
    b.putInt(maskedCrc(len, 0, 8));
    b.put(data);
    b.putInt(maskedCrc(data, 0, data.length));
    return b.array();
  }

  /** A decoded scalar event. */
  public record Scalar(long step, String tag, float value) {}

  /**
   * Reads an event file back record by record, checking every length and CRC, and returns its scalars.
   *
   * @throws IOException naming the record and what is wrong (truncated, bad CRC, not an Event)
   */
  public static List<Scalar> read(byte[] file) throws IOException {
    List<Scalar> out = new ArrayList<>();
    ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
    int record = 0;
    boolean sawVersion = false;
    while (b.hasRemaining()) {
      if (b.remaining() < 12) {
        throw new IOException("event file: record " + record + ": truncated header");
      }
      int start = b.position();
      long length = b.getLong();
      int lengthCrc = b.getInt();
      if (lengthCrc != maskedCrc(file, start, 8)) {
        throw new IOException("event file: record " + record + ": bad length CRC");
      }
      if (length < 0 || length > b.remaining() - 4) {
        throw new IOException("event file: record " + record + ": truncated data (" + length + " bytes announced)");
      }
      int dataStart = b.position();
      byte[] data = new byte[(int) length];
      b.get(data);
      if (b.getInt() != maskedCrc(file, dataStart, (int) length)) {
        throw new IOException("event file: record " + record + ": bad data CRC");
      }
      DynamicMessage event;
      try {
        event = DynamicMessage.parseFrom(EVENT, data);
      } catch (InvalidProtocolBufferException e) {
        throw new IOException("event file: record " + record + ": not an Event: " + e.getMessage(), e);
      }
      if (record == 0) {
        sawVersion = "brain.Event:2".equals(event.getField(EVENT.findFieldByName("file_version")));
      }
      if (event.hasField(EVENT.findFieldByName("summary"))) {
        long step = (Long) event.getField(EVENT.findFieldByName("step"));
        DynamicMessage summary = (DynamicMessage) event.getField(EVENT.findFieldByName("summary"));
        Descriptors.FieldDescriptor values = SUMMARY.findFieldByName("value");
        for (int i = 0; i < summary.getRepeatedFieldCount(values); i++) {
          DynamicMessage v = (DynamicMessage) summary.getRepeatedField(values, i);
          out.add(new Scalar(step, (String) v.getField(VALUE.findFieldByName("tag")),
              (Float) v.getField(VALUE.findFieldByName("simple_value"))));
        }
      }
      record++;
    }
    if (!sawVersion) {
      throw new IOException("event file: the first record is not file_version brain.Event:2");
    }
    return out;
  }
}
