package dev.autodiff.core.print;

import dev.autodiff.core.graph.Constant;
import dev.autodiff.core.graph.Node;
import dev.autodiff.core.graph.Notation;
import dev.autodiff.core.tensor.Tensor;
import dev.autodiff.core.tensor.TensorFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The pieces of one node's printed form for {@link Formula}: strings, and the input nodes still to expand, with the
 * parentheses that precedence needs.
 */
final class Pieces {
  private Pieces() {}

  /** The symbol {@code symbols} gives {@code n} (a display name, a leaf's name), or null: then a leaf prints its text. */
  static String symbolOf(Node n, Function<? super Node, String> symbols) {
    return symbols.apply(n);
  }

  /** How tightly the printed form of {@code n} binds, for deciding parentheses around it. */
  static int precedence(Node n, boolean latex, Function<? super Node, String> symbols) {
    String symbol = symbolOf(n, symbols);
    if (symbol != null) {
      return symbol.startsWith("-") ? Notation.UNARY : Notation.ATOM;
    }
    if (n.isLeaf()) {
      return leafText(n, latex).startsWith("-") ? Notation.UNARY : Notation.ATOM;
    }
    Notation no = n.op().notation();
    if (no.kind() == Notation.Kind.TRANSPARENT) {
      return precedence(n.input(0), latex, symbols);
    }
    if (latex && no.latexTemplate() != null) {
      return no.latexPrecedence();
    }
    if (no.kind() == Notation.Kind.INFIX && n.arity() != 2) {
      return Notation.ATOM;
    }
    return no.precedence();
  }

  static String leafText(Node n, boolean latex) {
    if (n.op() instanceof Constant c && n.name().isEmpty()) {
      String s = c.text();
      if (!s.startsWith("const[")) {
        return s;
      }
      return c.value().size() <= MAX_PRINTED_ELEMENTS ? values(c.value(), latex)
          : latex ? "C_{" + n.id() + "}" : s;
    }
    return latex ? Formula.latexName(n.label()) : n.label();
  }

  /** Constants up to this many elements print as their values; larger ones as {@code const[rows x cols]}. */
  static final int MAX_PRINTED_ELEMENTS = 9;

  /** {@code [[1, 2], [3, 4]]}, or in LaTeX {@code \begin{pmatrix} 1 & 2 \\ 3 & 4 \end{pmatrix}}. */
  static String values(Tensor t, boolean latex) {
    if (t.shape().isScalar()) {
      return TensorFormat.number(t.item());
    }
    StringBuilder sb = new StringBuilder(latex ? "\\begin{pmatrix} " : "[");
    for (int i = 0; i < t.rows(); i++) {
      sb.append(i == 0 ? "" : latex ? " \\\\ " : ", ").append(latex ? "" : "[");
      for (int j = 0; j < t.cols(); j++) {
        sb.append(j == 0 ? "" : latex ? " & " : ", ").append(TensorFormat.number(t.get(i, j)));
      }
      sb.append(latex ? "" : "]");
    }
    return sb.append(latex ? " \\end{pmatrix}" : "]").toString();
  }

  /** The pieces of one node's printed form: strings, and input nodes still to expand. */
  static List<Object> expand(Node n, boolean latex, Function<? super Node, String> symbols) {
    List<Object> p = new ArrayList<>();
    if (n.isLeaf()) {
      p.add(leafText(n, latex));
      return p;
    }
    Notation no = n.op().notation();
    if (no.kind() == Notation.Kind.TRANSPARENT) {
      p.add(n.input(0));
      return p;
    }
    if (latex && no.latexTemplate() != null) {
      fillTemplate(n, no, p, symbols);
      return p;
    }
    switch (no.kind()) {
      case INFIX:
        if (n.arity() == 2) {
          String sym = latex ? no.latex() : no.symbol();
          boolean tight = !latex && no.precedence() == Notation.MULTIPLICATIVE;
          wrap(p, n.input(0), precedence(n.input(0), latex, symbols) < no.precedence(), latex);
          p.add(sym.isEmpty() ? " " : tight ? sym : " " + sym + " ");
          wrap(p, n.input(1), precedence(n.input(1), latex, symbols) <= no.precedence(), latex);
          return p;
        }
        break;
      case PREFIX:
        p.add(latex ? no.latex() : no.symbol());
        wrap(p, n.input(0), precedence(n.input(0), latex, symbols) < no.precedence(), latex);
        return p;
      case POWER: {
        String exponent = no.attributes().get(0);
        p.add(latex ? "{" : "");
        wrap(p, n.input(0), precedence(n.input(0), latex, symbols) <= Notation.POWER_PRECEDENCE, latex);
        p.add(latex ? "}^{" + exponent + "}" : "^" + exponent);
        return p;
      }
      default:
        break;
    }
    p.add(latex ? no.latex() + "\\left(" : no.symbol() + "(");
    for (int i = 0; i < n.arity(); i++) {
      if (i > 0) {
        p.add(", ");
      }
      p.add(n.input(i));
    }
    for (String a : no.attributes()) {
      p.add(", " + (latex ? "\\text{" + a + "}" : a));
    }
    p.add(latex ? "\\right)" : ")");
    return p;
  }

  /** The op's LaTeX template: {@code #i} is input i as it is, {@code #!i} input i in parentheses where needed. */
  static void fillTemplate(Node n, Notation no, List<Object> p, Function<? super Node, String> symbols) {
    String t = no.latexTemplate();
    int start = 0;
    for (int i = t.indexOf('#'); i >= 0; i = t.indexOf('#', start)) {
      p.add(t.substring(start, i));
      boolean wrapped = i + 1 < t.length() && t.charAt(i + 1) == '!';
      int digit = i + (wrapped ? 2 : 1);
      Node input = n.input(t.charAt(digit) - '0');
      wrap(p, input, wrapped && precedence(input, true, symbols) <= no.latexPrecedence(), true);
      start = digit + 1;
    }
    p.add(t.substring(start));
  }

  static void wrap(List<Object> p, Node child, boolean parens, boolean latex) {
    if (parens) {
      p.add(latex ? "\\left(" : "(");
      p.add(child);
      p.add(latex ? "\\right)" : ")");
    } else {
      p.add(child);
    }
  }
}
