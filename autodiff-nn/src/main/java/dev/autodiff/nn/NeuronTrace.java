package dev.autodiff.nn;

import static dev.autodiff.core.Require.checkNotNull;

import dev.autodiff.core.tensor.TensorFormat;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link NeuronView} written out as the lecture writes backpropagation in an MLP, neuron by neuron, with the
 * numbers: the forward pass ({@code S_j = sum_i w_ij y_i}, {@code y_j = phi(S_j)}), the errors
 * {@code e_j = d_j - y_j}, the local gradients ({@code delta_j = phi'(S_j) e_j} on the output layer,
 * {@code delta_j = phi'(S_j) sum_k delta_k w_jk} below) and {@code dE/dw_ij = -delta_j y_i}. Layers are numbered
 * from 1 (the inputs are layer 0, {@code y_i^(0) = x_i}); {@code y_0 = +1} is the bias neuron, {@code w_0j} its weight.
 */
public final class NeuronTrace {
  /** How symbols and products are written: plain text, Markdown or LaTeX. */
  private enum Style {
    TEXT, MARKDOWN, LATEX;

    String sym(String base, String index, int layer) {
      return switch (this) {
        case LATEX -> base + "^{(" + layer + ")}_{" + index + "}";
        default -> base + "_" + index + "^(" + layer + ")";
      };
    }

    String delta() {
      return this == LATEX ? "\\delta" : "delta";
    }

    String phi() {
      return this == LATEX ? "\\varphi" : "phi";
    }

    String times() {
      return this == LATEX ? " \\cdot " : " * ";
    }

    String sum(String over) {
      return this == LATEX ? "\\sum_{" + over + "} " : "sum_" + over + " ";
    }

    String dEdw(String ij, int layer) {
      return this == LATEX ? "\\frac{\\partial E}{\\partial " + sym("w", ij, layer) + "}" : "dE/d" + sym("w", ij, layer);
    }

    String line(String formula) {
      return switch (this) {
        case TEXT -> "  " + formula;
        case MARKDOWN -> "- `" + formula + "`";
        case LATEX -> formula + " \\\\";
      };
    }

    String heading(String text) {
      return switch (this) {
        case TEXT -> text;
        case MARKDOWN -> "\n**" + text + "**\n";
        case LATEX -> "\\text{" + text + "} \\\\";
      };
    }
  }

  private NeuronTrace() {}

  /** The trace as plain text. */
  public static String text(NeuronView v) {
    return write(v, Style.TEXT);
  }

  /** The trace as Markdown (one list item per formula). */
  public static String markdown(NeuronView v) {
    return write(v, Style.MARKDOWN);
  }

  /** The trace as LaTeX, one {@code align*} environment. */
  public static String latex(NeuronView v) {
    return "\\begin{align*}\n" + write(v, Style.LATEX) + "\\end{align*}\n";
  }

  private static String write(NeuronView v, Style s) {
    checkNotNull(v, "neuron trace: view is null");
    List<String> out = new ArrayList<>();
    int top = v.layers().size();
    out.add(s.heading("forward pass"));
    for (int l = 1; l <= top; l++) {
      NeuronView.Layer layer = v.layers().get(l - 1);
      double[] in = v.outputsOf(l - 1);
      for (int j = 0; j < layer.size(); j++) {
        String jj = String.valueOf(j + 1);
        StringBuilder terms = new StringBuilder(num(layer.weights()[0][j]));
        for (int i = 0; i < in.length; i++) {
          terms.append(" + ").append(num(layer.weights()[i + 1][j])).append(s.times()).append(num(in[i]));
        }
        out.add(s.line(s.sym("S", jj, l) + " = " + s.sum("i") + s.sym("w", "i," + jj, l) + " " + s.sym("y", "i", l - 1)
            + " = " + terms + " = " + result(layer.sums()[j])));
        out.add(s.line(s.sym("y", jj, l) + " = " + layer.activation() + "(" + s.sym("S", jj, l) + ") = "
            + result(layer.outputs()[j])));
      }
    }
    out.add(s.heading("error: E = 1/2 sum_j e_j^2 = " + result(v.error())));
    NeuronView.Layer last = v.layers().get(top - 1);
    for (int j = 0; j < last.size(); j++) {
      String jj = String.valueOf(j + 1);
      out.add(s.line("e_" + jj + " = d_" + jj + " - " + s.sym("y", jj, top) + " = " + num(v.desired()[j]) + " - "
          + num(last.outputs()[j]) + " = " + result(v.desired()[j] - last.outputs()[j])));
    }
    for (int l = top; l >= 1; l--) {
      NeuronView.Layer layer = v.layers().get(l - 1);
      out.add(s.heading(l == top ? "output layer " + l + ": local gradients" : "layer " + l + ": local gradients"));
      for (int j = 0; j < layer.size(); j++) {
        String jj = String.valueOf(j + 1);
        String phiPrime = s.phi() + "'(" + s.sym("S", jj, l) + ")";
        String deltaJ = s.sym(s.delta(), jj, l);
        if (l == top) {
          out.add(s.line(deltaJ + " = " + phiPrime + " e_" + jj + " = " + num(layer.derivatives()[j]) + s.times()
              + num(v.desired()[j] - layer.outputs()[j]) + " = " + result(layer.deltas()[j])));
        } else {
          NeuronView.Layer next = v.layers().get(l);
          StringBuilder terms = new StringBuilder();
          for (int k = 0; k < next.size(); k++) {
            terms.append(k == 0 ? "" : " + ").append(num(next.deltas()[k])).append(s.times())
                .append(num(next.weights()[j + 1][k]));
          }
          out.add(s.line(deltaJ + " = " + phiPrime + " " + s.sum("k") + s.sym(s.delta(), "k", l + 1)
              + " " + s.sym("w", jj + ",k", l + 1) + " = " + num(layer.derivatives()[j]) + s.times() + "(" + terms
              + ") = " + result(layer.deltas()[j])));
        }
      }
      double[] in = v.outputsOf(l - 1);
      for (int j = 0; j < layer.size(); j++) {
        String jj = String.valueOf(j + 1);
        for (int i = 0; i <= in.length; i++) {
          double yi = i == 0 ? 1 : in[i - 1];
          out.add(s.line(s.dEdw(i + "," + jj, l) + " = -" + s.sym(s.delta(), jj, l) + " " + s.sym("y", "" + i, l - 1)
              + " = -" + num(layer.deltas()[j]) + s.times() + num(yi) + " = " + result(layer.gradients()[i][j])));
        }
      }
    }
    return String.join("\n", out) + "\n";
  }

  /** A result, after its "=": as it is. */
  private static String result(double v) {
    return TensorFormat.number(v);
  }

  /** A factor or a term: negative ones in parentheses. */
  private static String num(double v) {
    String t = TensorFormat.number(v);
    return v < 0 ? "(" + t + ")" : t;
  }
}
