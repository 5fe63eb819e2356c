package dev.autodiff.examples.lecture;

import dev.autodiff.examples.Command;
import dev.autodiff.examples.Option;
import dev.autodiff.examples.Options;
import dev.autodiff.examples.Output;
import dev.autodiff.examples.mnist.MnistCommand;
import dev.autodiff.examples.mnist.MnistRun;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/** {@code tour}, the default: the lecture's first worked example, traced step by step and drawn, then MNIST. */
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
  public List<Option<?>> options() {
    return List.of(MnistCommand.EPOCHS, MnistCommand.HIDDEN, MnistCommand.TRAIN, MnistCommand.TEST);
  }

  @Override
  public int run(Options o, Output out) throws IOException {
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
    LectureCommand.write(files, out);
    out.println("drew the graph: " + out.dir().resolve(w.slug() + "/backprop.dot") + " (values and adjoints), "
        + "twin.dot, gradient-graph.dot, frames/ (+ .svg, .png with Graphviz)");
    out.println();
    out.println("== Part 2: an MLP learns to read handwritten digits");
    MnistRun.run(MnistCommand.config(o), out.in("mnist"));
    out.println();
    out.println("more: java -jar autodiff-examples/target/autodiff-examples.jar --help");
    return 0;
  }
}
