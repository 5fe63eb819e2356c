package dev.autodiff.nn.tensorboard;

import java.util.ArrayList;
import java.util.List;

/**
 * The protobuf text format that {@code protoc --decode} prints (one field per line: {@code key: value},
 * {@code key {}, {@code }}), parsed into a tree for assertions. Strings keep protoc's escapes.
 */
final class TextProto {
  private final List<String> keys = new ArrayList<>();
  private final List<Object> values = new ArrayList<>();

  static TextProto parse(String text) {
    TextProto root = new TextProto();
    List<TextProto> stack = new ArrayList<>(List.of(root));
    for (String raw : text.split("\n")) {
      String line = raw.strip();
      if (line.isEmpty()) {
        continue;
      }
      TextProto top = stack.get(stack.size() - 1);
      if (line.equals("}")) {
        stack.remove(stack.size() - 1);
      } else if (line.endsWith(" {")) {
        TextProto child = new TextProto();
        top.keys.add(line.substring(0, line.length() - 2));
        top.values.add(child);
        stack.add(child);
      } else {
        int colon = line.indexOf(": ");
        if (colon < 0) {
          throw new IllegalArgumentException("not protoc's text format: " + line);
        }
        top.keys.add(line.substring(0, colon));
        top.values.add(line.substring(colon + 2));
      }
    }
    if (stack.size() != 1) {
      throw new IllegalArgumentException("unbalanced braces in protoc's output");
    }
    return root;
  }

  List<TextProto> messages(String key) {
    List<TextProto> out = new ArrayList<>();
    for (int i = 0; i < keys.size(); i++) {
      if (keys.get(i).equals(key) && values.get(i) instanceof TextProto m) {
        out.add(m);
      }
    }
    return out;
  }

  TextProto message(String key) {
    List<TextProto> all = messages(key);
    if (all.size() != 1) {
      throw new AssertionError(all.size() + " messages " + key + " in " + this);
    }
    return all.get(0);
  }

  boolean has(String key) {
    return keys.contains(key);
  }

  List<String> scalars(String key) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < keys.size(); i++) {
      if (keys.get(i).equals(key) && values.get(i) instanceof String s) {
        out.add(s);
      }
    }
    return out;
  }

  /** The one value of {@code key}, unquoted when it is a string (escapes left as protoc printed them). */
  String scalar(String key) {
    List<String> all = scalars(key);
    if (all.size() != 1) {
      throw new AssertionError(all.size() + " values of " + key + " in " + this);
    }
    return unquote(all.get(0));
  }

  static String unquote(String s) {
    return s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"") ? s.substring(1, s.length() - 1) : s;
  }

  /** A number; absent is 0, as proto3 writes no field that holds its default. */
  double number(String key) {
    return has(key) ? Double.parseDouble(scalar(key)) : 0;
  }

  List<Double> numbers(String key) {
    return scalars(key).stream().map(Double::parseDouble).toList();
  }

  @Override
  public String toString() {
    return "{" + keys + "}";
  }
}
