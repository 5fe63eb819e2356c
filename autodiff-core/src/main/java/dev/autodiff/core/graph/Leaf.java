package dev.autodiff.core.graph;

import dev.autodiff.core.tensor.Shape;
import java.util.List;

/** The op of a parameter or input leaf; the executor supplies their values, so the op itself computes nothing. */
enum Leaf implements Op {
  PARAMETER("param"),
  INPUT("input");

  private final String opName;

  Leaf(String opName) {
    this.opName = opName;
  }

  @Override
  public String opName() {
    return opName;
  }

  @Override
  public Shape shape(List<Shape> inputs) {
    throw new UnsupportedOperationException(opName + ": a leaf's shape is fixed at creation");
  }

  @Override
  public void forward(double[][] in, Shape[] inShapes, double[] out, Shape outShape) {
    throw new UnsupportedOperationException(opName + ": a leaf's value comes from the executor");
  }

  @Override
  public Node[] vjp(Node grad, Node result, boolean[] needed) {
    return new Node[0];
  }
}
