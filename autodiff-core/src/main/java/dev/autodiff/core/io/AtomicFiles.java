package dev.autodiff.core.io;

import static com.google.common.base.Preconditions.checkArgument;
import static dev.autodiff.core.Require.checkNotNull;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
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
 * renamed over the target, and the directory is forced after the rename. Readers see the old content or the new,
 * never a mix; a failed write leaves the old file as it was and removes the temporary file, and a save whose process
 * was killed leaves a temporary file that the next save of the same file removes. Writing onto a symbolic link
 * writes the file it points to.
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
    Path absolute = throughLinks(target.toAbsolutePath());
    Path dir = absolute.getParent();
    checkArgument(dir != null && absolute.getFileName() != null, "write: %s is not a file's path", target);
    Files.createDirectories(dir);
    String prefix = "." + absolute.getFileName() + ".";
    Path tmp = Files.createTempFile(dir, prefix, ".tmp");
    boolean moved = false;
    try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
        FileLock lock = ch.lock()) {
      // locked until it is renamed: another save's clean-up never takes a temporary file that is being written
      keepPermissions(absolute, tmp);
      OutputStream out = Channels.newOutputStream(ch);
      content.writeTo(out);
      out.flush();
      ch.force(true);
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
    forceDirectory(dir);
    removeStale(dir, prefix);
  }

  /**
   * Saving onto a symbolic link writes the file it points to (the link stays a link), as editors and
   * {@code cp} do; a chain of links is followed to its end.
   */
  static Path throughLinks(Path p) throws IOException {
    Path at = p;
    for (int hops = 0; Files.isSymbolicLink(at); hops++) {
      if (hops == 40) {
        throw new IOException("write: " + p + ": too many levels of symbolic links");
      }
      Path next = Files.readSymbolicLink(at);
      at = at.getParent().resolve(next).normalize();
    }
    return at;
  }

  /** The rename is durable only once the directory itself is on disk (where the file system can say so). */
  private static void forceDirectory(Path dir) {
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      // some file systems and platforms cannot open or force a directory: the file itself was forced
    }
  }

  /**
   * Removes temporary files of earlier saves of the same file that died (killed) before renaming theirs: files named
   * like ours, older than a few seconds, whose writer holds no lock on them any more (the system drops a dead
   * process's locks).
   */
  private static void removeStale(Path dir, String prefix) {
    long now = System.currentTimeMillis();
    try (DirectoryStream<Path> all = Files.newDirectoryStream(dir, prefix + "*.tmp")) {
      for (Path p : all) {
        try {
          if (now - Files.getLastModifiedTime(p).toMillis() < STALE_MILLIS) {
            continue;
          }
          try (FileChannel ch = FileChannel.open(p, StandardOpenOption.WRITE); FileLock lock = ch.tryLock()) {
            if (lock != null) {
              Files.deleteIfExists(p);
            }
          } catch (OverlappingFileLockException inThisProcess) {
            // being written by another thread of this process
          }
        } catch (IOException gone) {
          // removed meanwhile, or not ours to open: leave it
        }
      }
    } catch (IOException e) {
      // a directory we cannot list: nothing to clean
    }
  }

  /** How old a temporary file must be before a later save may take it for a dead writer's. */
  static final long STALE_MILLIS = 2_000;

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
