/**
 * Native matrix products for autodiff: put this module on the class path and {@link dev.autodiff.core.kernels.Kernels}
 * uses OpenBLAS's dgemm for every matrix product (see {@link dev.autodiff.core.kernels.Kernels#selection()}).
 */
package dev.autodiff.blas;
