package dev.autodiff.core.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Golden files are found from the module, whatever the working directory (an IDE's, a root-level mvn run's). */
class GoldenTest {
  /** The child's side: prints where the golden folder {@code args[0]} is and whether it exists. */
  public static void main(String[] args) {
    Path dir = Golden.directory(GoldenTest.class, args[0]);
    System.out.println(dir.toAbsolutePath() + " " + Files.isDirectory(dir));
  }

  @Test
  void theGoldenFolderIsTheSameFromAnyWorkingDirectory(@TempDir Path elsewhere) throws IOException {
    Path here = Golden.directory(GoldenTest.class, "dot").toAbsolutePath();
    assertTrue(Files.isDirectory(here), here.toString());
    ChildJvm.Result r = ChildJvm.runIn(elsewhere, GoldenTest.class, List.of(), "dot");
    assertEquals(0, r.exitCode(), r.out());
    assertEquals(here + " true", r.out().strip(), "run from " + elsewhere);
  }
}
