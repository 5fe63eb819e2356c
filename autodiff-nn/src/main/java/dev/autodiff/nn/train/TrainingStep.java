package dev.autodiff.nn.train;

import dev.autodiff.core.Autodiff;
import dev.autodiff.core.exec.Feeds;
import dev.autodiff.core.exec.OutputBuffers;
import dev.autodiff.core.exec.Program;
import dev.autodiff.core.grad.Gradients;
import dev.autodiff.core.graph.Graph;
import dev.autodiff.core.graph.Input;
import dev.autodiff.core.graph.Node;
import dev.autodiff.core.graph.Parameter;
import dev.autodiff.core.tensor.Axis;
import dev.autodiff.core.tensor.MutableTensor;
import dev.autodiff.core.tensor.Shape;
import dev.autodiff.core.tensor.Tensor;
import dev.autodiff.nn.Context;
import dev.autodiff.nn.Loss;
import dev.autodiff.nn.Model;
import dev.autodiff.nn.Regularizer;
import dev.autodiff.nn.optim.Objective;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The training step for one batch size, as a graph compiled once: the loss (data loss, the layers' penalties, the
 * regularizer), its gradients with respect to the trainable parameters, the predictions, and the next values of the
 * layers' state. As an {@link Objective} it evaluates the batch it was last given: the gradients pass the
 * {@link Reduction} (where gradients of several workers would be combined) and the {@link Clipping}, in place,
 * before an optimizer sees them.
 */
final class TrainingStep implements Objective {
  private final Model model;
  private final List<Parameter> trainable;
  final Input x;
  final Input t;
  final Node total;
  final Node dataLoss;
  final Node prediction;
  private final List<Node> grads;
  private final List<Context.StateUpdate> stateUpdates;
  private final List<Context.Noise> noise;
  private final Program program;
  private final Reduction reduction;
  private final Clipping clipping;
  private Program hessianProgram;
  private Program lossProgram;
  private Node hessian;

  private Feeds feeds;
  private Feeds stepFeeds;
  private Tensor fedInputs;
  private Tensor fedTargets;
  private MutableTensor inputBuffer;
  private MutableTensor targetBuffer;
  private Random noiseRandom;
  private long stepNumber;
  /** The outputs of the step's first evaluation (metrics, the data loss and state updates read them). */
  OutputBuffers first;
  /** Reused by every step's first evaluation when the optimizer does not keep gradients. */
  private OutputBuffers reused;
  private boolean reuse;

  TrainingStep(Model model, Loss loss, Regularizer regularizer, List<Parameter> trainable, int rows,
      Reduction reduction, Clipping clipping) {
    this.model = model;
    this.trainable = trainable;
    this.reduction = reduction;
    this.clipping = clipping;
    Model.Pass pass = model.newPass("train-x", rows, true);
    // everything built for this step (targets, loss, penalty, gradients) goes in the pass's branch, dropped with it
    try (Graph.Building building = pass.input().graph().building()) {
      Context ctx = pass.context();
      x = pass.input();
      t = x.graph().input(ctx.uniqueName("targets"), Shape.of(rows, loss.targetCols(model.outputWidth())));
      prediction = pass.output();
      dataLoss = loss.apply(prediction, t);
      Node sum = dataLoss;
      for (Node p : ctx.penalties()) {
        sum = sum.plus(p);
      }
      Node reg = regularizer == null ? null : regularizer.penalty(model.network());
      total = reg == null ? sum : sum.plus(reg);
      grads = trainable.isEmpty() ? List.of() : Gradients.gradients(total, trainable);
      noise = ctx.noise();
      stateUpdates = ctx.stateUpdates();
      List<Node> outs = new ArrayList<>(List.of(total, dataLoss, prediction));
      outs.addAll(grads);
      for (Context.StateUpdate u : stateUpdates) {
        outs.add(u.next());
      }
      program = Program.compile(outs);
    }
  }

  /** Feeds the whole of {@code data} (full-batch training keeps the feeds, and their checks, from step to step). */
  void prepare(Dataset data, Random random, long step, boolean reuseStorage) {
    if (feeds == null || fedInputs != data.inputs() || fedTargets != data.targets()) {
      feeds = Feeds.of(x, data.inputs()).with(t, data.targets());
      fedInputs = data.inputs();
      fedTargets = data.targets();
    }
    begin(random, step, reuseStorage);
  }

  /**
   * Feeds the rows {@code idx} of {@code data}: the inputs gathered into this step's own buffer, fed live (they
   * reach nothing but this program, so overwriting them at the next step is safe), the targets as a fresh tensor,
   * which is returned (metrics see them).
   */
  void prepareRows(Dataset data, int[] idx, Random random, long step, boolean reuseStorage) {
    if (inputBuffer == null) {
      inputBuffer = MutableTensor.zeros(x.shape());
      targetBuffer = MutableTensor.zeros(t.shape());
    }
    inputBuffer.copyRows(data.inputs(), idx);
    targetBuffer.copyRows(data.targets(), idx);
    if (fedInputs != null || feeds == null) {
      feeds = Feeds.of(x, inputBuffer).with(t, targetBuffer);  // live: the same feeds serve every gathered batch
    }
    fedInputs = null;
    fedTargets = null;
    begin(random, step, reuseStorage);
  }

  /** The targets of the batch last fed (a copy when they were gathered into the step's buffer): for metrics. */
  Tensor targets() {
    return fedTargets != null ? fedTargets : targetBuffer.snapshot();
  }

  private void begin(Random random, long step, boolean reuseStorage) {
    noiseRandom = random;
    stepFeeds = null;
    stepNumber = step;
    reuse = reuseStorage;
    first = null;
  }

  @Override
  public List<Parameter> parameters() {
    return trainable;
  }

  /** The step's feeds with fresh noise (dropout masks), drawn once per step: every evaluation of it sees them. */
  private Feeds withNoise() {
    if (stepFeeds == null) {
      Feeds f = feeds;
      for (Context.Noise n : noise) {
        f = f.with(n.input(), n.sample().apply(noiseRandom, n.input()));
      }
      stepFeeds = f;
    }
    return stepFeeds;
  }

  @Override
  public Evaluation evaluate() {
    // the step's first evaluation may reuse the previous step's storage (when the optimizer keeps no gradients);
    // any other evaluation (a look-ahead, a line search) gets storage of its own
    OutputBuffers into;
    if (first == null && reuse) {
      if (reused == null) {
        reused = program.newOutputBuffers();
      }
      into = reused;
    } else {
      into = program.newOutputBuffers();
    }
    program.runInto(withNoise(), into);
    boolean firstOfStep = first == null;
    if (firstOfStep) {
      first = into;
      double loss = into.scalar(total);
      if (!Double.isFinite(loss)) {
        throw new NonFinite(loss, null);  // before the optimizer moves anything: the last step made it
      }
    }
    List<MutableTensor> g = new ArrayList<>(grads.size());
    for (Node n : grads) {
      g.add(into.get(n));
    }
    Evaluation e = reduction.reduce(stepNumber, new Evaluation(into.scalar(total), g));
    clipping.apply(e.gradients());
    if (firstOfStep) {
      // checked before any rule sees them: a NaN folded into Adam's moments would outlive the undone step
      for (int i = 0; i < trainable.size(); i++) {
        if (!e.gradients().get(i).isFinite()) {
          throw new NonFinite(e.loss(), describe(trainable.get(i), e.gradients().get(i), e.loss()));
        }
      }
    }
    return e;
  }

  private static String describe(Parameter p, MutableTensor g, double loss) {
    double[] a = g.array();
    for (int k = 0; k < a.length; k++) {
      if (!Double.isFinite(a[k])) {
        return "the gradient of parameter " + p.label() + " is " + a[k] + " at element " + k + " (loss "
            + dev.autodiff.core.tensor.TensorFormat.number(loss) + ")";
      }
    }
    return "a gradient of parameter " + p.label() + " is not finite";
  }

  /** The loss alone at the current weights, with the step's masks: a forward-only program (line searches). */
  @Override
  public double loss() {
    if (lossProgram == null) {
      lossProgram = Program.compile(total);
    }
    return lossProgram.run(withNoise()).scalar(total);
  }

  /**
   * The first evaluation of a step found a non-finite loss (the step before made the weights bad: {@code why} is
   * null) or gradient (this batch at these weights: {@code why} names it), before any rule moved anything.
   */
  static final class NonFinite extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final double loss;
    final String why;

    NonFinite(double loss, String why) {
      super(null, null, false, false);
      this.loss = loss;
      this.why = why;
    }
  }

  /**
   * The loss at the current weights on the batch last fed, in a training pass without any update: a forward-only
   * program (compiled once), with noise (dropout masks) drawn from a generator of its own, so that checking leaves
   * the run's random stream as it was.
   */
  double lossNow() {
    if (lossProgram == null) {
      lossProgram = Program.compile(total);
    }
    Feeds f = feeds;
    Random own = new Random(stepNumber);
    for (Context.Noise n : noise) {
      f = f.with(n.input(), n.sample().apply(own, n.input()));
    }
    return lossProgram.run(f).scalar(total);
  }

  /** Writes the state values the step's first evaluation computed into the layers' state. */
  void applyStateUpdates() {
    for (Context.StateUpdate u : stateUpdates) {
      u.state().set(first.get(u.next()).snapshot());
    }
  }

  @Override
  public Tensor hessian() {
    if (hessianProgram == null) {
      List<Node> rows = new ArrayList<>();
      for (int i = 0; i < trainable.size(); i++) {
        List<Node> blocks = new ArrayList<>();
        for (Parameter pj : trainable) {
          blocks.add(Gradients.jacobian(grads.get(i), pj));
        }
        rows.add(blocks.size() == 1 ? blocks.get(0) : Autodiff.concat(Axis.COLUMNS, blocks));
      }
      hessian = rows.size() == 1 ? rows.get(0) : Autodiff.concat(Axis.ROWS, rows);
      hessianProgram = Program.compile(hessian);
    }
    return hessianProgram.run(withNoise()).get(hessian);
  }
}
