/**
 * Symbolic differentiation: {@link dev.autodiff.core.grad.Gradients} builds gradients, Hessians, Hessian-vector
 * products, Jacobian-vector products (forward mode, from the reverse-mode VJPs) and Jacobians as nodes of the same
 * graph.
 *
 * <p>Depends on {@code tensor}, {@code graph} and {@code ops}.
 */
package dev.autodiff.core.grad;
