package dev.autodiff.core.graph;

import static com.google.common.base.Preconditions.checkArgument;

import dev.autodiff.core.tensor.Shape;
import java.util.List;

/**
 * A second name for an expression: the thin node {@link Node#named} makes when the expression already has another
 * name (the simplifier merged it with an equal expression, or an identity turned it into a leaf). It computes its
 * input's value, passes the gradient through, and prints as its input, so naming never renames anything else.
 */
record Alias(String name) implements Op {

  @Override
  public String opName() {
    return "alias";
  }

  @Override
  public Shape shape(List<Shape> inputs) {
    checkArgument(inputs.size() == 1, "alias: expects 1 input, got %s", inputs.size());
    return inputs.get(0);
  }

  @Override
  public void forward(double[][] in, Shape[] inShapes, double[] out, Shape outShape) {
    System.arraycopy(in[0], 0, out, 0, out.length);
  }

  @Override
  public Node[] vjp(Node grad, Node result, boolean[] needed) {
    return new Node[] {grad};
  }

  @Override
  public boolean elementwise() {
    return true;
  }

  @Override
  public Notation notation() {
    return Notation.transparent();
  }
}
