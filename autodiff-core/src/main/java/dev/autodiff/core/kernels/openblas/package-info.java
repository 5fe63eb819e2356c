/**
 * Native matrix products: {@link dev.autodiff.core.kernels.openblas.OpenBlasKernel} calls OpenBLAS's
 * {@code cblas_dgemm} through the JavaCPP binding {@code org.bytedeco:openblas}, an <em>optional</em> dependency of
 * autodiff-core. {@link dev.autodiff.core.kernels.openblas.OpenBlasProvider} is registered in core's
 * {@code META-INF/services}; {@link dev.autodiff.core.kernels.Kernels} chooses it when bytedeco's jars are on the
 * class path and the native library loads, and otherwise keeps the pure-Java kernel, saying why in
 * {@link dev.autodiff.core.kernels.Kernels#selection()}.
 *
 * <p>Layer: just above {@code kernels}, below {@code graph} and {@code ops}. May use
 * {@link dev.autodiff.core.Require}, {@code tensor}, {@code io} and {@code kernels} (today {@code kernels}: the
 * interfaces it implements and the pure-Java kernel it hands small products to), and it is the only package of the
 * library that may use {@code org.bytedeco}. Nothing in the library uses this package: it is found only through
 * {@link java.util.ServiceLoader}.
 */
package dev.autodiff.core.kernels.openblas;
