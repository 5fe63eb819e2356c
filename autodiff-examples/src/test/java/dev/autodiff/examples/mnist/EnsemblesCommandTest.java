package dev.autodiff.examples.mnist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.autodiff.examples.Run;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnsemblesCommandTest {
  @Test
  void membersEnsembleAndStackingOnAFewDigits(@TempDir Path dir) throws IOException {
    Run r = Run.of("ensembles", "--train", "300", "--seeds", "3", "--epochs", "2", "--hidden", "16", "--out",
        dir.toString());
    assertEquals(0, r.code(), r.err() + r.out());
    List<String> members = Files.readAllLines(dir.resolve("members.csv"));
    assertEquals(1 + 3 + 4, members.size(), members.toString());  // header, 3 seeds, 4 optimizers
    List<String> compare = Files.readAllLines(dir.resolve("comparison.csv"));
    assertEquals(6, compare.size(), compare.toString());
    // the mean member is the mean of the members' test accuracies, recomputed from members.csv
    double mean = members.subList(1, members.size()).stream()
        .mapToDouble(s -> Double.parseDouble(s.substring(s.lastIndexOf(',') + 1))).average().orElseThrow();
    assertEquals(mean, Double.parseDouble(compare.get(1).split(",")[1]), 1e-12);
    assertTrue(r.out().contains("saved as one file and loaded back: the same predictions, bit for bit"), r.out());
    assertTrue(r.out().contains("member7 (Sequential)"), r.out());
    List<String> stacking = Files.readAllLines(dir.resolve("stacking.csv"));
    assertEquals(3, stacking.size(), stacking.toString());
    assertEquals(800, ImageIO.read(dir.resolve("member-accuracy.png").toFile()).getWidth());
    assertTrue(Files.exists(dir.resolve("ensemble.adnn")));
  }

  /** The defaults give the table README.md quotes (-Preliability: ten members of 784-64-10 on 2,000 digits). */
  @Test
  void theDefaultsGiveTheReadmeTable(@TempDir Path dir) throws IOException {
    assumeTrue(Boolean.getBoolean("autodiff.reliability"), "the defaults' ten members: -Preliability");
    Run r = Run.of("ensembles", "--out", dir.toString());
    assertEquals(0, r.code(), r.err() + r.out());
    List<String> compare = Files.readAllLines(dir.resolve("comparison.csv"));
    double[] readme = {0.902, 0.904, 0.911, 0.907, 0.907};
    for (int i = 0; i < readme.length; i++) {
      String[] cells = compare.get(i + 1).split(",");
      assertEquals(readme[i], Double.parseDouble(cells[cells.length - 1]), 0.0005, compare.toString());
    }
    // the members' spread as README.md quotes it: final losses 0.051 to 0.194, test accuracies 89.6% to 91.0%
    List<String> members = Files.readAllLines(dir.resolve("members.csv"));
    double minLoss = Double.MAX_VALUE;
    double maxLoss = 0;
    double minAcc = 1;
    double maxAcc = 0;
    for (String m : members.subList(1, members.size())) {
      String[] c = m.split(",");
      minLoss = Math.min(minLoss, Double.parseDouble(c[c.length - 3]));
      maxLoss = Math.max(maxLoss, Double.parseDouble(c[c.length - 3]));
      minAcc = Math.min(minAcc, Double.parseDouble(c[c.length - 1]));
      maxAcc = Math.max(maxAcc, Double.parseDouble(c[c.length - 1]));
    }
    assertEquals(0.051, minLoss, 0.0005);
    assertEquals(0.194, maxLoss, 0.0005);
    assertEquals(0.896, minAcc, 0.0005);
    assertEquals(0.910, maxAcc, 0.0005);
    assertTrue(compare.get(2).contains("(m9)"), compare.toString());  // chosen by validation: m9, RMSProp
    List<String> stacking = Files.readAllLines(dir.resolve("stacking.csv"));
    assertTrue(stacking.get(1).contains(",0.933,0.879,"), stacking.toString());
    assertTrue(stacking.get(2).contains(",0.9945,0.914,"), stacking.toString());
  }
}
