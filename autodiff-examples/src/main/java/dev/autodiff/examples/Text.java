package dev.autodiff.examples;

import java.util.Locale;

/** Numbers as the teaching examples print them: at most three decimals, no trailing zeros. */
public final class Text {
  private Text() {}

  /** {@code 0.5}, {@code -1}, {@code 0.125}, {@code 0} (never {@code -0}). */
  public static String num(double v) {
    String s = String.format(Locale.ROOT, "%.3f", v);
    s = s.replaceAll("0+$", "").replaceAll("\\.$", "");
    return s.equals("-0") ? "0" : s;
  }

  /** {@code (0, 1, 0.5)}. */
  public static String vec(double[] v) {
    StringBuilder b = new StringBuilder("(");
    for (int i = 0; i < v.length; i++) {
      b.append(i == 0 ? "" : ", ").append(num(v[i]));
    }
    return b.append(')').toString();
  }
}
