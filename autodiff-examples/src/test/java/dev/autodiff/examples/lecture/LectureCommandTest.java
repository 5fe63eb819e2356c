package dev.autodiff.examples.lecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autodiff.core.testing.Tools;
import dev.autodiff.examples.Main;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LectureCommandTest {
  private static String[] run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = Main.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    return new String[] {String.valueOf(code), out.toString(StandardCharsets.UTF_8),
        err.toString(StandardCharsets.UTF_8)};
  }

  @Test
  void writesEveryFileAndRendersEachDrawing(@TempDir Path dir) throws IOException {
    Tools.requireGraphviz();
    String[] r = run("lecture", "--out", dir.toString());
    assertEquals("0", r[0], r[2]);
    assertTrue(r[1].contains("db = dc/db * dc = exp(b) * 1 = 20.0855 * 1 = 20.0855"), r[1]);
    Map<String, String> files = LectureFiles.all();
    for (Map.Entry<String, String> f : files.entrySet()) {
      Path p = dir.resolve(f.getKey());
      assertEquals(f.getValue(), Files.readString(p), f.getKey());
      if (f.getKey().endsWith(".dot")) {
        String stem = f.getKey().substring(0, f.getKey().length() - 4);
        assertTrue(Files.readString(dir.resolve(stem + ".svg")).contains("<svg"), stem);
        byte[] png = Files.readAllBytes(dir.resolve(stem + ".png"));
        assertTrue(png.length > 100 && png[1] == 'P' && png[2] == 'N' && png[3] == 'G', stem);
      }
    }
  }

  @Test
  void tourIsTheDefaultAndPrintsTheLectureTrace(@TempDir Path dir) {
    String[] r = run("--out", dir.resolve("tour").toString(), "--epochs", "1", "--hidden", "16", "--train", "500",
        "--test", "200");
    assertEquals("0", r[0], r[2]);
    assertTrue(r[1].startsWith("autodiff tour\n== Part 1: the lecture's worked example, f(x, w) = 1 + e^(w1 x + w0)"),
        r[1]);
    assertTrue(r[1].contains("== Part 2: an MLP learns to read handwritten digits"), r[1]);
    assertTrue(r[1].matches("(?s).*test accuracy: \\d+\\.\\d\\d% \\(\\d+ of 200\\).*"), r[1]);
    assertTrue(r[1].contains("\nwrote:\n"), r[1]);
    assertTrue(Files.exists(dir.resolve("tour/mnist/accuracy.png")));
    assertTrue(r[1].contains("dw1 = da/dw1 * da = x * 20.0855 = 1 * 20.0855 = 20.0855"), r[1]);
    assertTrue(r[1].contains("\\begin{align*}"), r[1]);
    assertTrue(Files.exists(dir.resolve("tour/exp-neuron/backprop.dot")));
  }

  @Test
  void helpAndBadUsage() {
    String[] help = run("--help");
    assertEquals("0", help[0]);
    assertTrue(help[1].contains("tour") && help[1].contains("lecture"), help[1]);
    String[] sub = run("lecture", "--help");
    assertTrue(sub[1].contains("--out DIR"), sub[1]);
    String[] unknown = run("nope");
    assertEquals("2", unknown[0]);
    assertTrue(unknown[2].contains("unknown subcommand 'nope'"), unknown[2]);
    String[] badOption = run("lecture", "--colour", "red");
    assertEquals("2", badOption[0]);
    assertTrue(badOption[2].contains("unknown option --colour"), badOption[2]);
    String[] missing = run("lecture", "--out");
    assertEquals("2", missing[0]);
    assertTrue(missing[2].contains("--out needs a value"), missing[2]);
  }

  @Test
  void htmlWithoutGraphvizSaysWhyAndWritesNoPage(@TempDir Path dir) {
    String previous = System.getProperty("autodiff.graphviz.dot");
    System.setProperty("autodiff.graphviz.dot", dir.resolve("no-such-dot").toString());
    try {
      String[] r = run("lecture", "--html", "--out", dir.resolve("out").toString());
      assertEquals("0", r[0], r[2]);
      assertTrue(r[1].contains("--html: Graphviz '" + dir.resolve("no-such-dot") + "' not found, so no stepper pages"),
          r[1]);
      assertTrue(Files.exists(dir.resolve("out/exp-neuron/trace.txt")));
      assertTrue(!Files.exists(dir.resolve("out/exp-neuron/stepper.html")));
    } finally {
      if (previous == null) {
        System.clearProperty("autodiff.graphviz.dot");
      } else {
        System.setProperty("autodiff.graphviz.dot", previous);
      }
    }
  }
}
