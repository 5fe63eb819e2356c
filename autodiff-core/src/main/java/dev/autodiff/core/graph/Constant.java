package dev.autodiff.core.graph;

import dev.autodiff.core.tensor.Shape;
import dev.autodiff.core.tensor.Tensor;
import dev.autodiff.core.tensor.internal.TensorStorage;
import dev.autodiff.core.tensor.TensorFormat;
import java.util.List;

/** The op of a constant leaf: its value is part of the op, so equal constants are one node. */
public record Constant(Tensor value) implements Op {

  @Override
  public String opName() {
    return "const";
  }

  @Override
  public Shape shape(List<Shape> inputs) {
    return value.shape();
  }

  @Override
  public void forward(double[][] in, Shape[] inShapes, double[] out, Shape outShape) {
    System.arraycopy(TensorStorage.array(value), 0, out, 0, out.length);
  }

  @Override
  public Node[] vjp(Node grad, Node result, boolean[] needed) {
    return new Node[0];
  }

  @Override
  public Notation notation() {
    return Notation.atom(text());
  }

  /** How the constant prints: its number for a scalar or a filled matrix, else {@code const[rows x cols]}. */
  public String text() {
    double[] d = TensorStorage.array(value);
    if (isFilledWith(d[0])) {
      return TensorFormat.number(d[0]);
    }
    return "const[" + value.shape() + "]";
  }

  /** Whether every element equals {@code v}. */
  public boolean isFilledWith(double v) {
    for (double x : TensorStorage.array(value)) {
      if (Double.compare(x, v) != 0 && !(x == 0 && v == 0)) {
        return false;
      }
    }
    return true;
  }
}
