/**
 * Native matrix products: {@link dev.autodiff.core.kernels.openblas.OpenBlasKernel} calls OpenBLAS's
 * {@code cblas_dgemm} through the JavaCPP binding {@code org.bytedeco:openblas}, an <em>optional</em> dependency of
 * autodiff-core. {@link dev.autodiff.core.kernels.openblas.OpenBlasProvider} is registered in core's
 * {@code META-INF/services}; {@link dev.autodiff.core.kernels.Kernels} chooses it when bytedeco's jars are on the
 * class path and the native library loads, and otherwise keeps the pure-Java kernel, saying why in
 * {@link dev.autodiff.core.kernels.Kernels#selection()}.
 *
 * <p>Depends on {@code kernels} (the interfaces it implements and the pure-Java kernel it hands small products to)
 * and on {@code org.bytedeco}; it is the only package of the library that may name bytedeco's classes. Nothing in
 * the library imports this package: it is found only through {@link java.util.ServiceLoader}.
 */
package dev.autodiff.core.kernels.openblas;
