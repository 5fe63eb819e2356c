package dev.autodiff.nn.spark;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * An executor's view of one partition in mini-batch mode: its rows, read once per fit, and for the current epoch
 * which of them each step takes, so that a step costs its own rows, not the partition's. The epoch's order is a
 * seeded affine permutation of the rows' global positions, {@code g -> (a g + c) mod N} with {@code a} prime to
 * {@code N}; step {@code j} takes the rows it puts in {@code [j B, (j + 1) B)}. Everything is a function of the
 * seed, the epoch and the partition's rows, so a partition recomputed elsewhere slices the same way.
 */
final class Slices {
  private static final int KEPT = 256;
  private static final Map<String, Slices> CACHE = new LinkedHashMap<>(16, 0.75f, true) {
    private static final long serialVersionUID = 1L;

    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Slices> eldest) {
      return size() > KEPT;
    }
  };

  private final List<Sample> rows;
  private int epoch = -1;
  private int[][] byStep;

  private Slices(List<Sample> rows) {
    this.rows = rows;
  }

  /** The slices of partition {@code partition} of the fit {@code key} for {@code epoch}. */
  static Slices of(String key, int partition, Iterator<Sample> source, int epoch, long offset, long total,
      int batchSize, long seed) {
    String k = key + ":" + partition;
    Slices s;
    synchronized (CACHE) {
      s = CACHE.get(k);
    }
    if (s == null) {
      List<Sample> rows = new ArrayList<>();
      source.forEachRemaining(rows::add);
      s = new Slices(rows);
      synchronized (CACHE) {
        Slices other = CACHE.putIfAbsent(k, s);
        s = other != null ? other : s;
      }
    }
    synchronized (s) {
      if (s.epoch != epoch) {
        s.index(epoch, offset, total, batchSize, seed);
      }
    }
    return s;
  }

  private void index(int e, long offset, long total, int batchSize, long seed) {
    Random r = new Random(SparkTrainer.mix(seed, e, -1));
    long a = 1;
    if (total > 2) {
      do {
        a = 1 + Math.floorMod(r.nextLong(), total - 1);
      } while (gcd(a, total) != 1);
    }
    long c = Math.floorMod(r.nextLong(), total);
    int steps = (int) ((total + batchSize - 1) / batchSize);
    int[] count = new int[steps];
    int[] stepOf = new int[rows.size()];
    for (int i = 0; i < rows.size(); i++) {
      long g = offset + i;
      long position = Math.floorMod(Math.addExact(mulMod(a, g, total), c), total);
      stepOf[i] = (int) (position / batchSize);
      count[stepOf[i]]++;
    }
    int[][] out = new int[steps][];
    for (int j = 0; j < steps; j++) {
      out[j] = new int[count[j]];
      count[j] = 0;
    }
    for (int i = 0; i < rows.size(); i++) {
      out[stepOf[i]][count[stepOf[i]]++] = i;
    }
    byStep = out;
    epoch = e;
  }

  /** The rows step {@code j} of the current epoch takes from this partition (possibly none). */
  synchronized List<Sample> step(long j) {
    int[] idx = j < byStep.length ? byStep[(int) j] : new int[0];
    List<Sample> out = new ArrayList<>(idx.length);
    for (int i : idx) {
      out.add(rows.get(i));
    }
    return out;
  }

  private static long gcd(long x, long y) {
    while (y != 0) {
      long t = x % y;
      x = y;
      y = t;
    }
    return x;
  }

  /** {@code a b mod m} without overflow. */
  private static long mulMod(long a, long b, long m) {
    return java.math.BigInteger.valueOf(a).multiply(java.math.BigInteger.valueOf(b))
        .mod(java.math.BigInteger.valueOf(m)).longValue();
  }
}
