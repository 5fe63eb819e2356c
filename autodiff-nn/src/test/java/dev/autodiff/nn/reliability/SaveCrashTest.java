package dev.autodiff.nn.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autodiff.core.graph.Graph;
import dev.autodiff.core.testing.Seeds;
import dev.autodiff.nn.Dense;
import dev.autodiff.nn.Init;
import dev.autodiff.nn.Model;
import dev.autodiff.nn.Sequential;
import dev.autodiff.nn.io.ModelFile;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash consistency of saving: a child JVM saves a model again and again and is killed (SIGKILL) at a seeded random
 * moment; the file must always load, and the next save must leave no temporary file behind. 3 kills by default,
 * 200 with -Preliability.
 */
class SaveCrashTest {
  /**
   * The child: saves a 300 x 300 model to args[0] in a loop, saying when the first save is done. Each save writes
   * the model file's bytes through {@code AtomicFiles} in 16 KB pieces with a pause between them, as a large model
   * on a slow disk would: most of the child's time is spent with a temporary file open, so kills land there.
   */
  public static final class SaveLoop {
    public static void main(String[] args) throws Exception {
      Graph g = Graph.create();
      Model m = new Model(g, Sequential.of(new Dense(g, "d", 300, 300, Init.xavier(), new Random(1))), 300);
      Path target = Path.of(args[0]);
      byte[] bytes = ModelFile.encode(m);
      ModelFile.save(m, target);
      System.out.println("saved");
      System.out.flush();
      while (true) {
        dev.autodiff.core.io.AtomicFiles.write(target, out -> {
          for (int at = 0; at < bytes.length; at += 16_384) {
            out.write(bytes, at, Math.min(16_384, bytes.length - at));
            try {
              Thread.sleep(1);
            } catch (InterruptedException e) {
              throw new java.io.InterruptedIOException("interrupted");
            }
          }
        });
      }
    }
  }

  @Test
  void aKilledSaveNeverLeavesAnUnloadableFileNorTemporaryFilesForGood(@TempDir Path dir) throws Exception {
    int kills = Seeds.reliability() ? 200 : 3;
    Random random = new Random(Seeds.of("SaveCrashTest", 11));
    Path target = dir.resolve("m.adnn");
    for (int k = 0; k < kills; k++) {
      Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
          System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
          SaveLoop.class.getName(), target.toString()).redirectErrorStream(true).start();
      try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        String line = out.readLine();
        assertEquals("saved", line, "the child's first line");
        Thread.sleep(5 + random.nextInt(60));  // somewhere in a later save: writing, forcing or renaming
        p.destroyForcibly();
        p.waitFor();
      }
      assertEquals(300 * 300 + 300, ModelFile.load(target).parameterCount(), "after kill " + (k + 1));
    }
    // what the killed saves left: temporary files nobody holds a lock on; once they are old, the next save removes
    // them (the age is what a live writer's fresh file is protected by)
    try (Stream<Path> left = Files.list(dir)) {
      for (Path t : left.filter(f -> f.getFileName().toString().endsWith(".tmp")).toList()) {
        Files.setLastModifiedTime(t, FileTime.fromMillis(System.currentTimeMillis() - 60_000));
      }
    }
    Graph g = Graph.create();
    ModelFile.save(new Model(g, Sequential.of(new Dense(g, "d", 2, 1, Init.zeros(), new Random(1))), 2), target);
    try (Stream<Path> left = Files.list(dir)) {
      List<String> names = left.map(f -> f.getFileName().toString()).sorted().toList();
      assertEquals(List.of("m.adnn"), names, "no temporary file is left after the next save");
    }
    System.out.printf("reliability: %d saves killed, the file loaded after each, no temporary file left%n", kills);
  }
}
