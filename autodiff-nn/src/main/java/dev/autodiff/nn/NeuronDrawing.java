package dev.autodiff.nn;

import static com.google.common.base.Preconditions.checkArgument;
import static dev.autodiff.core.Require.checkNotNull;

import dev.autodiff.core.tensor.TensorFormat;

/**
 * A {@link NeuronView} as the lecture draws an MLP: one circle per neuron with {@code S_j}, {@code y_j} and
 * {@code delta_j}, a "+1" bias neuron under each layer, and one edge per weight {@code w_ij} labelled with its value
 * and {@code dE/dw_ij}, or, for a learning rate {@code eta > 0}, the step {@code Delta w_ij = -eta dE/dw_ij}. Deterministic
 * Graphviz DOT, left to right.
 */
public final class NeuronDrawing {
  private NeuronDrawing() {}

  /** The drawing with {@code dE/dw_ij} on the edges. */
  public static String dot(NeuronView v) {
    return dot(v, 0);
  }

  /** The drawing with {@code Delta w_ij = -eta dE/dw_ij} on the edges ({@code eta = 0}: {@code dE/dw_ij}). */
  public static String dot(NeuronView v, double eta) {
    checkNotNull(v, "neuron drawing: view is null");
    checkArgument(eta >= 0 && Double.isFinite(eta), "neuron drawing: learning rate must be finite and >= 0, got %s",
        eta);
    StringBuilder b = new StringBuilder("digraph neurons {\n");
    b.append("  graph [rankdir=LR, fontname=\"Helvetica\", fontsize=12, nodesep=0.35, ranksep=1.6, labelloc=t, ")
        .append("label=<<b>E = 1/2 &#8721; e<sub>j</sub><sup>2</sup> = ").append(num(v.error())).append("</b>>];\n");
    b.append("  node [fontname=\"Helvetica\", fontsize=11, shape=circle, style=filled, fillcolor=\"#dbeafe\", ")
        .append("margin=0.02];\n");
    b.append("  edge [fontname=\"Helvetica\", fontsize=9, color=\"#6b7280\", arrowsize=0.6];\n");
    int top = v.layers().size();
    for (int i = 0; i < v.inputs().length; i++) {
      b.append("  l0n").append(i + 1).append(" [label=<x<sub>").append(i + 1).append("</sub> = y<sub>")
          .append(i + 1).append("</sub><br/>").append(num(v.inputs()[i])).append(">];\n");
    }
    for (int l = 1; l <= top; l++) {
      NeuronView.Layer layer = v.layers().get(l - 1);
      b.append("  l").append(l - 1).append("b [label=\"+1\", shape=circle, fillcolor=\"#f3f4f6\"];\n");
      for (int j = 0; j < layer.size(); j++) {
        b.append("  l").append(l).append('n').append(j + 1).append(" [label=<S<sub>").append(j + 1).append("</sub> = ")
            .append(num(layer.sums()[j])).append("<br/>y<sub>").append(j + 1).append("</sub> = ")
            .append(num(layer.outputs()[j])).append("<br/><font color=\"#b91c1c\">&#948;<sub>").append(j + 1)
            .append("</sub> = ").append(num(layer.deltas()[j])).append("</font><br/><font color=\"#6b7280\">")
            .append(escape(layer.activation())).append("</font>>, fillcolor=\"")
            .append(l == top ? "#fee2e2" : "#fef3c7").append("\"];\n");
      }
      int inputs = l == 1 ? v.inputs().length : v.layers().get(l - 2).size();
      for (int j = 0; j < layer.size(); j++) {
        for (int i = 0; i <= inputs; i++) {
          String from = i == 0 ? "l" + (l - 1) + "b" : "l" + (l - 1) + "n" + i;
          double g = layer.gradients()[i][j];
          String step = eta > 0 ? "&#916;w = " + num(-eta * g) : "dE/dw = " + num(g);
          b.append("  ").append(from).append(" -> l").append(l).append('n').append(j + 1)
              .append(" [label=<w<sub>").append(i).append(',').append(j + 1).append("</sub> = ").append(num(layer.weights()[i][j]))
              .append("<br/><font color=\"#b91c1c\">").append(step).append("</font>>];\n");
        }
      }
    }
    for (int j = 0; j < v.desired().length; j++) {
      b.append("  d").append(j + 1).append(" [shape=box, style=\"rounded,filled\", fillcolor=\"#f3f4f6\", label=<d<sub>")
          .append(j + 1).append("</sub> = ").append(num(v.desired()[j])).append("<br/>e<sub>").append(j + 1)
          .append("</sub> = ").append(num(v.desired()[j] - v.layers().get(top - 1).outputs()[j])).append(">];\n");
      b.append("  l").append(top).append('n').append(j + 1).append(" -> d").append(j + 1)
          .append(" [style=dashed, arrowhead=none];\n");
    }
    return b.append("}\n").toString();
  }

  private static String num(double v) {
    return escape(TensorFormat.number(v));
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
