package dev.autodiff.examples.lecture;

import dev.autodiff.core.io.AtomicFiles;
import dev.autodiff.core.viz.Graphviz;
import dev.autodiff.examples.Args;
import dev.autodiff.examples.Command;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@code lecture}: the worked backprop examples of the lecture notes as traces and Graphviz drawings. */
public final class LectureCommand implements Command {
  @Override
  public String name() {
    return "lecture";
  }

  @Override
  public String summary() {
    return "the lecture's worked backprop examples: traces (text, Markdown, LaTeX) and drawings (DOT, SVG, PNG)";
  }

  @Override
  public String options() {
    return "  --out DIR   where to write (default out/lecture)\n";
  }

  @Override
  public int run(Args args, PrintStream out) throws IOException {
    Path dir = args.path("out", "out/lecture");
    args.finish();
    for (WorkedExamples.Worked w : WorkedExamples.all()) {
      out.println("== " + w.title());
      out.println(LectureFiles.of(w).get(w.slug() + "/trace.txt").stripTrailing());
      out.println("(" + w.expect() + ")");
      out.println();
    }
    List<Path> written = write(LectureFiles.all(), dir, out);
    out.println("wrote " + written.size() + " files under " + dir + ":");
    for (Path p : written) {
      if (!p.toString().contains("frame-") || p.toString().contains("frame-00.")) {
        out.println("  " + p);
      }
    }
    out.println("  (and one frame per backprop step under each frames/ folder)");
    return 0;
  }

  /** Writes {@code files} under {@code dir}, with an SVG and a PNG beside each DOT when Graphviz is installed. */
  static List<Path> write(Map<String, String> files, Path dir, PrintStream out) throws IOException {
    List<Path> written = new ArrayList<>();
    for (Map.Entry<String, String> f : files.entrySet()) {
      Path p = dir.resolve(f.getKey());
      if (f.getKey().endsWith(".dot")) {
        written.addAll(Graphviz.write(p, f.getValue(), out));
      } else {
        AtomicFiles.writeString(p, f.getValue());
        written.add(p);
      }
    }
    return written;
  }
}
