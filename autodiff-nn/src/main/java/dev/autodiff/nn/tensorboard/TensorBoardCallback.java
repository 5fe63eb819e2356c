package dev.autodiff.nn.tensorboard;

import static com.google.common.base.Preconditions.checkArgument;
import static dev.autodiff.core.Require.checkNotNull;

import dev.autodiff.core.exec.Feeds;
import dev.autodiff.core.exec.Program;
import dev.autodiff.core.exec.Results;
import dev.autodiff.core.grad.Gradients;
import dev.autodiff.core.graph.Graph;
import dev.autodiff.core.graph.Input;
import dev.autodiff.core.graph.Node;
import dev.autodiff.core.graph.Parameter;
import dev.autodiff.core.tensor.Shape;
import dev.autodiff.core.tensor.Tensor;
import dev.autodiff.nn.Context;
import dev.autodiff.nn.Loss;
import dev.autodiff.nn.Model;
import dev.autodiff.nn.train.Callback;
import dev.autodiff.nn.train.Dataset;
import dev.autodiff.nn.train.History;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A training {@link Callback} that writes a TensorBoard event file into a folder, as Keras' TensorBoard callback
 * does: the loss of every step as {@code step/loss}, every metric of every epoch as {@code epoch/<metric>}
 * (Scalars tab) and, when opened with a model, its graph (Graphs tab) and histograms of its weights and their
 * gradients (Histograms and Distributions tabs).
 *
 * <pre>{@code
 * try (TensorBoardCallback board = TensorBoardCallback.open(Path.of("logs"), model, loss, valid.range(0, 256))) {
 *   Trainer.builder(model).loss(loss)....callback(board).build().fit(train);
 * }
 * // tensorboard --logdir logs
 * }</pre>
 *
 * <p>The graph ({@link GraphDef#of(Model, Loss, int)}) is written once, when the callback is opened. Histograms are
 * written when it is opened (step 0: the initial weights) and at the end of every epoch (step = the epoch): for each
 * parameter and state value (running statistics), its values, tagged by its name ({@code hidden1.W}); for each
 * parameter, the gradient of the loss with respect to it, tagged {@code hidden1.W/grad}. A callback does not see
 * the trainer's gradients, so this one computes its own on the fixed batch it is given, with a program compiled once:
 * the loss (with the layers' own penalties, without a trainer's {@link dev.autodiff.nn.Regularizer}) of a training
 * pass, dropout masks drawn from a fixed seed, so that epochs differ only by the weights. Its gradients are those of
 * that batch, not an average over the epoch's steps. A gradient that is not finite is left out of that epoch's
 * histograms (the trainer stops on its own non-finite gradients).
 */
public final class TensorBoardCallback implements Callback, AutoCloseable {
  /** The seed of the dropout masks of the gradient pass. */
  private static final long NOISE_SEED = 0x7b;

  private final EventWriter writer;
  private final Model model;
  private final Feeds feeds;
  private final List<Context.Noise> noise;
  private final List<Node> gradients;
  private final Program program;

  private TensorBoardCallback(EventWriter writer, Model model, Feeds feeds, List<Context.Noise> noise,
      List<Node> gradients, Program program) {
    this.writer = writer;
    this.model = model;
    this.feeds = feeds;
    this.noise = noise;
    this.gradients = gradients;
    this.program = program;
  }

  /**
   * A callback writing scalars only, into a new event file in {@code dir}.
   *
   * @throws IOException when the file cannot be created
   */
  public static TensorBoardCallback open(Path dir) throws IOException {
    checkNotNull(dir, "tensorboard: open: folder is null");
    return new TensorBoardCallback(EventWriter.create(dir), null, null, List.of(), List.of(), null);
  }

  /**
   * A callback writing scalars, {@code model}'s graph with {@code loss}, and histograms of its weights and of the
   * gradients of {@code loss} on {@code batch}, into a new event file in {@code dir}. The graph and the first
   * histograms are written now.
   *
   * @throws IOException when the file cannot be created
   * @throws IllegalArgumentException when {@code batch} does not fit the model and the loss
   */
  public static TensorBoardCallback open(Path dir, Model model, Loss loss, Dataset batch) throws IOException {
    checkNotNull(dir, "tensorboard: open: folder is null");
    checkNotNull(model, "tensorboard: open: model is null");
    checkNotNull(loss, "tensorboard: open: loss is null");
    checkNotNull(batch, "tensorboard: open: batch is null");
    checkArgument(batch.inputWidth() == model.inputWidth(), "tensorboard: open: the model takes %s inputs per sample, "
        + "the batch has %s", model.inputWidth(), batch.inputWidth());
    int targetCols = loss.targetCols(model.outputWidth());
    checkArgument(batch.targetWidth() == targetCols, "tensorboard: open: loss %s needs %s target columns for %s outputs, "
        + "the batch has %s", loss.name(), targetCols, model.outputWidth(), batch.targetWidth());
    loss.checkTargets(batch.targets());

    Model.Pass pass = model.newPass("tensorboard-x", batch.size(), true);
    Graph g = pass.graph();
    List<Node> grads;
    Feeds feeds;
    try (Graph.Building building = g.building()) {
      Input targets = g.input(pass.context().uniqueName("targets"), Shape.of(batch.size(), targetCols));
      Node total = loss.apply(pass.output(), targets);
      for (Node penalty : pass.context().penalties()) {
        total = total.plus(penalty);
      }
      grads = Gradients.gradients(total, model.parameters());
      feeds = Feeds.of(pass.input(), batch.inputs()).with(targets, batch.targets());
    }
    EventWriter writer = EventWriter.create(dir);
    TensorBoardCallback board = new TensorBoardCallback(writer, model, feeds, pass.context().noise(), grads,
        Program.compile(grads));
    try {
      writer.graph(GraphDef.of(model, loss, batch.size()));
      board.writeHistograms(0);
    } catch (RuntimeException e) {
      writer.close();
      throw e;
    }
    return board;
  }

  /** The event file being written. */
  public Path file() {
    return writer.file();
  }

  /** The writer, for anything else to log in the same file (scalars, histograms, graphs of one's own). */
  public EventWriter writer() {
    return writer;
  }

  /**
   * Writes the histograms of the weights and gradients now, at {@code step}.
   *
   * @throws IllegalStateException when the callback was opened without a model
   */
  public void writeHistograms(long step) {
    if (model == null) {
      throw new IllegalStateException("tensorboard: writeHistograms: opened without a model (open(dir, model, "
          + "loss, batch) writes histograms)");
    }
    Feeds f = feeds;
    Random masks = new Random(NOISE_SEED);
    for (Context.Noise n : noise) {
      f = f.with(n.input(), n.sample().apply(masks, n.input()));
    }
    Results r = program.run(f);
    Map<String, Histogram> out = new LinkedHashMap<>();
    List<Parameter> parameters = model.parameters();
    for (int i = 0; i < parameters.size(); i++) {
      Parameter p = parameters.get(i);
      out.put(p.parameterName(), Histogram.of(p.value()));
      Tensor g = r.get(gradients.get(i));
      if (finite(g)) {
        out.put(p.parameterName() + "/grad", Histogram.of(g));
      }
    }
    for (Parameter s : model.state()) {
      out.put(s.parameterName(), Histogram.of(s.value()));
    }
    writer.histograms(step, out);
  }

  private static boolean finite(Tensor t) {
    for (int i = 0; i < t.size(); i++) {
      if (!Double.isFinite(t.at(i))) {
        return false;
      }
    }
    return true;
  }

  @Override
  public void onStep(long step, double loss) {
    writer.scalar(step, "step/loss", loss);
  }

  @Override
  public boolean onEpochEnd(int epoch, History history) {
    checkNotNull(history, "tensorboard: onEpochEnd: history is null");
    Map<String, Double> values = new LinkedHashMap<>();
    for (String m : history.metrics()) {
      values.put("epoch/" + m, history.last(m));
    }
    writer.scalars(epoch, values);
    if (model != null) {
      writeHistograms(epoch);
    }
    return false;
  }

  @Override
  public void close() throws IOException {
    writer.close();
  }

  @Override
  public String toString() {
    return "tensorboard callback " + writer.file();
  }
}
