/**
 * The primitive ops: {@link dev.autodiff.core.ops.Unary} and {@link dev.autodiff.core.ops.Binary} (one enum row per
 * elementwise function), and one small class per structural op ({@link dev.autodiff.core.ops.MatMul},
 * {@link dev.autodiff.core.ops.Sum}, {@link dev.autodiff.core.ops.Slice}, ...). Each holds its shape rule, forward
 * rule (a call to a kernel: no op has a loop of its own), vector-Jacobian product written with nodes, notation
 * (infix and LaTeX), construction-time identities, program step (the matrix product folds transposes), domain and
 * kinks. {@link dev.autodiff.core.ops.Primitives} registers them all for the tests and random graphs.
 *
 * <p>Layer: one layer with {@code graph}, above {@code kernels}. May use {@link dev.autodiff.core.Require},
 * {@code tensor}, {@code io}, {@code kernels} and {@code graph} (today all but {@code io}). Must not use {@code grad}, {@code exec} or anything above.
 */
package dev.autodiff.core.ops;
