package dev.autodiff.core.check.jqwik;

import static com.google.common.base.Preconditions.checkArgument;

import dev.autodiff.core.exec.Program;
import dev.autodiff.core.exec.Results;
import dev.autodiff.core.graph.Graph;
import dev.autodiff.core.graph.Node;
import dev.autodiff.core.graph.Op;
import dev.autodiff.core.graph.Parameter;
import dev.autodiff.core.ops.Primitives;
import dev.autodiff.core.ops.Primitives.Primitive;
import dev.autodiff.core.tensor.Axis;
import dev.autodiff.core.tensor.Shape;
import dev.autodiff.core.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A plain-data description of a random graph: parameter shapes and values, and steps that each apply one op to
 * earlier nodes. Being data, it shrinks well under jqwik and can be built into any graph (simplifying or not).
 *
 * <p>Steps apply every registered primitive ({@link Primitives#all()}), then a few composites. Each operand is
 * mapped into the op's {@link Op#domain domain} ({@code log(a^2 + 0.5)}, {@code a / (b^2 + 0.5)},
 * {@code exp(tanh(a))}), so values stay finite. Steps with kinks (relu, abs, max, min) are included unless the
 * recipe is smooth; {@link Built#awayFromKinks} tells whether the point is far enough from every kink for finite
 * differences.
 *
 * @param shapes the parameter shapes
 * @param values the parameter values, each at least as long as its shape's size (extra values are ignored)
 * @param steps each {@code {op code, first operand, second operand}}, operands taken modulo the nodes so far
 * @param smooth whether kinked ops are replaced by smooth ones
 */
public record GraphRecipe(List<Shape> shapes, List<double[]> values, List<int[]> steps, boolean smooth) {

  private static final List<Primitive> PRIMITIVES = Primitives.all();
  /** The composite steps after the primitives: identities the simplifier rewrites, and composites. */
  private static final int COMPOSITES = 7;

  /** The number of distinct step kinds: one per registered primitive, then the composites. */
  public static final int OP_CODES = PRIMITIVES.size() + COMPOSITES;

  public GraphRecipe {
    dev.autodiff.core.Require.checkNotNull(shapes, "recipe: shapes are null");
    dev.autodiff.core.Require.checkNotNull(values, "recipe: values are null");
    dev.autodiff.core.Require.checkNotNull(steps, "recipe: steps are null");
    checkArgument(shapes.stream().noneMatch(java.util.Objects::isNull)
        && values.stream().noneMatch(java.util.Objects::isNull) && steps.stream().noneMatch(java.util.Objects::isNull),
        "recipe: a shape, value array or step is null");
    checkArgument(!shapes.isEmpty() && shapes.size() == values.size(), "recipe: needs one value array per shape");
    shapes = List.copyOf(shapes);
    values = List.copyOf(values);
    steps = List.copyOf(steps);
  }

  /**
   * A recipe built into a graph: the output (always a scalar, the sum of the last node), the parameters, and the
   * nodes whose inputs sit at kinks.
   */
  public record Built(Graph graph, Node output, List<Parameter> parameters, List<Node[]> kinks) {

    /**
     * Whether every kink argument is at least {@code margin} from its kink (|x| for relu, abs, leaky ReLU, ELU and
     * a where mask, |a - b| for max and min, pairwise distances for extrema) at the parameters' current values.
     */
    public boolean awayFromKinks(double margin) {
      if (kinks.isEmpty()) {
        return true;
      }
      List<Node> needed = new ArrayList<>();
      for (Node[] k : kinks) {
        needed.addAll(Arrays.asList(k));
      }
      Results r = Program.compile(needed).run();
      for (Node[] k : kinks) {
        Tensor a = r.get(k[0]);
        if (k.length == 2 && k[0] == k[1]) {
          // An extremum: its elements must be pairwise apart (no ties), and away from 0 (sign and abs).
          for (int i = 0; i < a.size(); i++) {
            if (Math.abs(a.at(i)) < margin) {
              return false;
            }
            for (int j = 0; j < i; j++) {
              if (Math.abs(a.at(i) - a.at(j)) < margin) {
                return false;
              }
            }
          }
          continue;
        }
        Tensor b = k.length > 1 ? r.get(k[1]) : null;
        if (b != null && b.size() != 1 && b.size() != a.size()) {
          return false;  // a broadcast comparison along one axis: be conservative and reject the point
        }
        for (int i = 0; i < a.size(); i++) {
          double d = b == null ? a.at(i) : a.at(i) - b.at(b.size() == 1 ? 0 : i);
          if (Math.abs(d) < margin) {
            return false;
          }
        }
      }
      return true;
    }
  }

  /** A readable form for failure reports: shapes, parameter values and steps as {@code op(a, b)} codes. */
  @Override
  public String toString() {
    StringBuilder b = new StringBuilder("GraphRecipe[");
    for (int i = 0; i < shapes.size(); i++) {
      b.append(i == 0 ? "" : ", ").append('p').append(i).append(':').append(shapes.get(i)).append('=')
          .append(Arrays.toString(Arrays.copyOf(values.get(i), shapes.get(i).size())));
    }
    b.append("; steps");
    for (int[] st : steps) {
      b.append(' ').append(Math.floorMod(st[0], OP_CODES)).append('(').append(st[1]).append(',').append(st[2])
          .append(')');
    }
    return b.append(smooth ? "; smooth]" : "]").toString();
  }

  /** Builds the recipe into a new graph (simplifying or not). */
  public Built build(boolean simplifying) {
    Graph g = simplifying ? Graph.create() : Graph.createUnsimplified();
    List<Parameter> params = new ArrayList<>();
    List<Node> nodes = new ArrayList<>();
    for (int i = 0; i < shapes.size(); i++) {
      Shape s = shapes.get(i);
      Parameter p = g.parameter("p" + i, Tensor.of(s, Arrays.copyOf(values.get(i), s.size())));
      params.add(p);
      nodes.add(p);
    }
    List<Node[]> kinks = new ArrayList<>();
    for (int[] step : steps) {
      Node a = nodes.get(Math.floorMod(step[1], nodes.size()));
      Node b = nodes.get(Math.floorMod(step[2], nodes.size()));
      Node c = nodes.get(Math.floorMod(step[1] - 1, nodes.size()));
      nodes.add(apply(g, Math.floorMod(step[0], OP_CODES), step[1] + step[2], a, b, c, kinks));
    }
    Node last = nodes.get(nodes.size() - 1);
    return new Built(g, last.sum(), List.copyOf(params), List.copyOf(kinks));
  }

  private Node apply(Graph g, int code, int choice, Node a, Node b, Node c, List<Node[]> kinks) {
    boolean fits = a.shape().broadcastsTo(b.shape()) || b.shape().broadcastsTo(a.shape());
    Node bb = fits ? b : b.sum();  // a scalar broadcasts with anything
    if (code < PRIMITIVES.size()) {
      Node made = primitive(g, PRIMITIVES.get(code), choice, a, bb, c, kinks);
      return made != null ? made : a.tanh();
    }
    switch (code - PRIMITIVES.size()) {
      // Identities the simplifier rewrites: they must keep values and gradients.
      case 0: return a.plus(0).times(1).minus(0).div(1);
      case 1: return a.neg().neg().transpose().transpose();
      case 2: return a.times(-1).plus(bb.neg()).rminus(0);
      case 3: return a.softmax(Axis.ROWS);
      case 4: return a.gelu();
      case 5: return a.silu().plus(bb);
      default:
        if (smooth) {
          return a.softplus().times(0.5);
        }
        kinks.add(new Node[] {a});
        return a.shape().isScalar() ? a.elu(1.5) : a.leakyRelu(0.1);
    }
  }

  /**
   * The primitive applied to operands it fits (the operands as drawn, else with one summed to a scalar, else
   * the first twice or with its transpose), each mapped into the op's domain; null when none fits, or when the
   * recipe is smooth and the op is not.
   */
  private Node primitive(Graph g, Primitive p, int choice, Node a, Node b, Node c, List<Node[]> kinks) {
    List<Node[]> candidates = switch (p.arity()) {
      case 1 -> List.of(new Node[] {a}, new Node[] {a.sum()});
      case 2 -> List.of(new Node[] {a, b}, new Node[] {a, b.sum()}, new Node[] {a, a}, new Node[] {a, a.transpose()});
      default -> List.of(new Node[] {b, a, c}, new Node[] {b.sum(), a, c}, new Node[] {b.sum(), a, a});
    };
    for (Node[] operands : candidates) {
      List<Shape> shapes = new ArrayList<>();
      for (Node o : operands) {
        shapes.add(o.shape());
      }
      List<Op> ops = p.instancesFor(shapes);
      if (ops.isEmpty()) {
        continue;
      }
      Op op = ops.get(Math.floorMod(choice, ops.size()));
      if (smooth && op.kink() != Op.Kink.NONE) {
        return null;
      }
      Node[] args = new Node[operands.length];
      for (int i = 0; i < args.length; i++) {
        args[i] = switch (op.domain(i)) {
          case POSITIVE -> operands[i].square().plus(0.5);
          case BOUNDED -> operands[i].tanh();
          case ANY -> operands[i];
        };
      }
      switch (op.kink()) {
        case AT_ZERO -> kinks.add(new Node[] {args[0]});
        case AT_EQUAL_INPUTS -> kinks.add(new Node[] {args[0], args[1]});
        case AT_TIED_ELEMENTS -> kinks.add(new Node[] {args[0], args[0]});
        case NONE -> { }
      }
      return g.apply(op, args);
    }
    return null;
  }
}
