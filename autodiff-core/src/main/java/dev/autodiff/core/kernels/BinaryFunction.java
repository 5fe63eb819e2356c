package dev.autodiff.core.kernels;

/**
 * The elementwise functions of two arguments that kernels compute, each written once here as the loop of the
 * pure-Java kernel over aligned segments: {@code out[o + k] = f(a[ai + k], b[bi + k])} for {@code k < n}.
 * Broadcasting is done around these loops, in one place ({@link ElementwiseKernel#zip}).
 */
public enum BinaryFunction {
  ADD {
    @Override public void apply(double[] a, int ai, double[] b, int bi, double[] out, int o, int n) {
      for (int k = 0; k < n; k++) {
        out[o + k] = a[ai + k] + b[bi + k];
      }
    }
  },
  SUB {
    @Override public void apply(double[] a, int ai, double[] b, int bi, double[] out, int o, int n) {
      for (int k = 0; k < n; k++) {
        out[o + k] = a[ai + k] - b[bi + k];
      }
    }
  },
  MUL {
    @Override public void apply(double[] a, int ai, double[] b, int bi, double[] out, int o, int n) {
      for (int k = 0; k < n; k++) {
        out[o + k] = a[ai + k] * b[bi + k];
      }
    }
  },
  DIV {
    @Override public void apply(double[] a, int ai, double[] b, int bi, double[] out, int o, int n) {
      for (int k = 0; k < n; k++) {
        out[o + k] = a[ai + k] / b[bi + k];
      }
    }
  },
  MAX {
    @Override public void apply(double[] a, int ai, double[] b, int bi, double[] out, int o, int n) {
      for (int k = 0; k < n; k++) {
        out[o + k] = Math.max(a[ai + k], b[bi + k]);
      }
    }
  },
  MIN {
    @Override public void apply(double[] a, int ai, double[] b, int bi, double[] out, int o, int n) {
      for (int k = 0; k < n; k++) {
        out[o + k] = Math.min(a[ai + k], b[bi + k]);
      }
    }
  },
  /** {@code [a > b]}: 1 or 0 (0 when either is NaN). */
  GT {
    @Override public void apply(double[] a, int ai, double[] b, int bi, double[] out, int o, int n) {
      for (int k = 0; k < n; k++) {
        out[o + k] = a[ai + k] > b[bi + k] ? 1 : 0;
      }
    }
  },
  GE {
    @Override public void apply(double[] a, int ai, double[] b, int bi, double[] out, int o, int n) {
      for (int k = 0; k < n; k++) {
        out[o + k] = a[ai + k] >= b[bi + k] ? 1 : 0;
      }
    }
  },
  LT {
    @Override public void apply(double[] a, int ai, double[] b, int bi, double[] out, int o, int n) {
      for (int k = 0; k < n; k++) {
        out[o + k] = a[ai + k] < b[bi + k] ? 1 : 0;
      }
    }
  },
  LE {
    @Override public void apply(double[] a, int ai, double[] b, int bi, double[] out, int o, int n) {
      for (int k = 0; k < n; k++) {
        out[o + k] = a[ai + k] <= b[bi + k] ? 1 : 0;
      }
    }
  },
  EQ {
    @Override public void apply(double[] a, int ai, double[] b, int bi, double[] out, int o, int n) {
      for (int k = 0; k < n; k++) {
        out[o + k] = a[ai + k] == b[bi + k] ? 1 : 0;
      }
    }
  };

  /** Writes {@code f(a[ai + k], b[bi + k])} into {@code out[o + k]} for {@code k < n}. */
  public abstract void apply(double[] a, int ai, double[] b, int bi, double[] out, int o, int n);

  /** {@code f(a, b)} at one point (through the same loop). */
  public double at(double a, double b) {
    double[] out = new double[1];
    apply(new double[] {a}, 0, new double[] {b}, 0, out, 0, 1);
    return out[0];
  }
}
