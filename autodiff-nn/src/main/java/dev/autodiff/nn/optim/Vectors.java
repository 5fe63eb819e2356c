package dev.autodiff.nn.optim;

import dev.autodiff.core.graph.Parameter;
import dev.autodiff.core.tensor.MutableTensor;
import dev.autodiff.core.tensor.Tensor;
import java.util.List;

/** Flat vectors over all parameters, for the rules that see the parameters as one point (Newton, L-BFGS). */
final class Vectors {
  private Vectors() {}

  /** The parameters' current values, flattened in order. */
  static double[] values(List<Parameter> ps) {
    int n = 0;
    for (Parameter p : ps) {
      n += p.shape().size();
    }
    double[] out = new double[n];
    int k = 0;
    for (Parameter p : ps) {
      Tensor v = p.value();
      for (int i = 0; i < v.size(); i++) {
        out[k++] = v.at(i);
      }
    }
    return out;
  }

  static double[] flatten(List<MutableTensor> ts) {
    int n = 0;
    for (MutableTensor t : ts) {
      n += t.size();
    }
    double[] out = new double[n];
    int k = 0;
    for (MutableTensor t : ts) {
      System.arraycopy(t.array(), 0, out, k, t.size());
      k += t.size();
    }
    return out;
  }

  /**
   * Sets {@code p} to {@code w}, or, when the step has made an element non-finite (which {@link Parameter#set}
   * refuses), throws the {@link ArithmeticException} a trainer reports as a divergence, naming the parameter.
   */
  static void set(String rule, Parameter p, double[] w) {
    for (int k = 0; k < w.length; k++) {
      if (!Double.isFinite(w[k])) {
        throw new ArithmeticException(String.format("%s: the step made parameter %s non-finite (element %s is %s)",
            rule, p.label(), k, w[k]));
      }
    }
    p.set(Tensor.of(p.shape(), w));
  }

  static boolean isFinite(double[] v) {
    for (double x : v) {
      if (!Double.isFinite(x)) {
        return false;
      }
    }
    return true;
  }

  /** Sets the parameters to the pieces of {@code v}. */
  static void unflatten(List<Parameter> ps, double[] v) {
    int k = 0;
    for (Parameter p : ps) {
      double[] w = new double[p.shape().size()];
      System.arraycopy(v, k, w, 0, w.length);
      k += w.length;
      p.set(Tensor.of(p.shape(), w));
    }
  }

  static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  static double[] minus(double[] a, double[] b) {
    double[] out = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      out[i] = a[i] - b[i];
    }
    return out;
  }

  static double[] scale(double[] a, double c) {
    double[] out = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      out[i] = a[i] * c;
    }
    return out;
  }

  /** {@code x + c y}. */
  static double[] axpy(double[] x, double c, double[] y) {
    double[] out = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      out[i] = x[i] + c * y[i];
    }
    return out;
  }
}
