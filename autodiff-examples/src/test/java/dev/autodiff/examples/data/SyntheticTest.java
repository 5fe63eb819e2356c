package dev.autodiff.examples.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autodiff.nn.train.Dataset;
import org.junit.jupiter.api.Test;

class SyntheticTest {
  @Test
  void generatorsAreSeededAndShaped() {
    assertEquals(Synthetic.twoMoons(100, 0.1, 3).inputs(), Synthetic.twoMoons(100, 0.1, 3).inputs());
    assertNotEquals(Synthetic.twoMoons(100, 0.1, 3).inputs(), Synthetic.twoMoons(100, 0.1, 4).inputs());
    Dataset spirals = Synthetic.spirals(50, 3, 0.1, 1);
    assertEquals(150, spirals.size());
    assertEquals(3, spirals.targetWidth());
    for (int i = 0; i < spirals.size(); i++) {
      double r = Math.hypot(spirals.inputs().get(i, 0), spirals.inputs().get(i, 1));
      assertTrue(r < 1.0001, "spiral points stay in the unit disc");
    }
    Dataset f = Synthetic.function(x -> 2 * x, 11, 0, 1, 0, 0);
    assertEquals(1.0, f.inputs().get(5, 0) * 2, 1e-12);
    assertEquals(2.0, f.targets().get(10, 0), 1e-12);
    assertEquals(1.0, Synthetic.xor().targets().at(1));
    assertEquals(0.0, Synthetic.xor().targets().at(3));
  }
}
