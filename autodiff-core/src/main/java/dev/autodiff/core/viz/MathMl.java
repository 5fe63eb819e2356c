package dev.autodiff.core.viz;

import static dev.autodiff.core.Require.checkNotNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Presentation MathML from the small LaTeX subset that {@link dev.autodiff.core.print.Formula} and the traces write:
 * groups, {@code ^} and {@code _}, {@code \frac}, {@code \sqrt}, {@code \left( … \right)}, {@code pmatrix},
 * {@code \mathrm}, {@code \operatorname}, {@code \text}, named functions and a few symbols. Browsers render MathML
 * natively (Chromium from 109), so a page needs no script from outside to show a formula.
 *
 * <p>An unknown command prints as its name in upright letters rather than failing: a page is better with a plain
 * word than without its formula. Unbalanced braces are the library's own mistake and throw.
 */
final class MathMl {
  private static final Map<String, String> SYMBOLS = Map.ofEntries(
      Map.entry("cdot", "<mo>\u22c5</mo>"), Map.entry("times", "<mo>\u00d7</mo>"),
      Map.entry("partial", "<mi>\u2202</mi>"), Map.entry("infty", "<mi>\u221e</mi>"),
      Map.entry("ldots", "<mi>\u2026</mi>"), Map.entry("cdots", "<mi>\u22ef</mi>"),
      Map.entry("vdots", "<mi>\u22ee</mi>"), Map.entry("top", "<mi>\u22a4</mi>"),
      Map.entry("sigma", "<mi>\u03c3</mi>"), Map.entry("mu", "<mi>\u03bc</mi>"),
      Map.entry("alpha", "<mi>\u03b1</mi>"), Map.entry("lambda", "<mi>\u03bb</mi>"),
      Map.entry("eta", "<mi>\u03b7</mi>"), Map.entry("backslash", "<mo>\\</mo>"),
      Map.entry(",", "<mspace width=\"0.167em\"></mspace>"), Map.entry("quad", "<mspace width=\"1em\"></mspace>"),
      Map.entry("{", "<mo>{</mo>"), Map.entry("}", "<mo>}</mo>"), Map.entry("#", "<mo>#</mo>"),
      Map.entry("_", "<mi>_</mi>"), Map.entry("%", "<mo>%</mo>"), Map.entry("&", "<mo>&amp;</mo>"),
      Map.entry("$", "<mo>$</mo>"), Map.entry(" ", "<mspace width=\"0.25em\"></mspace>"));

  private final String tex;
  private int at;

  private MathMl(String tex) {
    this.tex = tex;
  }

  /** {@code tex} as a block {@code <math>} element. */
  static String block(String tex) {
    checkNotNull(tex, "mathml: LaTeX is null");
    MathMl p = new MathMl(tex);
    String row = p.row();
    if (p.at < tex.length()) {
      throw new IllegalArgumentException("mathml: unexpected '" + tex.charAt(p.at) + "' at " + p.at + ": " + tex);
    }
    return "<math display=\"block\">" + row + "</math>";
  }

  /** Items up to a closing brace, {@code &}, {@code \\}, {@code \right}, {@code \end} or the end, as one mrow. */
  private String row() {
    List<String> items = new ArrayList<>();
    while (true) {
      skipSpaces();
      if (at >= tex.length() || peek('}') || peek('&') || tex.startsWith("\\\\", at) || tex.startsWith("\\right", at)
          || tex.startsWith("\\end", at)) {
        break;
      }
      char ch = tex.charAt(at);
      if ((ch == '^' || ch == '_') && !items.isEmpty()) {
        at++;
        String base = items.remove(items.size() - 1);
        String script = atom();
        items.add(ch == '^' ? "<msup>" + base + script + "</msup>" : "<msub>" + base + script + "</msub>");
      } else {
        items.add(atom());
      }
    }
    return items.size() == 1 ? items.get(0) : "<mrow>" + String.join("", items) + "</mrow>";
  }

  /** One item: a group, a command, a number, a letter or an operator. */
  private String atom() {
    skipSpaces();
    if (at >= tex.length()) {
      throw new IllegalArgumentException("mathml: missing operand at the end: " + tex);
    }
    char ch = tex.charAt(at);
    if (ch == '{') {
      return group();
    }
    if (ch == '\\') {
      return command();
    }
    if (Character.isDigit(ch) || ch == '.' && at + 1 < tex.length() && Character.isDigit(tex.charAt(at + 1))) {
      int start = at;
      while (at < tex.length() && (Character.isDigit(tex.charAt(at)) || tex.charAt(at) == '.')) {
        at++;
      }
      return "<mn>" + tex.substring(start, at) + "</mn>";
    }
    at++;
    if (Character.isLetter(ch)) {
      return "<mi>" + ch + "</mi>";
    }
    return "<mo>" + (ch == '-' ? "\u2212" : escape(String.valueOf(ch))) + "</mo>";
  }

  private String group() {
    expect('{');
    String inner = row();
    expect('}');
    return inner.startsWith("<mrow>") ? inner : "<mrow>" + inner + "</mrow>";
  }

  /** The text of a {@code {…}} argument taken literally (for {@code \mathrm}, {@code \text}, {@code \begin}). */
  private String literal() {
    skipSpaces();
    expect('{');
    StringBuilder b = new StringBuilder();
    while (at < tex.length() && tex.charAt(at) != '}') {
      char ch = tex.charAt(at++);
      if (ch == '\\' && at < tex.length()) {
        ch = tex.charAt(at++);
      }
      b.append(ch);
    }
    expect('}');
    return b.toString();
  }

  private String command() {
    expect('\\');
    int start = at;
    while (at < tex.length() && Character.isLetter(tex.charAt(at))) {
      at++;
    }
    if (at == start && at < tex.length()) {
      at++;
    }
    String name = tex.substring(start, at);
    switch (name) {
      case "frac":
        return "<mfrac>" + group() + group() + "</mfrac>";
      case "sqrt":
        return "<msqrt>" + group() + "</msqrt>";
      case "left":
        return fenced();
      case "mathrm":
      case "operatorname":
        return "<mi mathvariant=\"normal\">" + escape(literal()) + "</mi>";
      case "text":
        return "<mtext>" + escape(literal()) + "</mtext>";
      case "mathrel":
        return "<mo>" + escape(literal()) + "</mo>";
      case "begin":
        return matrix(literal());
      default:
        break;
    }
    if (SYMBOLS.containsKey(name)) {
      return SYMBOLS.get(name);
    }
    // NOTE: named functions and unknown commands alike print upright, the way LaTeX sets \exp.
    return "<mi mathvariant=\"normal\">" + escape(name) + "</mi>";
  }

  /** {@code \left( … \right)} with any delimiters; {@code .} is the empty one. */
  private String fenced() {
    String open = delimiter();
    String inner = row();
    if (!tex.startsWith("\\right", at)) {
      throw new IllegalArgumentException("mathml: \\left without \\right at " + at + ": " + tex);
    }
    at += "\\right".length();
    String close = delimiter();
    return "<mrow>" + open + inner + close + "</mrow>";
  }

  private String delimiter() {
    skipSpaces();
    if (at >= tex.length()) {
      throw new IllegalArgumentException("mathml: missing delimiter at the end: " + tex);
    }
    char ch = tex.charAt(at++);
    return ch == '.' ? "" : "<mo fence=\"true\">" + escape(String.valueOf(ch)) + "</mo>";
  }

  /** {@code \begin{pmatrix} a & b \\ c & d \end{pmatrix}} as a table in parentheses. */
  private String matrix(String environment) {
    StringBuilder b = new StringBuilder("<mrow><mo fence=\"true\">(</mo><mtable><mtr>");
    while (true) {
      b.append("<mtd>").append(row()).append("</mtd>");
      if (peek('&')) {
        at++;
      } else if (tex.startsWith("\\\\", at)) {
        at += 2;
        b.append("</mtr><mtr>");
      } else if (tex.startsWith("\\end", at)) {
        at += "\\end".length();
        String end = literal();
        if (!end.equals(environment)) {
          throw new IllegalArgumentException("mathml: \\begin{" + environment + "} ends with \\end{" + end + "}");
        }
        return b.append("</mtr></mtable><mo fence=\"true\">)</mo></mrow>").toString();
      } else {
        throw new IllegalArgumentException("mathml: \\begin{" + environment + "} without \\end: " + tex);
      }
    }
  }

  private boolean peek(char ch) {
    return at < tex.length() && tex.charAt(at) == ch;
  }

  private void expect(char ch) {
    if (!peek(ch)) {
      throw new IllegalArgumentException("mathml: expected '" + ch + "' at " + at + ": " + tex);
    }
    at++;
  }

  private void skipSpaces() {
    while (at < tex.length() && tex.charAt(at) == ' ') {
      at++;
    }
  }

  static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
        .replace("'", "&#39;");
  }
}
