package dev.autodiff.core.graph;

import java.util.Arrays;

import static dev.autodiff.core.Require.checkNotNull;

import java.util.List;

/**
 * How an op prints in a formula: as an infix operator, a prefix operator, a power, or a function call.
 *
 * @param kind the form
 * @param symbol the operator symbol or function name
 * @param precedence binding strength for parentheses: higher binds tighter
 * @param latex the LaTeX operator or function ({@code "\\cdot"}, {@code "\\exp"}); for functions with no
 *     LaTeX form, {@code "\\operatorname{name}"}
 * @param attributes extra arguments printed after the inputs, e.g. an axis
 */
public record Notation(Kind kind, String symbol, int precedence, String latex, List<String> attributes) {

  /** The printed form. */
  public enum Kind {
    /** {@code a + b}, {@code a*b}: left-associative binary operator. */
    INFIX,
    /** {@code -a}. */
    PREFIX,
    /** {@code a^2}: the exponent is the single attribute. */
    POWER,
    /** {@code exp(a)}, {@code sum(a, rows)}. */
    FUNCTION
  }

  /** Precedence of sums and differences. */
  public static final int ADDITIVE = 1;
  /** Precedence of products and quotients. */
  public static final int MULTIPLICATIVE = 2;
  /** Precedence of a prefix minus. */
  public static final int UNARY = 3;
  /** Precedence of a power. */
  public static final int POWER_PRECEDENCE = 4;
  /** Precedence of atoms: names, numbers, function calls. */
  public static final int ATOM = 5;

  public Notation {
    checkNotNull(kind, "notation: kind is null");
    checkNotNull(symbol, "notation: symbol is null");
    checkNotNull(latex, "notation: latex is null");
    checkNotNull(attributes, "notation: attributes are null");
    for (int i = 0; i < attributes.size(); i++) {
      checkNotNull(attributes.get(i), "notation: attribute %s is null", i);
    }
    attributes = List.copyOf(attributes);
  }

  public static Notation infix(String symbol, int precedence, String latex) {
    return new Notation(Kind.INFIX, symbol, precedence, latex, List.of());
  }

  public static Notation prefix(String symbol, String latex) {
    return new Notation(Kind.PREFIX, symbol, UNARY, latex, List.of());
  }

  public static Notation power(String exponent) {
    checkNotNull(exponent, "power: exponent is null");
    return new Notation(Kind.POWER, "^", POWER_PRECEDENCE, "^", List.of(exponent));
  }

  public static Notation function(String name, String... attributes) {
    checkNotNull(name, "function: name is null");
    checkNotNull(attributes, "function: attributes are null");
    return new Notation(Kind.FUNCTION, name, ATOM, "\\operatorname{" + name + "}", Arrays.asList(attributes));
  }

  public Notation withLatex(String latexForm) {
    return new Notation(kind, symbol, precedence, latexForm, attributes);
  }
}
