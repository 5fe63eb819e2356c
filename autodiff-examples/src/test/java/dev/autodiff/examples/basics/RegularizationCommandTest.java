package dev.autodiff.examples.basics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autodiff.examples.Run;
import dev.autodiff.examples.data.Iris;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegularizationCommandTest {
  @Test
  void regularizationHelpsOnASmallTrainingSet(@TempDir Path dir) throws IOException {
    Run r = Run.of("regularization", "--out", dir.toString());
    assertEquals(0, r.code(), r.err() + r.out());
    List<String> rows = Files.readAllLines(dir.resolve("regularization.csv"));
    assertEquals("model,mean_test_accuracy,std,runs", rows.get(0));
    Map<String, Double> acc = new HashMap<>();
    for (String row : rows.subList(1, rows.size())) {
      String[] c = row.split(",");
      acc.put(c[0], Double.parseDouble(c[1]));
    }
    assertEquals(4, acc.size());
    assertTrue(acc.get("SE") > 0.8, acc.toString());
    assertTrue(acc.get("SE+L1") > acc.get("SE"), acc.toString());
    assertTrue(acc.get("SE+L2") > acc.get("SE"), acc.toString());
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
