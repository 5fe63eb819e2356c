package dev.autodiff.examples.lecture;

import dev.autodiff.examples.Args;
import dev.autodiff.examples.Command;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** {@code tour}, the default: the lecture's first worked example, traced step by step and drawn. */
public final class TourCommand implements Command {
  @Override
  public String name() {
    return "tour";
  }

  @Override
  public String summary() {
    return "(default) the lecture's worked example: forward values, backprop trace, graph pictures";
  }

  @Override
  public String options() {
    return "  --out DIR   where to write (default out/tour)\n";
  }

  @Override
  public int run(Args args, PrintStream out) throws IOException {
    Path dir = args.path("out", "out/tour");
    args.finish();
    WorkedExamples.Worked w = WorkedExamples.exponentialNeuron();
    Map<String, String> files = LectureFiles.of(w);
    out.println("autodiff tour: " + w.title());
    out.println();
    out.println(files.get(w.slug() + "/trace.txt").stripTrailing());
    out.println("(" + w.expect() + ")");
    out.println();
    out.println("The same trace as LaTeX:");
    out.println(files.get(w.slug() + "/trace.tex").stripTrailing());
    out.println();
    List<Path> written = LectureCommand.write(files, dir, out);
    out.println("wrote " + written.size() + " files under " + dir + ", among them:");
    for (String name : List.of("backprop", "twin", "gradient-graph")) {
      out.println("  " + dir.resolve(w.slug() + "/" + name + ".dot") + "  (+ .svg, .png with Graphviz)");
    }
    out.println("more: java -jar autodiff-examples/target/autodiff-examples.jar lecture   (all worked examples)");
    return 0;
  }
}
