/**
 * Symbolic differentiation: {@link dev.autodiff.core.grad.Gradients} builds gradients, Hessians, Hessian-vector
 * products, Jacobian-vector products (forward mode, from the reverse-mode VJPs) and Jacobians as nodes of the same
 * graph; {@link dev.autodiff.core.grad.BackwardPass} exposes the reverse pass step by step (for traces).
 *
 * <p>Layer: above {@code graph} and {@code ops}. May use {@link dev.autodiff.core.Require}, {@code tensor},
 * {@code io}, {@code kernels}, {@code graph}, {@code ops} and {@code print} (today {@code Require},
 * {@code tensor}, {@code graph} and {@code ops}). Must not use {@code exec} or anything above.
 */
package dev.autodiff.core.grad;
