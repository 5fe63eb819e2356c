/**
 * Kernels: the inner loops that ops hand their heavy work to (today the matrix product), behind a small interface
 * so a faster implementation can replace the reference one without touching the ops. Depends on nothing else in the
 * library.
 */
package dev.autodiff.core.kernels;
