package dev.autodiff.nn.spark;

import static dev.autodiff.core.Require.checkNotNull;

import java.io.Serializable;

/**
 * One training sample as Spark holds it: the features (the model's inputs) and the target (what the loss compares
 * the outputs with). The arrays are not copied: Spark hands them between tasks as they are.
 */
public record Sample(double[] features, double[] target) implements Serializable {
  private static final long serialVersionUID = 1L;

  public Sample {
    checkNotNull(features, "sample: features are null");
    checkNotNull(target, "sample: target is null");
  }
}
