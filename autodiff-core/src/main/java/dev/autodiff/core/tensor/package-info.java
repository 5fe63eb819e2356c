/**
 * Values: {@link dev.autodiff.core.tensor.Shape}, {@link dev.autodiff.core.tensor.Axis}, the immutable
 * {@link dev.autodiff.core.tensor.Tensor}, storage that says it changes ({@link dev.autodiff.core.tensor.MutableTensor})
 * and the fixed number format ({@link dev.autodiff.core.tensor.TensorFormat}). The engine's zero-copy door to tensor
 * storage is in the unexported {@code tensor.internal}.
 *
 * <p>Layer: the bottom of the engine. May use only {@link dev.autodiff.core.Require}; every other package of the
 * library may use it.
 */
package dev.autodiff.core.tensor;
