package dev.autodiff.core.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
  @Test
  void writesAndReplaces(@TempDir Path dir) throws IOException {
    Path f = dir.resolve("a/b/c.txt");
    AtomicFiles.writeString(f, "one");
    assertEquals("one", Files.readString(f));
    AtomicFiles.writeString(f, "two");
    assertEquals("two", Files.readString(f));
    assertEquals(List.of(f), list(f.getParent()));
  }

  @Test
  void newFilesAreReadableByAllAndReplacedFilesKeepTheirPermissions(@TempDir Path dir) throws IOException {
    Path f = dir.resolve("picture.svg");
    AtomicFiles.writeString(f, "one");
    assertEquals(PosixFilePermissions.fromString("rw-r--r--"), Files.getPosixFilePermissions(f));
    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-rw----"));
    AtomicFiles.writeString(f, "two");
    assertEquals(PosixFilePermissions.fromString("rw-rw----"), Files.getPosixFilePermissions(f));
  }

  @Test
  void aWriteThatFailsMidwayLeavesTheOldFileAndNoTemporary(@TempDir Path dir) throws IOException {
    Path f = dir.resolve("model.bin");
    AtomicFiles.writeString(f, "the old content");
    IOException e = assertThrows(IOException.class, () -> AtomicFiles.write(f, out -> {
      out.write("half of the new con".getBytes());
      throw new IOException("disk full (simulated)");
    }));
    assertEquals("disk full (simulated)", e.getMessage());
    assertEquals("the old content", Files.readString(f));
    assertEquals(List.of(f), list(dir));
  }

  private static List<Path> list(Path dir) throws IOException {
    try (var s = Files.list(dir)) {
      return s.sorted().toList();
    }
  }
}
