/**
 * The primitive ops: {@link dev.autodiff.core.ops.Unary} and {@link dev.autodiff.core.ops.Binary} (one enum row per
 * elementwise function), and one small class per structural op ({@link dev.autodiff.core.ops.MatMul},
 * {@link dev.autodiff.core.ops.Sum}, {@link dev.autodiff.core.ops.Slice}, ...). Each holds its shape rule, forward
 * rule, vector-Jacobian product written with nodes, printing form and construction-time identities.
 *
 * <p>Depends on {@code tensor} and {@code graph}.
 */
package dev.autodiff.core.ops;
