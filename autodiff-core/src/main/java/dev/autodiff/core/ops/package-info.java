/**
 * The primitive ops: {@link dev.autodiff.core.ops.Unary} and {@link dev.autodiff.core.ops.Binary} (one enum row per
 * elementwise function), and one small class per structural op ({@link dev.autodiff.core.ops.MatMul},
 * {@link dev.autodiff.core.ops.Sum}, {@link dev.autodiff.core.ops.Slice}, ...). Each holds its shape rule, forward
 * rule, vector-Jacobian product written with nodes, printing form and construction-time identities.
 *
 * <p>Layer: one layer with {@code graph}, above {@code kernels}. May use {@link dev.autodiff.core.Require},
 * {@code tensor}, {@code io}, {@code kernels} and {@code graph} (today all but {@code io}; forward rules call
 * {@code kernels} for the heavy loops). Must not use {@code grad}, {@code exec} or anything above.
 */
package dev.autodiff.core.ops;
