package dev.autodiff.core.print;

import static com.google.common.base.Preconditions.checkArgument;
import static dev.autodiff.core.Require.checkNotNull;

import dev.autodiff.core.graph.Constant;
import dev.autodiff.core.graph.Node;
import dev.autodiff.core.graph.Notation;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Prints any node, gradients included, as a formula: infix ({@code exp(w1*x + w0) + 1}) or LaTeX
 * ({@code \exp\left(w_{1} \cdot x + w_{0}\right) + 1}).
 *
 * <p>Leaves print as their names (constants as numbers); inner nodes expand. Parentheses appear only where
 * precedence needs them. Shared subexpressions are printed where they are used. Printing is top-down within a
 * character budget: the outer structure comes first and whatever lies past the budget prints as {@code …}; the
 * result is at most the budget long (or the root's own one-level form, if that is longer), and the cost is bounded
 * by the budget even for deep or heavily shared graphs, gradients included. No recursion on graph depth.
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

  /**
   * The infix formula of {@code node} where every node below the root for which {@code symbols} gives a string
   * prints as that string instead of being expanded (for example {@link #NAMES}: named intermediates print as their
   * names, so {@code f = c + 1} rather than {@code f = exp(w1*x + w0) + 1}).
   */
  public static String infix(Node node, Function<? super Node, String> symbols, int maxChars) {
    checkNotNull(symbols, "formula: symbols is null");
    return print(node, maxChars, false, symbols);
  }

  /** The LaTeX formula of {@code node}, with {@code symbols} as in {@link #infix(Node, Function, int)}. */
  public static String latex(Node node, Function<? super Node, String> symbols, int maxChars) {
    checkNotNull(symbols, "formula: symbols is null");
    return print(node, maxChars, true, symbols);
  }

  /** Symbols for {@link #infix(Node, Function, int)}: named nodes print as their names (infix form). */
  public static final Function<Node, String> NAMES = n -> n.name().orElse(null);

  /** Symbols for {@link #latex(Node, Function, int)}: named nodes print as their names (LaTeX form). */
  public static final Function<Node, String> LATEX_NAMES = n -> n.name().map(Formula::latexName).orElse(null);

  private static String print(Node root, int maxChars, boolean latex) {
    return print(root, maxChars, latex, n -> null);
  }

  private static String print(Node root, int maxChars, boolean latex, Function<? super Node, String> symbols) {
    checkNotNull(root, "formula: node is null");
    checkArgument(maxChars >= 8, "formula: budget must be at least 8 characters, got %s", maxChars);
    String elided = latex ? "\\ldots" : "…";
    StringBuilder out = new StringBuilder();
    // Top-down with an explicit stack of pieces (strings to emit, nodes to expand): the outer structure is printed
    // first. `pending` is the least the stack will still print (a string or a leaf its text, a node its ellipsis): a
    // node is expanded only if the output, the pending pieces and its own pieces still fit the budget, else it prints
    // as an ellipsis. So the result is within the budget (or the root's one expansion) for any node, however deep
    // the pieces pile up (a gradient's left-deep products pile up one right operand per level), and the work is
    // bounded by the budget too.
    ArrayDeque<Object> stack = new ArrayDeque<>();
    stack.push(root);
    long pending = 0;
    while (!stack.isEmpty()) {
      Object piece = stack.pop();
      if (piece instanceof String str) {
        pending -= str.length();
        out.append(str);
        continue;
      }
      Node n = (Node) piece;
      String fixed = fixedText(n, root, latex, symbols);
      if (n != root) {
        pending -= fixed != null ? fixed.length() : elided.length();
      }
      if (fixed != null) {
        out.append(fixed);
        continue;
      }
      List<Object> pieces = expand(n, latex, symbols);
      long need = 0;
      for (Object o : pieces) {
        need += o instanceof String str ? str.length() : cost((Node) o, root, latex, symbols, elided);
      }
      if (n != root && out.length() + pending + need > maxChars) {
        out.append(elided);
        continue;
      }
      pending += need;
      for (int i = pieces.size() - 1; i >= 0; i--) {
        stack.push(pieces.get(i));
      }
    }
    return out.toString();
  }

  /** What {@code n} prints as without being expanded: its symbol, or a leaf's text; null for an inner node. */
  private static String fixedText(Node n, Node root, boolean latex, Function<? super Node, String> symbols) {
    String symbol = n != root ? symbolOf(n, symbols) : null;
    if (symbol != null) {
      return symbol;
    }
    return n.isLeaf() ? leafText(n, latex) : null;
  }

  /** The least that {@code n} prints: its fixed text, or the ellipsis it prints as when elided. */
  private static int cost(Node n, Node root, boolean latex, Function<? super Node, String> symbols, String elided) {
    String fixed = fixedText(n, root, latex, symbols);
    return fixed != null ? fixed.length() : elided.length();
  }

  /** How tightly the printed form of {@code n} binds, for deciding parentheses around it. */
  private static String symbolOf(Node n, Function<? super Node, String> symbols) {
    return n.isLeaf() && n.name().isPresent() ? null : symbols.apply(n);
  }

  private static int precedence(Node n, boolean latex, Function<? super Node, String> symbols) {
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

  private static String leafText(Node n, boolean latex) {
    if (n.op() instanceof Constant c && n.name().isEmpty()) {
      String s = c.text();
      return latex && s.startsWith("const[") ? "C_{" + n.id() + "}" : s;
    }
    return latex ? latexName(n.label()) : n.label();
  }

  /** The pieces of one node's printed form: strings, and input nodes still to expand. */
  private static List<Object> expand(Node n, boolean latex, Function<? super Node, String> symbols) {
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
  private static void fillTemplate(Node n, Notation no, List<Object> p, Function<? super Node, String> symbols) {
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

  private static void wrap(List<Object> p, Node child, boolean parens, boolean latex) {
    if (parens) {
      p.add(latex ? "\\left(" : "(");
      p.add(child);
      p.add(latex ? "\\right)" : ")");
    } else {
      p.add(child);
    }
  }

  /** {@code w1} becomes {@code w_{1}}, {@code x_bar} becomes {@code x_{bar}}; other characters are escaped. */
  public static String latexName(String name) {
    checkNotNull(name, "latexName: name is null");
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
