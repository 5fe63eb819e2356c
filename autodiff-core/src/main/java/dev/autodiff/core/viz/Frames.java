package dev.autodiff.core.viz;

import dev.autodiff.core.viz.Dot.Item;
import dev.autodiff.core.viz.Dot.Line;
import dev.autodiff.core.viz.Dot.Scene;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Frames that hold still: the drawings of one trace, step by step, laid out alike, so that flipping through them on
 * a projector only colours and labels change. Graphviz places nodes by the graph and the sizes of its labels; every
 * frame has the same graph and the same edge labels (hidden where they do not belong to the frame's step), and each
 * node's label is drawn in a box of one fixed size, the largest its text needs in any frame; so is the heading.
 */
final class Frames {
  /** The colour of text that keeps its place but is not shown. */
  static final String HIDDEN = "transparent";

  // Glyph widths in ems, rounded up so that a label's box is never smaller than its text in Helvetica or in the
  // wider fonts fontconfig puts in its place (DejaVu Sans): capitals and wide lower-case letters, narrow ones, the
  // rest; bold about 7% wider. Node text is 11 pt, headings 12 pt.
  private static final double WIDE = 1.0;
  private static final double NARROW = 0.42;
  private static final double OTHER = 0.66;
  private static final double BOLD = 1.07;
  private static final double NODE_POINTS = 11;
  private static final double HEADING_POINTS = 12;
  private static final double LINE = 1.3;
  private static final double PAD = 8;

  private Frames() {}

  /** Renders {@code scenes} (one per frame, with its heading) with every label in its frame-independent box. */
  static List<String> render(List<Scene> scenes, List<String> headings) {
    List<List<Item>> items = new ArrayList<>();
    Map<String, double[]> sizes = new HashMap<>();
    double[] heading = {0, 0};
    for (int k = 0; k < scenes.size(); k++) {
      List<Item> frame = scenes.get(k).items();
      items.add(frame);
      for (Item item : frame) {
        grow(sizes.computeIfAbsent(item.id(), id -> new double[2]), size(item.lines(), NODE_POINTS));
      }
      grow(heading, size(scenes.get(k).titleLines(headings.get(k)), HEADING_POINTS));
    }
    List<String> out = new ArrayList<>();
    for (int k = 0; k < scenes.size(); k++) {
      Scene s = scenes.get(k);
      s.fixedSizes = sizes;
      s.fixedHeading = heading;
      out.add(s.render(headings.get(k), items.get(k)));
    }
    return out;
  }

  private static void grow(double[] max, double[] size) {
    max[0] = Math.max(max[0], size[0]);
    max[1] = Math.max(max[1], size[1]);
  }

  /** The box {@code lines} need at {@code points}, in points: the widest line and the lines' height. */
  static double[] size(List<Line> lines, double points) {
    double width = 0;
    for (Line l : lines) {
      double ems = 0;
      for (int i = 0; i < l.text().length(); i++) {
        char c = l.text().charAt(i);
        ems += Character.isUpperCase(c) || "mwMW@%".indexOf(c) >= 0 ? WIDE : "iljtf.,:;'!|() ".indexOf(c) >= 0
            ? NARROW : OTHER;
      }
      width = Math.max(width, ems * points * (l.bold() ? BOLD : 1));
    }
    return new double[] {Math.ceil(width + PAD), Math.ceil(lines.size() * LINE * points + PAD / 2)};
  }

  /** {@code lines} as an HTML-like label in a box of exactly {@code size} points. */
  static String boxed(List<Line> lines, double[] size) {
    String inner = Dot.label(lines);
    return String.format(Locale.ROOT, "<<table border=\"0\" cellborder=\"0\" cellspacing=\"0\" cellpadding=\"0\" "
        + "fixedsize=\"true\" width=\"%d\" height=\"%d\"><tr><td>%s</td></tr></table>>", (int) size[0],
        (int) size[1], inner.substring(1, inner.length() - 1));
  }
}
