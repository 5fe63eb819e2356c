package dev.autodiff.nn.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Mini-batch slices: every row once per epoch, every step a full batch (the last the rest), across partitions. */
class SlicesTest {
  @Test
  void everyRowOncePerEpochAndEveryStepFull() {
    int[] sizes = {3, 0, 50, 1, 17, 5, 100, 27};  // uneven partitions, one empty, 203 rows
    int total = 203;
    int batch = 32;
    int steps = (total + batch - 1) / batch;
    for (int epoch = 0; epoch < 3; epoch++) {
      Set<Sample> seen = new HashSet<>();
      int[] perStep = new int[steps];
      long offset = 0;
      List<Set<Integer>> partitionsOfStep = new ArrayList<>();
      for (int j = 0; j < steps; j++) {
        partitionsOfStep.add(new HashSet<>());
      }
      for (int p = 0; p < sizes.length; p++) {
        List<Sample> rows = new ArrayList<>();
        for (int i = 0; i < sizes[p]; i++) {
          rows.add(new Sample(new double[] {p, i}, new double[] {0}));
        }
        Slices s = Slices.of("test-" + epoch, p, rows.iterator(), epoch, offset, total, batch, 9);
        for (int j = 0; j < steps; j++) {
          for (Sample r : s.step(j)) {
            assertTrue(seen.add(r), "a row twice in epoch " + epoch);
            perStep[j]++;
            partitionsOfStep.get(j).add(p);
          }
        }
        offset += sizes[p];
      }
      assertEquals(total, seen.size(), "epoch " + epoch + " saw every row");
      for (int j = 0; j < steps; j++) {
        assertEquals(j < steps - 1 ? batch : total - (steps - 1) * batch, perStep[j], "step " + j);
        assertTrue(partitionsOfStep.get(j).size() >= 3, "step " + j + " drew from " + partitionsOfStep.get(j));
      }
    }
  }
}
