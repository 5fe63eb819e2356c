package dev.autodiff.core.print;

import static com.google.common.base.Preconditions.checkArgument;
import static dev.autodiff.core.Require.checkNotNull;

import dev.autodiff.core.graph.Node;
import java.util.ArrayDeque;
import java.util.List;
import java.util.function.Function;

/**
 * Prints any node, gradients included, as a formula: infix ({@code exp(w1*x + w0) + 1}) or LaTeX
 * ({@code \exp\left(w_{1} \cdot x + w_{0}\right) + 1}).
 *
 * <p>A small matrix expression (a matrix among at most {@value Textbook#MAX_NODES} ancestors)
 * prints in its matrix-calculus form, as a textbook or matrixcalculus.org writes it: the gradient of {@code x^T A x}
 * as {@code (A + A^T)@x} and its Hessian as {@code A + A^T}, not as the gradient graph's
 * {@code (x^T@A)^T@1 + (1@x^T@A^T)^T}; the identities it uses hold for every value ({@code Textbook}). The
 * variants with symbols print the graph as it is built (with {@code n -> null} as the symbols, nothing else
 * changes).
 *
 * <p>Leaves print as their names (constants as numbers, small constant matrices as their values
 * {@code [[1, 2], [3, 4]]}); inner nodes expand. Parentheses appear only where
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
    checkNotNull(root, "formula: node is null");
    checkArgument(maxChars >= 8, "formula: budget must be at least 8 characters, got %s", maxChars);
    String textbook = Textbook.print(root, latex, maxChars);
    return textbook != null ? textbook : print(root, maxChars, latex, n -> null);
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
      List<Object> pieces = Pieces.expand(n, latex, symbols);
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
    String symbol = n != root ? Pieces.symbolOf(n, symbols) : null;
    if (symbol != null) {
      return symbol;
    }
    return n.isLeaf() ? Pieces.leafText(n, latex) : null;
  }

  /** The least that {@code n} prints: its fixed text, or the ellipsis it prints as when elided. */
  private static int cost(Node n, Node root, boolean latex, Function<? super Node, String> symbols, String elided) {
    String fixed = fixedText(n, root, latex, symbols);
    return fixed != null ? fixed.length() : elided.length();
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
