package dev.autodiff.core.viz;

import dev.autodiff.core.tensor.Shape;
import dev.autodiff.core.tensor.Tensor;
import dev.autodiff.core.tensor.TensorFormat;
import java.util.ArrayList;
import java.util.List;

/** How values print in traces and drawings: the fixed number format, matrices as a few rows. */
final class Numbers {
  private Numbers() {}

  /**
   * A scalar (or a 1x1 matrix, whose shape drawings show apart) as a number; a matrix as
   * {@code 2x3 [[1, 2, 3], [4, 5, 6]]} with at most {@code max} per side.
   */
  static String inline(Tensor t, int max) {
    return t.size() == 1 ? TensorFormat.number(t.at(0)) : TensorFormat.preview(t, max);
  }

  /** A number in a sum: negative numbers in parentheses. */
  static String term(Tensor t, int max) {
    String s = inline(t, max);
    return s.startsWith("-") ? "(" + s + ")" : s;
  }

  /** The rows of a matrix preview, one string each ({@code [1, 2, …, 9]}), with {@code …} for elided rows. */
  static List<String> rows(Tensor t, int max) {
    Shape s = t.shape();
    List<String> out = new ArrayList<>();
    if (t.size() == 1) {
      out.add(TensorFormat.number(t.at(0)));
      return out;
    }
    for (int r = 0; r < s.rows(); r++) {
      if (r == max - 1 && s.rows() > max) {
        out.add("…");
        r = s.rows() - 1;
      }
      StringBuilder b = new StringBuilder("[");
      for (int c = 0; c < s.cols(); c++) {
        if (c == max - 1 && s.cols() > max) {
          b.append("…, ");
          c = s.cols() - 1;
        }
        b.append(TensorFormat.number(t.get(r, c)));
        if (c < s.cols() - 1) {
          b.append(", ");
        }
      }
      out.add(b.append(']').toString());
    }
    return out;
  }

  /** A number in LaTeX: {@code 1.5e-07} becomes {@code 1.5 \times 10^{-7}}. */
  static String latexNumber(double v) {
    String s = TensorFormat.number(v);
    int e = s.indexOf('e');
    if (e < 0) {
      return s.equals("Infinity") ? "\\infty" : s.equals("-Infinity") ? "-\\infty" : s;
    }
    return s.substring(0, e) + " \\times 10^{" + Integer.parseInt(s.substring(e + 1)) + "}";
  }

  /** A value in LaTeX as a factor of a product: a negative number in parentheses. */
  static String latexTerm(Tensor t, int max) {
    String s = latex(t, max);
    return s.startsWith("-") ? "\\left(" + s + "\\right)" : s;
  }

  /** A value in LaTeX: a number, or a {@code pmatrix} with at most {@code max} rows and columns. */
  static String latex(Tensor t, int max) {
    Shape s = t.shape();
    if (t.size() == 1) {
      return latexNumber(t.at(0));
    }
    StringBuilder b = new StringBuilder("\\begin{pmatrix}");
    for (int r = 0; r < s.rows(); r++) {
      if (r == max - 1 && s.rows() > max) {
        b.append("\\vdots \\\\ ");
        r = s.rows() - 1;
      }
      for (int c = 0; c < s.cols(); c++) {
        if (c == max - 1 && s.cols() > max) {
          b.append("\\cdots & ");
          c = s.cols() - 1;
        }
        b.append(latexNumber(t.get(r, c)));
        if (c < s.cols() - 1) {
          b.append(" & ");
        }
      }
      if (r < s.rows() - 1) {
        b.append(" \\\\ ");
      }
    }
    return b.append("\\end{pmatrix}").toString();
  }
}
