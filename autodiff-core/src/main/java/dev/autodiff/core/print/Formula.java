package dev.autodiff.core.print;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import dev.autodiff.core.graph.Constant;
import dev.autodiff.core.graph.Node;
import dev.autodiff.core.graph.Notation;
import dev.autodiff.core.graph.Traversal;
import dev.autodiff.core.ops.Binary;
import dev.autodiff.core.ops.MatMul;
import dev.autodiff.core.ops.Transpose;
import dev.autodiff.core.ops.Unary;
import java.util.List;

/**
 * Prints any node, gradients included, as a formula: infix ({@code exp(w1*x + w0) + 1}) or LaTeX
 * ({@code \exp\left(w_{1} \cdot x + w_{0}\right) + 1}).
 *
 * <p>Leaves print as their names (constants as numbers); inner nodes expand. Parentheses appear only where
 * precedence needs them. Shared subexpressions are printed where they are used, and a subformula longer than
 * the budget is elided as {@code …}, so printing is linear in the graph size even for deep, shared graphs. No
 * recursion on graph depth.
 */
public final class Formula {
  /** The default budget in characters for one formula. */
  public static final int DEFAULT_MAX_CHARS = 4000;

  private Formula() {}

  /** The infix formula of {@code node}, within {@link #DEFAULT_MAX_CHARS}. */
  public static String infix(Node node) {
    return infix(node, DEFAULT_MAX_CHARS);
  }

  /** The infix formula of {@code node}; subformulas longer than {@code maxChars} are elided as {@code …}. */
  public static String infix(Node node, int maxChars) {
    return print(node, maxChars, false);
  }

  /** The LaTeX formula of {@code node}, within {@link #DEFAULT_MAX_CHARS}. */
  public static String latex(Node node) {
    return latex(node, DEFAULT_MAX_CHARS);
  }

  /** The LaTeX formula of {@code node}; subformulas longer than {@code maxChars} are elided as {@code \ldots}. */
  public static String latex(Node node, int maxChars) {
    return print(node, maxChars, true);
  }

  private record Text(String s, int precedence) {}

  private static String print(Node node, int maxChars, boolean latex) {
    checkNotNull(node, "formula: node is null");
    checkArgument(maxChars >= 8, "formula: budget must be at least 8 characters, got %s", maxChars);
    List<Node> order = Traversal.ancestors(node);
    Text[] texts = new Text[node.id() + 1];
    for (Node n : order) {
      Text t = n.isLeaf() ? leaf(n, latex) : inner(n, texts, latex);
      if (t.s.length() > maxChars) {
        t = new Text(latex ? "\\ldots" : "…", Notation.ATOM);
      }
      texts[n.id()] = t;
    }
    return texts[node.id()].s;
  }

  private static Text leaf(Node n, boolean latex) {
    if (n.op() instanceof Constant c && n.name().isEmpty()) {
      String s = c.text();
      if (latex && s.startsWith("const[")) {
        s = "C_{" + n.id() + "}";
      }
      return new Text(s, s.startsWith("-") ? Notation.UNARY : Notation.ATOM);
    }
    String name = n.label();
    return new Text(latex ? latexName(name) : name, Notation.ATOM);
  }

  private static Text inner(Node n, Text[] texts, boolean latex) {
    Notation no = n.op().notation();
    Text[] args = new Text[n.arity()];
    for (int i = 0; i < args.length; i++) {
      args[i] = texts[n.input(i).id()];
    }
    if (latex) {
      Text special = latexSpecial(n, args);
      if (special != null) {
        return special;
      }
    }
    switch (no.kind()) {
      case INFIX: {
        if (args.length != 2) {
          return function(no, args, latex);
        }
        String sym = latex ? no.latex() : no.symbol();
        String sep = sym.isEmpty() ? " " : (!latex && no.precedence() == Notation.MULTIPLICATIVE ? sym : " " + sym + " ");
        String left = wrap(args[0], args[0].precedence < no.precedence(), latex);
        String right = wrap(args[1], args[1].precedence <= no.precedence(), latex);
        return new Text(left + sep + right, no.precedence());
      }
      case PREFIX:
        return new Text((latex ? no.latex() : no.symbol()) + wrap(args[0], args[0].precedence < no.precedence(), latex),
            no.precedence());
      case POWER: {
        String base = wrap(args[0], args[0].precedence <= Notation.POWER_PRECEDENCE, latex);
        String exponent = no.attributes().get(0);
        return new Text(latex ? "{" + base + "}^{" + exponent + "}" : base + "^" + exponent, Notation.POWER_PRECEDENCE);
      }
      default:
        return function(no, args, latex);
    }
  }

  private static Text function(Notation no, Text[] args, boolean latex) {
    StringBuilder b = new StringBuilder(latex ? no.latex() + "\\left(" : no.symbol() + "(");
    for (int i = 0; i < args.length; i++) {
      b.append(i == 0 ? "" : ", ").append(args[i].s);
    }
    for (String a : no.attributes()) {
      b.append(", ").append(latex ? "\\text{" + a + "}" : a);
    }
    return new Text(b.append(latex ? "\\right)" : ")").toString(), Notation.ATOM);
  }

  private static Text latexSpecial(Node n, Text[] args) {
    if (n.op() == Binary.DIV) {
      return new Text("\\frac{" + args[0].s + "}{" + args[1].s + "}", Notation.ATOM);
    }
    if (n.op() == Unary.SQRT) {
      return new Text("\\sqrt{" + args[0].s + "}", Notation.ATOM);
    }
    if (n.op() == Unary.ABS) {
      return new Text("\\left|" + args[0].s + "\\right|", Notation.ATOM);
    }
    if (n.op() == Unary.EXP) {
      return new Text("e^{" + args[0].s + "}", Notation.POWER_PRECEDENCE);
    }
    if (n.op() == Transpose.INSTANCE) {
      return new Text(wrap(args[0], args[0].precedence <= Notation.POWER_PRECEDENCE, true) + "^{\\top}",
          Notation.POWER_PRECEDENCE);
    }
    if (n.op() == MatMul.INSTANCE) {
      return new Text(wrap(args[0], args[0].precedence < Notation.MULTIPLICATIVE, true) + " "
          + wrap(args[1], args[1].precedence <= Notation.MULTIPLICATIVE, true), Notation.MULTIPLICATIVE);
    }
    return null;
  }

  private static String wrap(Text t, boolean parens, boolean latex) {
    if (!parens) {
      return t.s;
    }
    return latex ? "\\left(" + t.s + "\\right)" : "(" + t.s + ")";
  }

  /** {@code w1} becomes {@code w_{1}}, {@code x_bar} becomes {@code x_{bar}}; other characters are escaped. */
  static String latexName(String name) {
    String base = name;
    String sub = null;
    int underscore = name.indexOf('_');
    if (underscore > 0 && underscore < name.length() - 1) {
      base = name.substring(0, underscore);
      sub = name.substring(underscore + 1);
    } else {
      int k = name.length();
      while (k > 1 && Character.isDigit(name.charAt(k - 1))) {
        k--;
      }
      if (k < name.length() && k > 0) {
        base = name.substring(0, k);
        sub = name.substring(k);
      }
    }
    String escapedBase = escape(base);
    if (base.length() > 1 && !escapedBase.startsWith("\\")) {
      escapedBase = "\\mathrm{" + escapedBase + "}";
    }
    return sub == null ? escapedBase : escapedBase + "_{" + escape(sub) + "}";
  }

  private static String escape(String s) {
    return s.replace("\\", "\\backslash ").replace("{", "\\{").replace("}", "\\}").replace("#", "\\#")
        .replace("_", "\\_").replace("%", "\\%").replace("&", "\\&").replace("$", "\\$");
  }
}
