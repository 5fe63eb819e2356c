package dev.autodiff.examples.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autodiff.examples.Run;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A smoke test that the benchmark command works; it measures nothing (benchmarks are not unit tests). */
class BenchCommandTest {
  @Test
  void quickRunWritesItsTable(@TempDir Path dir) throws IOException {
    Run r = Run.of("bench", "--quick", "--out", dir.toString());
    assertEquals(0, r.code(), r.err() + r.out());
    assertTrue(r.out().contains("| workload | unit | ours | peer |"), r.out());
    List<String> csv = Files.readAllLines(dir.resolve("bench.csv"));
    assertEquals("workload,unit,ours_median,ours_min,ours_max,peer_median", csv.get(0));
    assertEquals(12, csv.size() - 1, csv.toString());
    for (String row : csv.subList(1, csv.size())) {
      String[] c = row.split(",", -1);
      double ours = Double.parseDouble(c[c.length - 4]);
      assertTrue(ours > 0 && Double.isFinite(ours), row);
    }
  }
}
