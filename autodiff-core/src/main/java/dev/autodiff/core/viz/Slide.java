package dev.autodiff.core.viz;

import dev.autodiff.core.viz.Dot.Edge;
import dev.autodiff.core.viz.Dot.Item;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Folds a top-to-bottom drawing into columns so that it fits a 16:9 slide: a deep graph (a network and its loss is
 * a chain of a dozen steps) drawn in one column is tall and narrow, drawn left to right long and flat. The ranks of
 * the drawing (longest path from the sources, each source just above its first consumer, as Graphviz ranks them)
 * are cut into {@code k} runs of consecutive ranks; run {@code j} becomes column {@code j}, and an edge from one
 * column into the next does not constrain ranks, so each column starts again at the top. {@code k} is the one that
 * lets the drawing, scaled to fit a 1920 x 1080 slide, show its text largest, by an estimate of the label sizes
 * ({@link Frames#size}); Graphviz then stretches the layout (not the text) to exactly 16:9.
 */
final class Slide {
  static final double WIDTH = 1920;
  static final double HEIGHT = 1080;
  /** Graphviz's {@code ratio} (height over width) of a 16:9 slide. */
  static final String RATIO = "0.5625";
  private static final int MAX_COLUMNS = 4;
  // Graphviz's spacing in points for the drawing's nodesep and ranksep, plus room for edge labels beside edges
  private static final double NODE_GAP = 0.3 * 72;
  private static final double RANK_GAP = 0.45 * 72 + 8;
  private static final double COLUMN_GAP = 40;

  private Slide() {}

  /**
   * The column of each item, as {@code cluster:column} (the cluster empty for items outside any): an edge between
   * two columns, or between two clusters, does not constrain ranks, so each cluster and each column starts at the
   * top. Each cluster is folded into the number of columns that, with the others', makes the text largest.
   *
   * @param sizes each item's box in points
   * @param titleHeight the height of the drawing's title in points
   */
  static Map<String, String> columns(List<Item> items, List<Edge> edges, Map<String, double[]> sizes,
      double titleHeight) {
    Map<String, String> cluster = new HashMap<>();
    for (Item item : items) {
      cluster.put(item.id(), item.cluster() == null ? "" : item.cluster());
    }
    List<Edge> within = new ArrayList<>();
    for (Edge e : edges) {
      if (constrains(e) && cluster.containsKey(e.from()) && cluster.get(e.from()).equals(cluster.get(e.to()))) {
        within.add(e);
      }
    }
    Map<String, Integer> rank = ranks(items, within);
    // each cluster's ranks run from its own top
    Map<String, Integer> ranks = new HashMap<>();
    for (Item item : items) {
      ranks.merge(cluster.get(item.id()), rank.get(item.id()) + 1, Math::max);
    }
    Map<String, Integer> at = new HashMap<>();
    Map<String, Integer> firstConsumer = new HashMap<>();
    Set<String> consumers = new HashSet<>();
    for (Edge e : within) {
      firstConsumer.merge(e.from(), rank.get(e.to()), Math::min);
      consumers.add(e.to());
    }
    for (Item item : items) {
      String id = item.id();
      // a source (a parameter, an input) stands in the column of its first consumer, just above it
      at.put(id, !consumers.contains(id) && firstConsumer.containsKey(id) ? firstConsumer.get(id) : rank.get(id));
    }
    // each cluster folds into its own number of columns: every combination is tried (at most 4^3)
    List<String> names = new ArrayList<>(new java.util.LinkedHashSet<>(cluster.values()));
    Map<String, Integer> best = new HashMap<>();
    double bestScale = 0;
    int combinations = 1;
    for (String c : names) {
      combinations *= names.size() <= 3 ? Math.min(MAX_COLUMNS, ranks.get(c)) : 1;
    }
    for (int combination = 0; combination < combinations; combination++) {
      Map<String, Integer> k = new HashMap<>();
      int rest = combination;
      for (String c : names) {
        int choices = names.size() <= 3 ? Math.min(MAX_COLUMNS, ranks.get(c)) : 1;
        k.put(c, 1 + rest % choices);
        rest /= choices;
      }
      double scale = scale(items, cluster, rank, at, ranks, k, sizes, titleHeight);
      if (scale > bestScale * 1.02) {  // fewer columns unless more read clearly better
        best = k;
        bestScale = scale;
      }
    }
    Map<String, String> column = new HashMap<>();
    for (Item item : items) {
      String c = cluster.get(item.id());
      column.put(item.id(), c + ":" + column(at.get(item.id()), ranks.get(c), best.get(c)));
    }
    return column;
  }

  private static boolean constrains(Edge e) {
    return !"false".equals(e.attrs().get("constraint"));
  }

  private static int column(int rank, int ranks, int k) {
    return Math.min(k - 1, rank * k / ranks);
  }

  /**
   * Pairs of items to hold side by side in this order: in each cluster, column {@code j}'s first item left of column
   * {@code j+1}'s, so that the columns read left to right.
   */
  static List<String[]> order(List<Item> items, Map<String, String> columns) {
    List<String[]> pairs = new ArrayList<>();
    Map<String, String> first = new HashMap<>();
    for (Item item : items) {
      String c = columns.get(item.id());
      if (c != null) {
        first.putIfAbsent(c, item.id());
      }
    }
    for (Item item : items) {
      String c = columns.get(item.id());
      if (c == null || !first.get(c).equals(item.id())) {
        continue;
      }
      int colon = c.lastIndexOf(':');
      String previous = c.substring(0, colon + 1) + (Integer.parseInt(c.substring(colon + 1)) - 1);
      if (first.containsKey(previous)) {
        pairs.add(new String[] {first.get(previous), item.id()});
      }
    }
    return pairs;
  }

  /** How much the drawing with {@code k} columns in each cluster must be scaled to fit the slide (larger: larger text). */
  private static double scale(List<Item> items, Map<String, String> cluster, Map<String, Integer> rank,
      Map<String, Integer> at, Map<String, Integer> ranks, Map<String, Integer> k, Map<String, double[]> sizes,
      double titleHeight) {
    Map<String, double[]> rowWidth = new HashMap<>();
    Map<String, double[]> rowHeight = new HashMap<>();
    Map<String, int[]> count = new HashMap<>();
    int deepest = 0;
    for (int r : ranks.values()) {
      deepest = Math.max(deepest, r);
    }
    int size = deepest;
    for (Item item : items) {
      String c = cluster.get(item.id());
      String key = c + ":" + column(at.get(item.id()), ranks.get(c), k.get(c));
      int r = rank.get(item.id());
      double[] box = sizes.get(item.id());
      rowWidth.computeIfAbsent(key, x -> new double[size])[r] += box[0];
      double[] heights = rowHeight.computeIfAbsent(key, x -> new double[size]);
      heights[r] = Math.max(heights[r], box[1]);
      count.computeIfAbsent(key, x -> new int[size])[r]++;
    }
    double width = 0;
    double height = 0;
    for (String key : count.keySet()) {
      double columnWidth = 0;
      double columnHeight = 0;
      for (int r = 0; r < size; r++) {
        int n = count.get(key)[r];
        if (n > 0) {
          columnWidth = Math.max(columnWidth, rowWidth.get(key)[r] + NODE_GAP * (n - 1));
          columnHeight += rowHeight.get(key)[r] + RANK_GAP;
        }
      }
      width += columnWidth + COLUMN_GAP;
      height = Math.max(height, columnHeight);
    }
    height += titleHeight;
    // stretched to 16:9 by Graphviz: the longer side decides
    return Math.min(WIDTH / Math.max(width, height * WIDTH / HEIGHT), HEIGHT / Math.max(height, width * HEIGHT
        / WIDTH));
  }

  /**
   * Graphviz's ranks, near enough: longest path from the sources along the edges that constrain ranks, then each
   * source moved down to just above its first consumer.
   */
  static Map<String, Integer> ranks(List<Item> items, List<Edge> edges) {
    Map<String, Integer> rank = new HashMap<>();
    Map<String, List<String>> into = new HashMap<>();
    Map<String, List<String>> outOf = new HashMap<>();
    for (Item item : items) {
      rank.put(item.id(), 0);
    }
    List<Edge> constraining = new ArrayList<>();
    for (Edge e : edges) {
      if (!"false".equals(e.attrs().get("constraint")) && rank.containsKey(e.from()) && rank.containsKey(e.to())) {
        constraining.add(e);
        into.computeIfAbsent(e.to(), x -> new ArrayList<>()).add(e.from());
        outOf.computeIfAbsent(e.from(), x -> new ArrayList<>()).add(e.to());
      }
    }
    // items come in topological order of the graph (consumers after inputs); relax until stable for extra edges
    boolean changed = true;
    for (int pass = 0; changed && pass <= items.size(); pass++) {
      changed = false;
      for (Edge e : constraining) {
        int r = rank.get(e.from()) + 1;
        if (r > rank.get(e.to())) {
          rank.put(e.to(), r);
          changed = true;
        }
      }
    }
    for (Item item : items) {
      String id = item.id();
      List<String> consumers = outOf.get(id);
      if (!into.containsKey(id) && consumers != null) {
        int first = Integer.MAX_VALUE;
        for (String c : consumers) {
          first = Math.min(first, rank.get(c));
        }
        rank.put(id, Math.max(0, first - 1));
      }
    }
    return rank;
  }
}
