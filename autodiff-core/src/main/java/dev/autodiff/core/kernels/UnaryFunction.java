package dev.autodiff.core.kernels;

/**
 * The elementwise functions of one argument that kernels compute, each written once here as the loop of the
 * pure-Java kernel: {@code out[k] = f(x[k])} for {@code k < n}. Ops name the function (what); an
 * {@link ElementwiseKernel} decides how (this loop, or a faster one of its own).
 *
 * <p>Each function has a loop of its own rather than one shared loop calling a per-function method: a shared loop's
 * call would be megamorphic, so the JIT could neither inline it nor vectorise the loop.
 */
public enum UnaryFunction {
  NEG {
    @Override public void apply(double[] x, double[] out, int n) {
      for (int k = 0; k < n; k++) {
        out[k] = -x[k];
      }
    }
  },
  EXP {
    @Override public void apply(double[] x, double[] out, int n) {
      for (int k = 0; k < n; k++) {
        out[k] = Math.exp(x[k]);
      }
    }
  },
  LOG {
    @Override public void apply(double[] x, double[] out, int n) {
      for (int k = 0; k < n; k++) {
        out[k] = Math.log(x[k]);
      }
    }
  },
  SQRT {
    @Override public void apply(double[] x, double[] out, int n) {
      for (int k = 0; k < n; k++) {
        out[k] = Math.sqrt(x[k]);
      }
    }
  },
  ABS {
    @Override public void apply(double[] x, double[] out, int n) {
      for (int k = 0; k < n; k++) {
        out[k] = Math.abs(x[k]);
      }
    }
  },
  SIGN {
    @Override public void apply(double[] x, double[] out, int n) {
      for (int k = 0; k < n; k++) {
        out[k] = Math.signum(x[k]);
      }
    }
  },
  TANH {
    @Override public void apply(double[] x, double[] out, int n) {
      for (int k = 0; k < n; k++) {
        out[k] = Math.tanh(x[k]);
      }
    }
  },
  /** {@code 1 / (1 + e^-x)}, through {@code e^x / (1 + e^x)} for negative x: it neither overflows nor cancels. */
  SIGMOID {
    @Override public void apply(double[] x, double[] out, int n) {
      for (int k = 0; k < n; k++) {
        double v = x[k];
        double e = Math.exp(-Math.abs(v));
        out[k] = v >= 0 ? 1.0 / (1.0 + e) : e / (1.0 + e);
      }
    }
  },
  /** {@code max(x, 0)}: branch-free (half the signs of a layer's inputs are random); keeps NaN, turns -0 into 0. */
  RELU {
    @Override public void apply(double[] x, double[] out, int n) {
      for (int k = 0; k < n; k++) {
        out[k] = Math.max(x[k], 0.0);
      }
    }
  },
  /** Heaviside {@code [x > 0]}: 0 at 0, NaN stays NaN. */
  STEP {
    @Override public void apply(double[] x, double[] out, int n) {
      for (int k = 0; k < n; k++) {
        out[k] = Math.max(Math.signum(x[k]), 0.0);
      }
    }
  },
  /** {@code log(1 + e^x)} as {@code max(x, 0) + log1p(e^-|x|)}: no overflow for large x. */
  SOFTPLUS {
    @Override public void apply(double[] x, double[] out, int n) {
      for (int k = 0; k < n; k++) {
        double v = x[k];
        out[k] = Math.max(v, 0) + Math.log1p(Math.exp(-Math.abs(v)));
      }
    }
  },
  SIN {
    @Override public void apply(double[] x, double[] out, int n) {
      for (int k = 0; k < n; k++) {
        out[k] = Math.sin(x[k]);
      }
    }
  },
  COS {
    @Override public void apply(double[] x, double[] out, int n) {
      for (int k = 0; k < n; k++) {
        out[k] = Math.cos(x[k]);
      }
    }
  },
  /** {@code log(1 + x)}, exact near 0 where {@code log(1 + x)} loses the digits of x. */
  LOG1P {
    @Override public void apply(double[] x, double[] out, int n) {
      for (int k = 0; k < n; k++) {
        out[k] = Math.log1p(x[k]);
      }
    }
  },
  /** {@code e^x - 1}, exact near 0 where {@code exp(x) - 1} cancels. */
  EXPM1 {
    @Override public void apply(double[] x, double[] out, int n) {
      for (int k = 0; k < n; k++) {
        out[k] = Math.expm1(x[k]);
      }
    }
  },
  /** The error function {@code 2/sqrt(pi) int_0^x e^(-t^2) dt}, to a few ulps (see {@link Erf}). */
  ERF {
    @Override public void apply(double[] x, double[] out, int n) {
      for (int k = 0; k < n; k++) {
        out[k] = Erf.erf(x[k]);
      }
    }
  };

  /** Writes {@code f(x[k])} into {@code out[k]} for {@code k < n}; {@code out} may be {@code x}. */
  public abstract void apply(double[] x, double[] out, int n);

  /** {@code f(x)} at one point (through the same loop). */
  public double at(double x) {
    double[] v = {x};
    apply(v, v, 1);
    return v[0];
  }
}
