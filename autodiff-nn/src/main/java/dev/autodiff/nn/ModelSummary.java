package dev.autodiff.nn;

import dev.autodiff.core.tensor.Image;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@link Model#summary()}: the layers of the network (a {@link Sequential}'s layers, else the network itself), each
 * with its name (unnamed layers get their kind, numbered from the second: {@code activation}, {@code activation_1}),
 * its type, its output shape with the batch dimension as {@code None} (Keras' {@code (None, height, width, channels)}
 * while the batch is one of images), and its parameter count (state included).
 */
final class ModelSummary {
  private ModelSummary() {}

  static String of(Model model) {
    Layer net = model.network();
    List<Layer> rows = net instanceof Sequential s ? s.layers()
        : net instanceof Ensemble e ? e.members() : List.of(net);
    List<String[]> cells = new ArrayList<>();
    Map<String, Integer> seen = new HashMap<>();
    int width = model.inputWidth();
    Image image = null;  // the geometry of the batch so far, while it is one of images
    for (Layer l : rows) {
      width = l.outputWidth(net instanceof Ensemble ? model.inputWidth() : width);
      if (l.outputImage().isPresent()) {
        image = l.outputImage().get();
      } else if (!(l instanceof Layers.ShapePreserving) || l instanceof Flatten) {
        image = null;
      }
      String shape = image == null ? "(None, " + width + ")"
          : "(None, " + image.height() + ", " + image.width() + ", " + image.channels() + ")";
      String kind = kind(l);
      String name = l.name();
      if (net instanceof Ensemble && name.isEmpty()) {
        name = "member" + (cells.size() + 1);
      }
      if (name.isEmpty()) {
        String base = kind.toLowerCase(Locale.ROOT);
        int k = seen.merge(base, 1, Integer::sum) - 1;
        name = k == 0 ? base : base + "_" + k;
      }
      int count = l.parameterCount() + l.state().stream().mapToInt(p -> p.shape().size()).sum();
      cells.add(new String[] {name + " (" + kind + ")", shape, format(count)});
    }
    int[] w = {"Layer (type)".length(), "Output Shape".length(), "Param #".length()};
    for (String[] c : cells) {
      for (int i = 0; i < 3; i++) {
        w[i] = Math.max(w[i], c[i].length());
      }
    }
    int total = w[0] + w[1] + w[2] + 6;
    StringBuilder b = new StringBuilder();
    b.append("Model: ").append(model.inputWidth()).append(" inputs -> ").append(model.outputWidth())
        .append(" outputs\n");
    b.append("_".repeat(total)).append('\n');
    row(b, w, "Layer (type)", "Output Shape", "Param #");
    b.append("=".repeat(total)).append('\n');
    for (String[] c : cells) {
      row(b, w, c[0], c[1], c[2]);
    }
    b.append("=".repeat(total)).append('\n');
    if (net instanceof Ensemble e) {
      b.append("Output: ").append(e.describe()).append('\n');
    }
    int trainable = model.trainableParameterCount();
    int nonTrainable = model.nonTrainableParameterCount();
    b.append("Total params: ").append(format(trainable + nonTrainable)).append('\n');
    b.append("Trainable params: ").append(format(trainable)).append('\n');
    b.append("Non-trainable params: ").append(format(nonTrainable)).append('\n');
    b.append("_".repeat(total)).append('\n');
    return b.toString();
  }

  private static void row(StringBuilder b, int[] w, String a, String c, String d) {
    b.append(' ').append(pad(a, w[0])).append("  ").append(pad(c, w[1])).append("  ").append(pad(d, w[2]))
        .append('\n');
  }

  private static String pad(String s, int n) {
    return s + " ".repeat(n - s.length());
  }

  private static String format(int n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  /** The type column: the layer's {@link Layer#kind()}. */
  static String kind(Layer l) {
    return l.kind();
  }


}
