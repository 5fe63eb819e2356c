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

  @Test
  void aDeadSavesTemporaryFileIsRemovedByTheNextSave(@TempDir Path dir) throws Exception {
    // reliability issue item 13: temporary files of killed saves piled up and no later save removed them
    Path target = dir.resolve("m.adnn");
    Path dead = dir.resolve(".m.adnn.123456.tmp");  // a killed writer's: old, and nobody holds its lock
    Files.write(dead, new byte[] {1, 2, 3});
    Files.setLastModifiedTime(dead, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() - 60_000));
    Path fresh = dir.resolve(".m.adnn.777.tmp");  // just created by a writer that has not locked it yet
    Files.write(fresh, new byte[] {1});
    Path busy = dir.resolve(".m.adnn.888.tmp");  // old but being written: locked (here, by this thread)
    Files.write(busy, new byte[] {1});
    Files.setLastModifiedTime(busy, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() - 60_000));
    Path other = dir.resolve(".other.adnn.1.tmp");  // another file's
    Files.write(other, new byte[] {1});
    Files.setLastModifiedTime(other, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() - 60_000));
    try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(busy,
        java.nio.file.StandardOpenOption.WRITE); java.nio.channels.FileLock lock = ch.lock()) {
      AtomicFiles.writeString(target, "new");
    }
    assertEquals("new", Files.readString(target));
    org.junit.jupiter.api.Assertions.assertFalse(Files.exists(dead), "the dead save's file is removed");
    org.junit.jupiter.api.Assertions.assertTrue(Files.exists(fresh), "a file that may be a live writer's stays");
    org.junit.jupiter.api.Assertions.assertTrue(Files.exists(busy), "a locked file stays");
    org.junit.jupiter.api.Assertions.assertTrue(Files.exists(other), "another file's temporary stays");
  }

  @Test
  void writingOntoASymbolicLinkWritesTheFileItPointsTo(@TempDir Path dir) throws Exception {
    Path real = dir.resolve("real.txt");
    Files.writeString(real, "old");
    Path link = Files.createSymbolicLink(dir.resolve("link.txt"), real.getFileName());
    AtomicFiles.writeString(link, "new");
    org.junit.jupiter.api.Assertions.assertTrue(Files.isSymbolicLink(link), "the link stays a link");
    assertEquals("new", Files.readString(real));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> AtomicFiles.writeString(Path.of("/"), "x"));
    org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("not a file's path"), e.getMessage());
  }
}
