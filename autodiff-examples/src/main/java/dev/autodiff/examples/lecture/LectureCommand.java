package dev.autodiff.examples.lecture;

import dev.autodiff.core.viz.Graphviz;
import dev.autodiff.examples.Command;
import dev.autodiff.examples.Option;
import dev.autodiff.examples.Options;
import dev.autodiff.examples.Output;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** {@code lecture}: the worked backprop examples of the lecture notes as traces and Graphviz drawings. */
public final class LectureCommand implements Command {
  static final Option<Boolean> HTML = Option.flag("html",
      "also write <example>/stepper.html: a page that steps through the forward and reverse pass on the drawing "
          + "(needs Graphviz)");

  @Override
  public String name() {
    return "lecture";
  }

  @Override
  public String summary() {
    return "the lecture's worked backprop examples: traces (text, Markdown, LaTeX), drawings (DOT, SVG, PNG) and, "
        + "with --html, a page per example that steps through them";
  }

  @Override
  public List<Option<?>> options() {
    return List.of(HTML);
  }

  @Override
  public int run(Options o, Output out) throws IOException {
    for (WorkedExamples.Worked w : WorkedExamples.all()) {
      out.println("== " + w.title());
      out.println(LectureFiles.of(w).get(w.slug() + "/trace.txt").stripTrailing());
      out.println("(" + w.expect() + ")");
      out.println();
    }
    write(LectureFiles.all(), out);
    if (o.get(HTML)) {
      writePages(out);
    }
    return 0;
  }

  /**
   * Writes {@code files} (relative path to text) through {@code out}, with an SVG and a PNG beside each DOT when
   * Graphviz is installed; the listing shows the first frame of each frames/ folder only.
   */
  static void write(Map<String, String> files, Output out) throws IOException {
    for (Map.Entry<String, String> f : files.entrySet()) {
      if (f.getKey().endsWith(".dot")) {
        out.dot(f.getKey(), f.getValue());
      } else {
        out.text(f.getKey(), f.getValue());
      }
    }
    out.listOnly(LectureCommand::listed, "(and one frame per backprop step under each frames/ folder)");
  }

  /** One stepper page per worked example; the page inlines an SVG drawing, so without Graphviz there is none. */
  private static void writePages(Output out) throws IOException {
    if (!Graphviz.isAvailable()) {
      out.println("--html: Graphviz '" + Graphviz.executable() + "' not found, so no stepper pages (their drawing is "
          + "an SVG made by Graphviz; apt-get install graphviz)");
      return;
    }
    for (WorkedExamples.Worked w : WorkedExamples.all()) {
      out.text(w.slug() + "/stepper.html", LectureFiles.stepperPage(w));
    }
    out.text("mlp/stepper.html", LectureFiles.mlpStepperPage());
  }

  private static boolean listed(Path p) {
    String name = p.getFileName().toString();
    return !name.startsWith("frame-") || name.startsWith("frame-00.");
  }
}
