/**
 * Values: {@link dev.autodiff.core.tensor.Shape}, {@link dev.autodiff.core.tensor.Axis}, the immutable
 * {@link dev.autodiff.core.tensor.Tensor}, its fixed number format ({@link dev.autodiff.core.tensor.TensorFormat})
 * and {@link dev.autodiff.core.tensor.TensorBuffers}, the engine's zero-copy door to tensor storage.
 *
 * <p>Layer: the bottom of the engine. May use only {@link dev.autodiff.core.Require}; every other package of the
 * library may use it.
 */
package dev.autodiff.core.tensor;
