package dev.autodiff.nn.tensorboard;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class HistogramTest {
  @Test
  void countsEachValueInTheBucketBelowTheFirstEdgeAboveIt() {
    // 0 is below the edge 1e-12; an edge itself counts in the bucket above it; 1 is between 1e-12*1.1^k edges
    Histogram h = Histogram.of(0, 0, 1e-12, -3);
    assertEquals(4, h.count());
    assertEquals(-3, h.min());
    assertEquals(1e-12, h.max());
    assertEquals(-3 + 1e-12, h.sum());
    assertEquals(9 + 1e-24, h.sumOfSquares());
    double[] limits = h.bucketLimits();
    double[] counts = h.bucketCounts();
    // the bucket of -3, a run of empty buckets up to 0, the bucket [0, 1e-12) with both zeros, then [1e-12, 1.1e-12)
    assertEquals(4, limits.length);
    assertArrayEquals(new double[] {1, 0, 2, 1}, counts);
    assertTrue(limits[0] > -3 && limits[0] < -3 / 1.1, "-3's bucket ends at the next edge above: " + limits[0]);
    assertEquals(0.0, limits[1]);
    assertEquals(1e-12, limits[2]);
    assertEquals(1e-12 * 1.1, limits[3]);
  }

  @Test
  void keepsOnlyTheBucketsFromTheLowestToTheHighestValueWithEmptyRunsAsOne() {
    Histogram h = Histogram.of(5, 5, 5);
    assertEquals(1, h.bucketLimits().length);
    assertArrayEquals(new double[] {3}, h.bucketCounts());
    Histogram apart = Histogram.of(1, 1000);
    assertArrayEquals(new double[] {1, 0, 1}, apart.bucketCounts(), "one empty bucket between, however many edges");
  }

  @Test
  void bucketsHoldEveryValueBetweenTheirEdgesOnRandomValuesOfManyScales() {
    Random random = new Random(42);
    for (int trial = 0; trial < 200; trial++) {
      double[] values = new double[1 + random.nextInt(50)];
      for (int i = 0; i < values.length; i++) {
        values[i] = random.nextGaussian() * Math.pow(10, random.nextInt(30) - 15) * (random.nextInt(10) == 0 ? 0 : 1);
      }
      Histogram h = Histogram.of(values);
      double[] limits = h.bucketLimits();
      double[] counts = h.bucketCounts();
      double total = 0;
      for (int b = 0; b < limits.length; b++) {
        double lo = b == 0 ? Double.NEGATIVE_INFINITY : limits[b - 1];
        int inside = 0;
        for (double v : values) {
          inside += lo <= v && v < limits[b] ? 1 : 0;
        }
        assertEquals(inside, counts[b], "trial " + trial + ", bucket " + b);
        assertTrue(b == 0 || limits[b] > limits[b - 1], "ascending");
        assertTrue(b == 0 || counts[b] > 0 || counts[b - 1] > 0, "no two empty buckets in a row");
        total += counts[b];
      }
      assertEquals(values.length, total);
      assertTrue(counts[0] > 0 && counts[counts.length - 1] > 0, "no empty bucket at either end");
    }
  }

  @Test
  void refusesNoValuesAndValuesThatAreNotFinite() {
    assertEquals("histogram: no values",
        assertThrows(IllegalArgumentException.class, () -> Histogram.of(new double[0])).getMessage());
    assertEquals("histogram: value 1 is NaN",
        assertThrows(IllegalArgumentException.class, () -> Histogram.of(0, Double.NaN)).getMessage());
    assertEquals("histogram: value 0 is Infinity",
        assertThrows(IllegalArgumentException.class, () -> Histogram.of(Double.POSITIVE_INFINITY)).getMessage());
  }
}
