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
    // the Spark rows need Spark on the class path: the table says how to get them
    assertTrue(r.out().contains("-Dspark.args=\"--bench\""), r.out());
    List<String> csv = Files.readAllLines(dir.resolve("bench.csv"));
    assertEquals("workload,unit,ours_median,ours_min,ours_max,peer_median", csv.get(0));
    assertEquals(29, csv.size() - 1, csv.toString());
    for (String row : csv.subList(1, csv.size())) {
      String[] c = row.split(",", -1);
      double ours = Double.parseDouble(c[c.length - 4]);
      assertTrue(ours > 0 && Double.isFinite(ours), row);
    }
  }

  @Test
  void theMetColumnJudgesMediansAgainstTheTarget() {
    BenchCommand.Row ratioMet = new BenchCommand.Row("scaling", "x", true, new double[] {1.5, 1.7, 1.8}, null,
        ">= 1.6", null);
    BenchCommand.Row ratioMissed = new BenchCommand.Row("scaling", "x", true, new double[] {1.5, 1.55, 1.9}, null,
        ">= 1.6", null);
    BenchCommand.Row cost = new BenchCommand.Row("cost", "ns/node/step", false, new double[] {90, 120, 95}, null,
        "<= 100 ns/node", null);
    BenchCommand.Row peer = new BenchCommand.Row("peer", "steps/s", true, new double[] {10, 30, 20},
        new double[] {10, 10, 10}, ">= 2x PyTorch", 2.0);
    // a peer target on a machine without the peer: nothing to judge (this once threw NumberFormatException)
    BenchCommand.Row noPeer = new BenchCommand.Row("matmul", "GFLOP/s", true, new double[] {50, 51, 52}, null,
        ">= 0.9x OpenBLAS", 0.9);
    String t = BenchCommand.table(List.of(ratioMet, ratioMissed, cost, peer, noPeer), true);
    List<String> lines = t.lines().toList();
    assertTrue(lines.get(2).endsWith("| >= 1.6 | yes |"), lines.get(2));
    assertTrue(lines.get(3).endsWith("| >= 1.6 | no |"), lines.get(3));
    assertTrue(lines.get(4).endsWith("| yes |"), lines.get(4));
    assertTrue(lines.get(5).contains("| 2.00 [1.00, 3.00] |") && lines.get(5).endsWith("| yes |"), lines.get(5));
    assertTrue(lines.get(6).endsWith("| >= 0.9x OpenBLAS |  |"), lines.get(6));
  }
}
