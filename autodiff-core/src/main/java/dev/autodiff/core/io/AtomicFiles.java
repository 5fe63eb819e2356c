package dev.autodiff.core.io;

import static dev.autodiff.core.Require.checkNotNull;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Writes files atomically: the bytes go to a temporary file beside the target, which is forced to disk and then
 * renamed over the target. Readers see the old content or the new, never a mix; a failed write leaves the old file
 * as it was and removes the temporary file.
 */
public final class AtomicFiles {
  private AtomicFiles() {}

  /** Something that writes a file's content to a stream. */
  @FunctionalInterface
  public interface Content {
    void writeTo(OutputStream out) throws IOException;
  }

  /** Writes {@code text} as UTF-8 to {@code target} atomically, creating missing parent folders. */
  public static void writeString(Path target, String text) throws IOException {
    checkNotNull(target, "writeString: target path is null");
    checkNotNull(text, "writeString: text is null");
    write(target, text.getBytes(StandardCharsets.UTF_8));
  }

  /** Writes {@code bytes} to {@code target} atomically, creating missing parent folders. */
  public static void write(Path target, byte[] bytes) throws IOException {
    checkNotNull(bytes, "write: bytes are null");
    write(target, out -> out.write(bytes));
  }

  /**
   * Writes what {@code content} produces to {@code target} atomically, creating missing parent folders. If
   * {@code content} throws, the target is left untouched and the exception is passed on.
   */
  public static void write(Path target, Content content) throws IOException {
    checkNotNull(target, "write: target path is null");
    checkNotNull(content, "write: content is null");
    Path absolute = target.toAbsolutePath();
    Path dir = absolute.getParent();
    Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, "." + absolute.getFileName() + ".", ".tmp");
    boolean moved = false;
    try {
      keepPermissions(absolute, tmp);
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
        OutputStream out = Channels.newOutputStream(ch);
        content.writeTo(out);
        out.flush();
        ch.force(true);
      }
      try {
        Files.move(tmp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, absolute, StandardCopyOption.REPLACE_EXISTING);
      }
      moved = true;
    } finally {
      if (!moved) {
        Files.deleteIfExists(tmp);
      }
    }
  }

  /**
   * Temporary files are created private (rw-------); the written file instead keeps the permissions of the file it
   * replaces, or gets the usual rw-r--r-- when new.
   */
  private static void keepPermissions(Path target, Path tmp) throws IOException {
    if (!Files.getFileStore(tmp).supportsFileAttributeView(PosixFileAttributeView.class)) {
      return;
    }
    Set<PosixFilePermission> perms = Files.exists(target)
        ? Files.getPosixFilePermissions(target)
        : PosixFilePermissions.fromString("rw-r--r--");
    Files.setPosixFilePermissions(tmp, perms);
  }
}
