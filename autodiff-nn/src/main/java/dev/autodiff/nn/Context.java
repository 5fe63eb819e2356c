package dev.autodiff.nn;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkState;
import static dev.autodiff.core.Require.checkNotNull;

import dev.autodiff.core.graph.Input;
import dev.autodiff.core.graph.Node;
import dev.autodiff.core.graph.Parameter;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.BiFunction;

/**
 * What a forward pass is built for: training (dropout active, penalties collected) or inference, the model's input
 * node, the penalties layers add to the loss (activity and contractive regularization), and the noise inputs
 * (dropout masks) a trainer must feed fresh at every step.
 */
public final class Context {
  /** An input that gets new random values at every training step. */
  public record Noise(Input input, BiFunction<Random, Input, dev.autodiff.core.tensor.Tensor> sample) {}

  private final boolean training;
  private final Node input;
  private final String tag;
  private final List<Node> penalties = new ArrayList<>();
  private final List<Noise> noise = new ArrayList<>();
  private final List<StateUpdate> stateUpdates = new ArrayList<>();
  private int counter;
  private final List<Mark> marks = new ArrayList<>();

  /** The role a layer marks a node with, for {@link LectureView}. */
  enum Role {
    /** A dense layer's product {@code x W}. */
    PRODUCT,
    /** A dense layer's sum {@code S = x W + b}. */
    SUM,
    /** An activation layer's output {@code h = phi(input)}. */
    ACTIVATION
  }

  /**
   * A node a layer marked with its role in the lecture's notation: {@code dense} is the dense layer of a product or
   * a sum (null for an activation), {@code input} what an activation was applied to (null otherwise).
   */
  record Mark(Node node, Role role, Dense dense, Node input) {}

  /**
   * A context for one forward pass.
   *
   * @param training whether the pass is for training
   * @param input the model's input node
   * @param tag a string unique among the passes built in this graph, used to name the pass's noise inputs
   */
  public Context(boolean training, Node input, String tag) {
    checkNotNull(input, "context: input is null");
    checkNotNull(tag, "context: tag is null");
    this.training = training;
    this.input = input;
    this.tag = tag;
  }

  /** Whether this pass is for training. */
  public boolean training() {
    return training;
  }

  /** The model's input node of this pass. */
  public Node input() {
    return input;
  }

  /** Adds a scalar penalty to the training loss. */
  public void addPenalty(Node penalty) {
    checkNotNull(penalty, "context: penalty is null");
    penalties.add(penalty);
  }

  /**
   * A state value's next value, computed in a training pass and written into {@code state} by the trainer after each
   * successful step (batch normalization's running statistics). {@code state} must be one of the layer's
   * {@link Layer#state()} and {@code next} a node of the same shape built in this pass.
   */
  public record StateUpdate(Parameter state, Node next) {
    public StateUpdate {
      checkNotNull(state, "state update: state is null");
      checkNotNull(next, "state update: next value is null");
      checkArgument(next.shape().equals(state.shape()), "state update of %s: next value has shape %s, state %s",
          state.label(), next.shape(), state.shape());
    }
  }

  /** Registers a state update for this pass (see {@link StateUpdate}); only training passes may have them. */
  public void addStateUpdate(Parameter state, Node next) {
    checkNotNull(state, "context: addStateUpdate: state is null");
    checkNotNull(next, "context: addStateUpdate: next value of %s is null", state.label());
    checkState(training, "context: state updates belong to training passes, this one is for inference");
    StateUpdate u = new StateUpdate(state, next);
    for (StateUpdate other : stateUpdates) {
      checkArgument(other.state() != state, "context: %s already has a state update in this pass", state.label());
    }
    stateUpdates.add(u);
  }

  public List<StateUpdate> stateUpdates() {
    return List.copyOf(stateUpdates);
  }

  /** Registers an input to be fed with fresh random values at every step. */
  public void addNoise(Noise n) {
    noise.add(checkNotNull(n, "context: noise is null"));
  }

  /** A name unique in the graph for an input this pass makes, e.g. {@code "dropout-mask/train-32-1/0"}. */
  public String uniqueName(String prefix) {
    return prefix + "/" + tag + "/" + counter++;
  }

  /** Marks {@code node} with its role (see {@link Mark}). */
  void mark(Node node, Role role, Dense dense, Node input) {
    marks.add(new Mark(node, role, dense, input));
  }

  List<Mark> marks() {
    return List.copyOf(marks);
  }

  public List<Node> penalties() {
    return List.copyOf(penalties);
  }

  public List<Noise> noise() {
    return List.copyOf(noise);
  }
}
