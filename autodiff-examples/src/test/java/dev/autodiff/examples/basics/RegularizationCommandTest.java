package dev.autodiff.examples.basics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.autodiff.examples.Run;
import dev.autodiff.examples.data.Iris;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegularizationCommandTest {
  static Map<String, Double> table(Path dir, String... options) throws IOException {
    List<String> args = new ArrayList<>(List.of("regularization", "--out", dir.toString()));
    args.addAll(List.of(options));
    Run r = Run.of(args.toArray(new String[0]));
    assertEquals(0, r.code(), r.err() + r.out());
    List<String> rows = Files.readAllLines(dir.resolve("regularization.csv"));
    assertEquals("model,mean_test_accuracy,std,runs", rows.get(0));
    Map<String, Double> acc = new LinkedHashMap<>();
    for (String row : rows.subList(1, rows.size())) {
      String[] c = row.split(",");
      acc.put(c[0], Double.parseDouble(c[1]));
    }
    assertEquals(List.of("SE", "SE+L1", "SE+L2", "SE+dropout"), List.copyOf(acc.keySet()));
    return acc;
  }

  /**
   * A small table (2 seeds, 200 epochs; the full one is 10 x 1,500 and runs with {@code -Preliability}): every
   * regularizer changes the result (one that was silently dropped would repeat the SE row exactly, same splits and
   * weights), and L1 and L2 help.
   */
  @Test
  void regularizationHelpsOnASmallTrainingSet(@TempDir Path dir) throws IOException {
    Map<String, Double> acc = table(dir, "--seeds", "2", "--epochs", "200");
    assertTrue(acc.get("SE") > 0.8, acc.toString());
    for (String row : List.of("SE+L1", "SE+L2", "SE+dropout")) {
      assertNotEquals(acc.get("SE"), acc.get(row), row + " changes nothing: " + acc);
    }
    assertTrue(acc.get("SE+L1") > acc.get("SE"), acc.toString());
    assertTrue(acc.get("SE+L2") > acc.get("SE"), acc.toString());
  }

  /** The full table with the defaults gives the numbers README.md quotes (-Preliability). */
  @Test
  void theFullTableGivesTheReadmeNumbers(@TempDir Path dir) throws IOException {
    assumeTrue(Boolean.getBoolean("autodiff.reliability"), "the full 4 x 10 x 1,500-epoch table: -Preliability");
    Map<String, Double> acc = table(dir);
    assertEquals(0.928, acc.get("SE"), 0.0005, acc.toString());
    assertEquals(0.945, acc.get("SE+L1"), 0.0005, acc.toString());
    assertEquals(0.944, acc.get("SE+L2"), 0.0005, acc.toString());
    assertEquals(0.932, acc.get("SE+dropout"), 0.0005, acc.toString());
  }

  @Test
  void theShippedIrisIsFishersAndBadFilesAreNamed() throws IOException {
    Iris.Data d = Iris.load();
    assertEquals(150, d.labels().length);
    assertEquals(List.of("setosa", "versicolor", "virginica"), d.classes());
    assertEquals(5.1, d.features().get(0, 0));
    double petalLength = 0;
    for (int i = 0; i < 150; i++) {
      petalLength += d.features().get(i, 2) / 150;
    }
    assertEquals(3.76, petalLength, 0.005, "the mean in the data's description");
    IOException e = assertThrows(IOException.class, () -> Iris.parse(
        new ByteArrayInputStream("3,4,a,b,c\n1,2,3,4,0\n".getBytes(StandardCharsets.UTF_8)), "short.csv"));
    assertTrue(e.getMessage().contains("short.csv: truncated: 1 of 3 samples"), e.getMessage());
    e = assertThrows(IOException.class, () -> Iris.parse(
        new ByteArrayInputStream("1,4,a,b,c\n1,2,x,4,0\n".getBytes(StandardCharsets.UTF_8)), "bad.csv"));
    assertTrue(e.getMessage().contains("bad.csv: line 2 '1,2,x,4,0' is not numbers"), e.getMessage());
    e = assertThrows(IOException.class, () -> Iris.parse(
        new ByteArrayInputStream("1,4,a,b,c\n1,2,3,4,7\n".getBytes(StandardCharsets.UTF_8)), "bad.csv"));
    assertTrue(e.getMessage().contains("class 7 is not 0, 1 or 2"), e.getMessage());
  }
}
