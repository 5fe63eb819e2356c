package dev.autodiff.examples.lecture;

import dev.autodiff.examples.Args;
import dev.autodiff.examples.Command;
import dev.autodiff.examples.mnist.MnistRun;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
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
    return "(default) the lecture's worked example traced and drawn, then an MLP trained on MNIST digits";
  }

  @Override
  public String options() {
    return "  --epochs N  MNIST epochs (default 14)\n"
        + "  --hidden N  MNIST hidden units (default 256)\n"
        + "  --train N   MNIST training digits (default 8000)\n"
        + "  --test N    MNIST test digits (default 2000)\n"
        + "  --out DIR   where to write (default out/tour)\n";
  }

  @Override
  public int run(Args args, PrintStream out) throws IOException {
    Path dir = args.path("out", "out/tour");
    MnistRun.Config mnist = new MnistRun.Config((int) args.integer("hidden", 256, 1, 100_000),
        (int) args.integer("epochs", 14, 1, 100_000), 64, 0.003, 1, (int) args.integer("train", 8000, 1, 9999),
        (int) args.integer("test", 2000, 1, 9999), null, null);
    args.finish();
    WorkedExamples.Worked w = WorkedExamples.exponentialNeuron();
    Map<String, String> files = LectureFiles.of(w);
    out.println("autodiff tour");
    out.println("== Part 1: the lecture's worked example, " + w.title());
    out.println();
    out.println(files.get(w.slug() + "/trace.txt").stripTrailing());
    out.println("(" + w.expect() + ")");
    out.println();
    out.println("The same trace as LaTeX:");
    out.println(files.get(w.slug() + "/trace.tex").stripTrailing());
    out.println();
    List<Path> written = new ArrayList<>(LectureCommand.write(files, dir, out));
    out.println("drew the graph: " + dir.resolve(w.slug() + "/backprop.dot") + " (values and adjoints), twin.dot, "
        + "gradient-graph.dot, frames/ (+ .svg, .png with Graphviz)");
    out.println();
    out.println("== Part 2: an MLP learns to read handwritten digits");
    MnistRun.Result r = MnistRun.run(mnist, dir.resolve("mnist"), out);
    written.addAll(r.written());
    out.println();
    out.println("everything the tour wrote (" + written.size() + " files):");
    for (Path p : written) {
      if (!p.toString().contains("frame-") || p.toString().contains("frame-00.")) {
        out.println("  " + p);
      }
    }
    out.println("  (and one frame per backprop step under " + dir.resolve(w.slug() + "/frames") + ")");
    out.println("more: java -jar autodiff-examples/target/autodiff-examples.jar --help");
    return 0;
  }
}
