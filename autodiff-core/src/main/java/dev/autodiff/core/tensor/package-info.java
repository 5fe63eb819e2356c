/**
 * Values: {@link dev.autodiff.core.tensor.Shape}, {@link dev.autodiff.core.tensor.Axis} and the immutable
 * {@link dev.autodiff.core.tensor.Tensor}. Depends on nothing else in the library.
 */
package dev.autodiff.core.tensor;
