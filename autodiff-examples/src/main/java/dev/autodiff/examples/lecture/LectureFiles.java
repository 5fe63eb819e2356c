package dev.autodiff.examples.lecture;

import dev.autodiff.core.graph.Node;
import dev.autodiff.core.graph.Parameter;
import dev.autodiff.core.graph.Traversal;
import dev.autodiff.core.viz.BackpropTrace;
import dev.autodiff.core.viz.Dot;
import dev.autodiff.core.viz.DotOptions;
import dev.autodiff.core.viz.StepperPage;
import dev.autodiff.nn.Activation;
import dev.autodiff.nn.LectureView;
import dev.autodiff.nn.Losses;
import dev.autodiff.nn.Mlp;
import dev.autodiff.nn.Model;
import dev.autodiff.nn.NeuronDrawing;
import dev.autodiff.nn.NeuronTrace;
import dev.autodiff.nn.NeuronView;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The text files the {@code lecture} subcommand writes, made in memory (so tests can compare them with golden
 * copies byte for byte): relative path to content, in a fixed order.
 */
public final class LectureFiles {
  private LectureFiles() {}

  /** Every file of one worked example: the trace three ways, four drawings and one frame per step. */
  public static Map<String, String> of(WorkedExamples.Worked w) {
    BackpropTrace trace = BackpropTrace.of(w.output(), w.feeds());
    DotOptions o = DotOptions.defaults().withTitle(w.title());
    Map<String, String> files = new LinkedHashMap<>();
    String dir = w.slug() + "/";
    files.put(dir + "trace.txt", trace.toText());
    files.put(dir + "trace.md", trace.toMarkdown());
    files.put(dir + "trace.tex", trace.toLatex());
    files.put(dir + "forward.dot", Dot.forward(List.of(w.output()), w.feeds(), o));
    files.put(dir + "backprop.dot", Dot.backprop(trace, o));
    files.put(dir + "twin.dot", Dot.twin(trace, o));
    files.put(dir + "gradient-graph.dot", Dot.gradientGraph(w.output(), w.wrt(), w.feeds(), o));
    List<String> frames = Dot.frames(trace, o);
    for (int i = 0; i < frames.size(); i++) {
      files.put(String.format("%sframes/frame-%02d.dot", dir, i), frames.get(i));
    }
    return files;
  }

  /**
   * The stepper page of one worked example (drawn like its {@code backprop.dot}).
   *
   * @throws IllegalStateException when Graphviz is not installed
   */
  public static String stepperPage(WorkedExamples.Worked w) throws IOException {
    BackpropTrace trace = BackpropTrace.of(w.output(), w.feeds());
    return StepperPage.render(trace, DotOptions.defaults().withTitle(w.title()), w.title());
  }

  /**
   * The 2-2-1 MLP as an {@code Mlp} with the lecture's names ({@link LectureView}): its trace, every view for a
   * slide (the layers expanded, collapsed one box per layer and as one box), and one frame per step.
   */
  public static Map<String, String> mlp() {
    LectureView v = mlpView();
    BackpropTrace trace = v.trace();
    DotOptions o = v.options().withTitle(MLP_TITLE);
    Map<String, String> files = new LinkedHashMap<>();
    files.put("mlp/trace.txt", trace.toText());
    files.put("mlp/trace.md", trace.toMarkdown());
    files.put("mlp/trace.tex", trace.toLatex());
    files.put("mlp/forward.dot", Dot.forward(List.of(v.loss()), v.feeds(), o));
    files.put("mlp/expanded.dot", Dot.backprop(trace, o));
    files.put("mlp/twin.dot", Dot.twin(trace, o));
    files.put("mlp/gradient-graph.dot", Dot.gradientGraph(v.loss(), v.parameters(), v.feeds(), o));
    files.put("mlp/collapsed.dot", Dot.backprop(trace, o.withCollapsed("hidden1").withCollapsed("output")));
    files.put("mlp/collapsed-network.dot", Dot.backprop(trace, o.withCollapsed("network", network(v))));
    List<String> frames = Dot.frames(trace, o);
    for (int i = 0; i < frames.size(); i++) {
      files.put(String.format("mlp/frames/frame-%02d.dot", i), frames.get(i));
    }
    NeuronView neurons = neurons();
    files.put("mlp/neurons.dot", NeuronDrawing.dot(neurons));
    files.put("mlp/neurons-step.dot", NeuronDrawing.dot(neurons, WorkedExamples.MLP_RATE));
    files.put("mlp/neurons.txt", NeuronTrace.text(neurons));
    files.put("mlp/neurons.md", NeuronTrace.markdown(neurons));
    files.put("mlp/neurons.tex", NeuronTrace.latex(neurons));
    return files;
  }

  static final String MLP_TITLE = "2-2-1 sigmoid MLP on x = (1, 0), t = 1, E = 1/2 (y - t)^2";

  /** The 2-2-1 MLP on the lecture's sample, with the lecture's names. */
  public static LectureView mlpView() {
    return LectureView.of(lectureMlp(), Losses.halfSquaredError(), WorkedExamples.MLP_X.toArray(),
        WorkedExamples.MLP_T.toArray());
  }

  /**
   * The stepper page of the 2-2-1 MLP (drawn like its {@code expanded.dot}, on a slide).
   *
   * @throws IllegalStateException when Graphviz is not installed
   */
  public static String mlpStepperPage() throws IOException {
    LectureView v = mlpView();
    return StepperPage.render(v.trace(), v.options().withTitle(MLP_TITLE), MLP_TITLE);
  }

  /** The same 2-2-1 network as an {@code Mlp}, seen neuron by neuron as the lecture draws it. */
  public static NeuronView neurons() {
    return NeuronView.of(lectureMlp(), WorkedExamples.MLP_X.toArray(), WorkedExamples.MLP_T.toArray());
  }

  /** The lecture's 2-2-1 sigmoid network as an {@code Mlp} with the lecture's weights. */
  static Model lectureMlp() {
    Model net = Mlp.builder().inputs(2).hidden(2, Activation.SIGMOID).outputs(1, Activation.SIGMOID).build();
    List<Parameter> p = net.parameters();  // hidden1.W, hidden1.b, output.W, output.b
    p.get(0).set(WorkedExamples.MLP_W1);
    p.get(1).set(WorkedExamples.MLP_B1);
    p.get(2).set(WorkedExamples.MLP_W2);
    p.get(3).set(WorkedExamples.MLP_B2);
    return net;
  }

  /** The network itself: its parameters and every node from the sample to the output. */
  private static List<Node> network(LectureView v) {
    List<Node> nodes = new ArrayList<>();
    for (Node n : Traversal.ancestors(v.pass().output())) {
      if (n != v.pass().input() && !n.isConstant()) {
        nodes.add(n);
      }
    }
    return nodes;
  }

  /** All files of the subcommand. */
  public static Map<String, String> all() {
    Map<String, String> files = new LinkedHashMap<>();
    for (WorkedExamples.Worked w : WorkedExamples.all()) {
      files.putAll(of(w));
    }
    files.putAll(mlp());
    return files;
  }
}
