package dev.autodiff.core.check.jqwik;

import static com.google.common.base.Preconditions.checkArgument;

import dev.autodiff.core.Autodiff;
import dev.autodiff.core.exec.Program;
import dev.autodiff.core.exec.Results;
import dev.autodiff.core.graph.Graph;
import dev.autodiff.core.graph.Node;
import dev.autodiff.core.graph.Parameter;
import dev.autodiff.core.ops.Where;
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
 * <p>Every step is written in a domain-safe form ({@code log(a^2 + 0.5)}, {@code a / (b^2 + 0.5)},
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

  /** The number of distinct step kinds. */
  public static final int OP_CODES = 34;

  public GraphRecipe {
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
      nodes.add(apply(g, Math.floorMod(step[0], OP_CODES), a, b, kinks));
    }
    Node last = nodes.get(nodes.size() - 1);
    return new Built(g, last.sum(), List.copyOf(params), List.copyOf(kinks));
  }

  private Node apply(Graph g, int code, Node a, Node b, List<Node[]> kinks) {
    boolean fits = a.shape().broadcastsTo(b.shape()) || b.shape().broadcastsTo(a.shape());
    Node bb = fits ? b : b.sum();  // a scalar broadcasts with anything
    switch (code) {
      case 0: return a.plus(bb);
      case 1: return a.minus(bb);
      case 2: return a.times(bb);
      case 3: return a.div(bb.square().plus(0.5));
      case 4: return a.neg();
      case 5: return a.tanh().exp();
      case 6: return a.square().plus(0.5).log();
      case 7: return a.square().plus(0.5).sqrt();
      case 8: return a.tanh();
      case 9: return a.sigmoid();
      case 10: return a.softplus();
      case 11: return a.pow(3);
      case 12: return a.sum();
      case 13: return a.sum(Axis.ROWS);
      case 14: return a.sum(Axis.COLUMNS);
      case 15: return a.logSumExp(Axis.COLUMNS);
      case 16: return a.softmax(Axis.ROWS);
      case 17:
        if (!a.shape().isScalar() && !b.shape().isScalar() && a.shape().cols() == b.shape().rows()) {
          return a.matmul(b);
        }
        return a.shape().isScalar() ? a.times(a) : a.matmul(a.t());
      case 18: return a.t();
      // Identities the simplifier rewrites: they must keep values and gradients.
      case 19: return a.plus(0).times(1).minus(0).div(1);
      case 20: return a.neg().neg().t().t();
      case 21: return a.times(-1).plus(bb.neg()).rminus(0);
      case 22:
        if (smooth) {
          return a.tanh().plus(bb);
        }
        kinks.add(new Node[] {a});
        return a.relu();
      case 23:
        if (smooth) {
          return a.sigmoid().times(bb);
        }
        kinks.add(new Node[] {a});
        return a.abs();
      case 24:
        if (smooth || !fits || !a.shape().equals(bb.shape())) {
          return a.plus(bb).softplus();
        }
        kinks.add(new Node[] {a, bb});
        return a.max(bb);
      case 25:
        if (smooth || !fits || !a.shape().equals(bb.shape())) {
          return a.minus(bb).sigmoid();
        }
        kinks.add(new Node[] {a, bb});
        return a.min(bb);
      // Shape ops: reshape, slice (its gradient pads), concat, explicit broadcast.
      case 26:
        return a.shape().isScalar() ? a.reshape(1, 1) : a.reshape(a.shape().cols(), a.shape().rows());
      case 27:
        if (a.shape().isScalar()) {
          return a;
        }
        return a.shape().rows() > 1 ? a.rows(1, a.shape().rows()) : a.shape().cols() > 1
            ? a.cols(0, a.shape().cols() - 1) : a;
      case 28:
        return a.shape().isScalar() ? a.times(a.tanh())
            : Autodiff.concat(Axis.COLUMNS, a, a.tanh().times(bb.shape().isScalar() ? bb : bb.sum()));
      case 29:
        if (a.shape().isScalar()) {
          return a.broadcastTo(Shape.of(2, 3));
        }
        return a.shape().rows() == 1 ? a.broadcastTo(Shape.of(3, a.shape().cols())) : a.times(1.5);
      // Selection: where on a comparison mask (gt), and the where-based composites.
      case 30:
        if (smooth) {
          return a.times(bb.sigmoid());
        }
        kinks.add(new Node[] {bb});
        return Where.select(bb.gt(0), a, a.times(0.5));
      case 31:
        if (smooth) {
          return a.softplus().times(0.5);
        }
        kinks.add(new Node[] {a});
        return a.shape().isScalar() ? a.elu(1.5) : a.leakyRelu(0.1);
      // Extrema: ties between elements are kinks.
      case 32:
        if (smooth) {
          return a.logSumExp();
        }
        kinks.add(new Node[] {a, a});
        return a.maxValue();
      default:
        if (smooth || a.shape().isScalar()) {
          return a.logSumExp(Axis.ROWS);
        }
        kinks.add(new Node[] {a, a});
        return a.minValue(Axis.ROWS).plus(a.sign().times(a).sum(Axis.ROWS));
    }
  }
}
