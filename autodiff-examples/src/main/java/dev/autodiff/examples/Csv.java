package dev.autodiff.examples;

import java.util.List;

/**
 * A table as CSV (RFC 4180): a header line, then one line per row; numbers as Java prints them, text quoted only when
 * it holds a comma, a quote or a line break. The one CSV writer of the examples.
 */
public final class Csv {
  private final int columns;
  private final StringBuilder text = new StringBuilder();

  private Csv(List<String> header) {
    this.columns = header.size();
    line(header.toArray());
  }

  /** A table with these column names. */
  public static Csv of(String... header) {
    if (header.length == 0) {
      throw new IllegalArgumentException("csv: no columns");
    }
    return new Csv(List.of(header));
  }

  /** Appends a row of exactly as many cells as columns. */
  public Csv row(Object... cells) {
    if (cells.length != columns) {
      throw new IllegalArgumentException("csv: a row of " + cells.length + " cells for " + columns + " columns");
    }
    line(cells);
    return this;
  }

  private void line(Object[] cells) {
    for (int i = 0; i < cells.length; i++) {
      String s = String.valueOf(cells[i]);
      if (s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r")) {
        s = '"' + s.replace("\"", "\"\"") + '"';
      }
      text.append(i == 0 ? "" : ",").append(s);
    }
    text.append('\n');
  }

  /** The whole table. */
  public String text() {
    return text.toString();
  }
}
