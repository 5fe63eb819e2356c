package dev.autodiff.core.graph;

import static com.google.common.base.Preconditions.checkArgument;
import static dev.autodiff.core.Require.checkNotNull;

import java.util.Arrays;

import java.util.List;

/**
 * How an op prints in a formula: as an infix operator, a prefix operator, a power, or a function call; and, where
 * LaTeX has a form of its own ({@code \frac{a}{b}}, {@code e^{x}}, {@code x^{\top}}), that form.
 *
 * @param kind the form
 * @param symbol the operator symbol or function name
 * @param precedence binding strength for parentheses: higher binds tighter
 * @param latex the LaTeX operator or function ({@code "\\cdot"}, {@code "\\exp"}); for functions with no
 *     LaTeX form, {@code "\\operatorname{name}"}
 * @param attributes extra arguments printed after the inputs, e.g. an axis
 * @param latexTemplate the LaTeX form as a template, or null for the form of {@code kind}: {@code #0} stands for
 *     input 0 as it is, {@code #!0} for input 0 in parentheses when it binds no tighter than {@code latexPrecedence}
 * @param latexPrecedence how tightly the LaTeX template binds (ignored without a template)
 */
public record Notation(Kind kind, String symbol, int precedence, String latex, List<String> attributes,
    String latexTemplate, int latexPrecedence) {

  /** The printed form. */
  public enum Kind {
    /** {@code a + b}, {@code a*b}: left-associative binary operator. */
    INFIX,
    /** {@code -a}. */
    PREFIX,
    /** {@code a^2}: the exponent is the single attribute. */
    POWER,
    /** {@code exp(a)}, {@code sum(a, rows)}. */
    FUNCTION,
    /** Printed as its single input, unchanged (a second name for an expression). */
    TRANSPARENT
  }

  /** Precedence of comparisons. */
  public static final int COMPARISON = 0;
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
    return new Notation(Kind.INFIX, symbol, precedence, latex, List.of(), null, 0);
  }

  public static Notation prefix(String symbol, String latex) {
    return new Notation(Kind.PREFIX, symbol, UNARY, latex, List.of(), null, 0);
  }

  public static Notation power(String exponent) {
    checkNotNull(exponent, "power: exponent is null");
    return new Notation(Kind.POWER, "^", POWER_PRECEDENCE, "^", List.of(exponent), null, 0);
  }

  public static Notation function(String name, String... attributes) {
    checkNotNull(name, "function: name is null");
    checkNotNull(attributes, "function: attributes are null");
    return new Notation(Kind.FUNCTION, name, ATOM, "\\operatorname{" + name + "}", Arrays.asList(attributes), null,
        0);
  }

  /** Printed as the single input itself. */
  public static Notation transparent() {
    return new Notation(Kind.TRANSPARENT, "", ATOM, "", List.of(), null, 0);
  }

  /** A leaf's notation: its text, as an atom. */
  public static Notation atom(String text) {
    return new Notation(Kind.FUNCTION, text, ATOM, text, List.of(), null, 0);
  }

  /** This notation with another LaTeX operator or function name. */
  public Notation withLatex(String latexForm) {
    return new Notation(kind, symbol, precedence, latexForm, attributes, latexTemplate, latexPrecedence);
  }

  /**
   * This notation with a LaTeX form of its own, e.g. {@code withLatexTemplate(ATOM, "\\frac{#0}{#1}")} or
   * {@code withLatexTemplate(POWER_PRECEDENCE, "#!0^{\\top}")}.
   */
  public Notation withLatexTemplate(int templatePrecedence, String template) {
    checkArgument(template != null && template.contains("#"), "notation: template needs a #i placeholder, got %s",
        template);
    return new Notation(kind, symbol, precedence, latex, attributes, template, templatePrecedence);
  }
}
