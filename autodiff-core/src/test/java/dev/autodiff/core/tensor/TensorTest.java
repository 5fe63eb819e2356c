package dev.autodiff.core.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TensorTest {

  @Test
  void factoriesCopyTheirArraysSoTensorsNeverChange() {
    double[] data = {1, 2, 3, 4};
    Tensor t = Tensor.matrix(2, 2, data);
    data[0] = 99;
    assertEquals(1, t.get(0, 0));
    t.toArray()[1] = 99;
    assertEquals(2, t.get(0, 1));
    t.toRows()[1][0] = 99;
    assertEquals(3, t.get(1, 0));
  }

  @Test
  void rowsMapAndReshapeKeepRowMajorOrder() {
    Tensor t = Tensor.matrix(new double[][] {{1, 2, 3}, {4, 5, 6}});
    assertArrayEquals(new double[] {4, 5, 6}, t.toRows()[1]);
    assertEquals(Tensor.matrix(2, 3, 2, 4, 6, 8, 10, 12), t.map(v -> 2 * v));
    Tensor r = t.reshape(Shape.of(3, 2));
    assertEquals(4, r.get(1, 1));
    assertThrows(IllegalArgumentException.class, () -> t.reshape(Shape.of(4, 2)));
  }

  @Test
  void finitenessAndEqualityFollowTheElements() {
    assertTrue(Tensor.row(1, 2).isFinite());
    assertFalse(Tensor.row(1, Double.POSITIVE_INFINITY).isFinite());
    assertFalse(Tensor.scalar(Double.NaN).isFinite());
    assertEquals(Tensor.scalar(Double.NaN), Tensor.scalar(Double.NaN));
    assertNotEquals(Tensor.row(1, 2), Tensor.column(1, 2));
    assertEquals(Tensor.identity(2), Tensor.matrix(2, 2, 1, 0, 0, 1));
    assertEquals(Tensor.oneHot(Shape.of(2, 2), 3), Tensor.matrix(2, 2, 0, 0, 0, 1));
  }

  @Test
  void numbersAndPreviewsPrintTheSameEverywhere() {
    assertEquals("20.0855", TensorFormat.number(Math.exp(3)));
    assertEquals("0.5", TensorFormat.number(0.5));
    assertEquals("-3", TensorFormat.number(-3));
    assertEquals("1.5e-07", TensorFormat.number(1.5e-7));
    assertEquals("1.23457e+08", TensorFormat.number(123456789));
    assertEquals("2x2 [[1, 2], [3, 4]]", Tensor.matrix(2, 2, 1, 2, 3, 4).toString());
    String big = Tensor.zeros(Shape.of(10, 10)).toString();
    assertTrue(big.startsWith("10x10 [[0, 0, 0, 0, 0, …, 0]") && big.contains("…, [0"), big);
  }
}
