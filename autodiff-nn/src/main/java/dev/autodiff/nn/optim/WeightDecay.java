package dev.autodiff.nn.optim;

/**
 * The two forms of weight decay with strength {@code lambda}, as PyTorch and the AdamW paper name them.
 * <ul>
 *   <li>{@link #COUPLED}: L2 regularization folded into the gradient, {@code g += lambda w}, before the rule's own
 *       update (PyTorch's {@code weight_decay} of SGD and Adam). Defined for every rule; Newton's method and L-BFGS
 *       also see {@code lambda / 2 ||w||^2} in the loss and {@code lambda I} in the Hessian, so their line search
 *       and curvature stay consistent.
 *   <li>{@link #DECOUPLED}: {@code w -= eta lambda w} after the rule's update, independent of the gradient's scaling
 *       (AdamW, SGDW). Defined for the first-order rules; Newton and L-BFGS refuse it.
 * </ul>
 */
public enum WeightDecay {
  COUPLED,
  DECOUPLED
}
