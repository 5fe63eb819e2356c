package dev.autodiff.core.viz;

import static com.google.common.base.Preconditions.checkArgument;
import static dev.autodiff.core.Require.checkNotNull;

import dev.autodiff.core.io.AtomicFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Turns DOT text into pictures with the Graphviz {@code dot} program, when it is installed (Debian:
 * {@code apt-get install graphviz}). The program is looked up once, as the system property
 * {@code autodiff.graphviz.dot} or else {@code dot} on the PATH. Without it, {@link #write} still writes the DOT
 * file and says once, on standard error, that pictures were skipped.
 */
public final class Graphviz {
  /** The picture formats {@link #write} makes next to each DOT file. */
  public static final List<String> FORMATS = List.of("svg", "png");

  private static final long TIMEOUT_SECONDS = 120;
  private static final Set<String> WARNED = ConcurrentHashMap.newKeySet();
  private static final Map<String, Boolean> AVAILABLE = new ConcurrentHashMap<>();

  private Graphviz() {}

  /** The {@code dot} program this class runs. */
  public static String executable() {
    return System.getProperty("autodiff.graphviz.dot", "dot");
  }

  /** Whether {@link #executable()} can be run (checked once per executable, with {@code dot -V}). */
  public static boolean isAvailable() {
    return AVAILABLE.computeIfAbsent(executable(), Graphviz::probe);
  }

  private static boolean probe(String exe) {
    try {
      Process p = new ProcessBuilder(exe, "-V").redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /**
   * Renders DOT text with {@code dot -T<format>} ({@code svg}, {@code png}, {@code pdf}, ...). Warnings (a missing
   * font, say) do not stop it; see {@link #renderStrict} to refuse them.
   *
   * @throws IllegalStateException when Graphviz is not installed
   * @throws IOException when {@code dot} rejects the text (the message has its error output) or cannot be run
   */
  public static byte[] render(String dot, String format) throws IOException {
    return run(dot, format, false);
  }

  /**
   * As {@link #render}, but any warning from {@code dot} is an error too: for checking that generated DOT is
   * clean (the project's tests run every kind of drawing through it).
   */
  public static byte[] renderStrict(String dot, String format) throws IOException {
    return run(dot, format, true);
  }

  private static byte[] run(String dot, String format, boolean strict) throws IOException {
    checkNotNull(dot, "graphviz: DOT text is null");
    checkArgument(format != null && format.matches("[a-z0-9:]+"), "graphviz: bad format '%s'", format);
    if (!isAvailable()) {
      throw new IllegalStateException("graphviz: '" + executable() + "' is not installed or not on the PATH "
          + "(Debian: apt-get install graphviz)");
    }
    Process p = new ProcessBuilder(executable(), "-T" + format).start();
    CompletableFuture<byte[]> stdout = drain(p.getInputStream());
    CompletableFuture<byte[]> stderr = drain(p.getErrorStream());
    try (OutputStream in = p.getOutputStream()) {
      in.write(dot.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      // dot exited early; its error output says why.
    }
    try {
      if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IOException("graphviz: dot -T" + format + " did not finish in " + TIMEOUT_SECONDS + " s");
      }
      String err = new String(stderr.join(), StandardCharsets.UTF_8).strip();
      if (p.exitValue() != 0) {
        throw new IOException("graphviz: dot -T" + format + " failed (exit " + p.exitValue() + "): " + err);
      }
      if (strict && !err.isEmpty()) {
        throw new IOException("graphviz: dot -T" + format + " warned: " + err);
      }
      return stdout.join();
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("graphviz: interrupted while rendering", e);
    }
  }

  private static CompletableFuture<byte[]> drain(InputStream s) {
    return CompletableFuture.supplyAsync(() -> {
      try (s) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        s.transferTo(b);
        return b.toByteArray();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
  }

  /**
   * Writes {@code dot} to {@code dotFile} (atomically), and, when Graphviz is installed, an SVG and a PNG next to
   * it ({@code name.dot} gives {@code name.svg} and {@code name.png}). Returns the files written, DOT first.
   */
  public static List<Path> write(Path dotFile, String dot) throws IOException {
    return write(dotFile, dot, System.err);
  }

  /** As {@link #write(Path, String)}, saying on {@code notices} (once per run) when pictures are skipped. */
  public static List<Path> write(Path dotFile, String dot, PrintStream notices) throws IOException {
    checkNotNull(dotFile, "graphviz: DOT file path is null");
    checkNotNull(dot, "graphviz: DOT text is null");
    String name = dotFile.getFileName().toString();
    checkArgument(name.endsWith(".dot"), "graphviz: DOT file name must end in .dot, got %s", name);
    List<Path> written = new ArrayList<>();
    AtomicFiles.writeString(dotFile, dot);
    written.add(dotFile);
    if (!isAvailable()) {
      if (notices != null && WARNED.add(executable())) {
        notices.println("Graphviz '" + executable() + "' not found: writing DOT files only (install Graphviz, "
            + "e.g. apt-get install graphviz, for SVG and PNG)");
      }
      return written;
    }
    String stem = name.substring(0, name.length() - ".dot".length());
    for (String format : FORMATS) {
      Path out = dotFile.resolveSibling(stem + "." + format);
      AtomicFiles.write(out, render(dot, format));
      written.add(out);
    }
    return written;
  }
}
