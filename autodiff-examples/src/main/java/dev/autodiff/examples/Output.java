package dev.autodiff.examples;

import dev.autodiff.core.io.AtomicFiles;
import dev.autodiff.core.viz.Graphviz;
import dev.autodiff.nn.train.History;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * What a subcommand prints and writes: the console, the folder it writes into ({@code --out}) and every file it
 * writes, all atomically. When the command ends, {@link Main} lists the files ("wrote:").
 */
public final class Output {
  private final PrintStream screen;
  private PrintStream console;
  private final Path dir;
  private final List<Path> written;
  private Predicate<Path> listed = p -> true;
  private String unlisted;
  private String logName;
  private ByteArrayOutputStream log;

  Output(PrintStream screen, Path dir) {
    this.screen = screen;
    this.console = screen;
    this.dir = dir;
    this.written = new ArrayList<>();
  }

  private Output(Output parent, Path dir) {
    this.screen = parent.screen;
    this.console = parent.console;
    this.dir = dir;
    this.written = parent.written;
  }

  /** The same output writing into {@code subfolder} of this one's folder; what it writes is listed with the rest. */
  public Output in(String subfolder) {
    return new Output(this, dir.resolve(subfolder));
  }

  /** The folder the command writes into. */
  public Path dir() {
    return dir;
  }

  /** The console, for what prints progress itself (a trainer's progress line). */
  public PrintStream console() {
    return console;
  }

  public void println(Object line) {
    console.println(line);
  }

  public void println() {
    console.println();
  }

  public void print(Object text) {
    console.print(text);
  }

  /** {@link String#format} in the root locale (a dot before decimals, wherever it runs). */
  public void printf(String format, Object... args) {
    console.print(String.format(Locale.ROOT, format, args));
  }

  /** From now on, everything printed also goes into {@code name}, written when the command ends. */
  public void alsoLogTo(String name) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    OutputStream tee = new OutputStream() {
      @Override
      public void write(int b) {
        screen.write(b);
        bytes.write(b);
      }

      @Override
      public void write(byte[] b, int off, int len) {
        screen.write(b, off, len);
        bytes.write(b, off, len);
      }
    };
    log = bytes;
    logName = name;
    console = new PrintStream(tee, true, StandardCharsets.UTF_8);
  }

  /** Writes the log, if any, and lists the files written; called by {@link Main} when the command ends. */
  void finish() throws IOException {
    if (log != null) {
      console.flush();
      text(logName, log.toString(StandardCharsets.UTF_8));
    }
    console = screen;
    if (written.isEmpty()) {
      return;
    }
    screen.println("wrote:");
    for (Path p : written) {
      if (listed.test(p)) {
        screen.println("  " + p);
      }
    }
    if (unlisted != null) {
      screen.println("  " + unlisted);
    }
  }

  /** Writes {@code content} to {@code name} under the folder. */
  public Path text(String name, String content) throws IOException {
    Path p = dir.resolve(name);
    AtomicFiles.writeString(p, content);
    return wrote(p);
  }

  /** Writes a table as {@code name}. */
  public Path csv(String name, Csv table) throws IOException {
    return text(name, table.text());
  }

  /** Writes a training history as {@code history.csv}, or {@code history-<variant>.csv} for one of several. */
  public Path history(String variant, History h) throws IOException {
    return text(variant == null ? "history.csv" : "history-" + slug(variant) + ".csv", h.toCsv());
  }

  /** Writes {@code plot} as {@code stem.png} and {@code stem.svg}. */
  public List<Path> plot(String stem, Plots.Line plot) throws IOException {
    return wrote(plot.write(dir.resolve(stem)));
  }

  /** Writes a DOT drawing as {@code name}, with SVG and PNG beside it when Graphviz is installed. */
  public List<Path> dot(String name, String dot) throws IOException {
    return wrote(Graphviz.write(dir.resolve(name), dot, console));
  }

  /** Records a file that something else wrote. */
  public Path wrote(Path file) {
    written.add(file);
    return file;
  }

  /** Records files that something else wrote. */
  public List<Path> wrote(Collection<Path> files) {
    written.addAll(files);
    return List.copyOf(files);
  }

  /** The files written so far. */
  public List<Path> written() {
    return List.copyOf(written);
  }

  /** Lists only the files {@code shown} accepts, then {@code note} for the rest. */
  public void listOnly(Predicate<Path> shown, String note) {
    this.listed = shown;
    this.unlisted = note;
  }

  /** {@code "early stopping (5)"} becomes {@code "early-stopping-5"}. */
  public static String slug(String name) {
    return name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
  }
}
