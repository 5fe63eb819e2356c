/**
 * Kernels: the inner loops that ops hand their heavy work to (today the matrix product,
 * {@link dev.autodiff.core.kernels.MatMulKernel}), behind a small interface so a faster implementation can replace
 * the reference one without touching the ops. {@link dev.autodiff.core.kernels.Kernels} holds the pure-Java
 * kernels and chooses the one in use at start-up from the {@link dev.autodiff.core.kernels.MatMulKernelProvider}s
 * found by {@link java.util.ServiceLoader} (core registers one: {@code kernels.openblas}).
 *
 * <p>Layer: above {@code tensor}, below {@code graph} and {@code ops}. May use {@link dev.autodiff.core.Require},
 * {@code tensor} and {@code io} (today it uses none of them); it never names {@code kernels.openblas}, which it
 * finds only through the service loader.
 */
package dev.autodiff.core.kernels;
