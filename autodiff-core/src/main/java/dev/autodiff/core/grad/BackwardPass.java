package dev.autodiff.core.grad;

import static com.google.common.base.Preconditions.checkArgument;
import static dev.autodiff.core.Require.checkNotNull;

import dev.autodiff.core.graph.Node;
import java.util.List;
import java.util.Optional;

/**
 * One reverse pass recorded step by step, all as nodes of the graph (so each piece can be evaluated, printed and
 * drawn): the steps in the order the engine takes them (reverse creation order), and the final adjoint of every
 * node the output depends on through a parameter or an input. Made by {@link Gradients#backward}.
 */
public final class BackwardPass {
  private final Node output;
  private final Node seed;
  private final List<Step> steps;
  private final Node[] adjoints;

  BackwardPass(Node output, Node seed, List<Step> steps, Node[] adjoints) {
    this.output = output;
    this.seed = seed;
    this.steps = List.copyOf(steps);
    this.adjoints = adjoints;
  }

  /**
   * What one input receives from one step: {@code after = before + value}, with {@code before} null for the first
   * contribution (then {@code after == value}).
   *
   * @param index which input of the step's node
   * @param input that input
   * @param value the contribution, already summed back to the input's shape where the op broadcast it
   * @param before the input's adjoint so far, or null if this is its first contribution
   * @param after the input's adjoint after this contribution
   */
  public record Contribution(int index, Node input, Node value, Node before, Node after) {}

  /**
   * One node's turn in the reverse pass.
   *
   * @param node the node whose (complete) adjoint is passed on
   * @param adjoint that adjoint, shaped like the node
   * @param contributions what each differentiable input receives, in input order
   */
  public record Step(Node node, Node adjoint, List<Contribution> contributions) {
    public Step {
      checkNotNull(contributions, "step: contributions are null");
      checkArgument(contributions.stream().noneMatch(java.util.Objects::isNull), "step: a contribution is null");
      contributions = List.copyOf(contributions);
    }
  }

  /** The differentiated output. */
  public Node output() {
    return output;
  }

  /** The adjoint the pass starts from (ones for a single-element output). */
  public Node seed() {
    return seed;
  }

  /** The steps in order: a node is passed on only after all its consumers. */
  public List<Step> steps() {
    return steps;
  }

  /** The final adjoint of {@code node}, or empty when the output does not depend on it through a leaf. */
  public Optional<Node> adjoint(Node node) {
    checkNotNull(node, "backward: node is null");
    checkArgument(output.graph().sees(node) || node.graph() == output.graph(), "backward: node %s belongs to another graph", node);
    return node.id() < adjoints.length ? Optional.ofNullable(adjoints[node.id()]) : Optional.empty();
  }
}
