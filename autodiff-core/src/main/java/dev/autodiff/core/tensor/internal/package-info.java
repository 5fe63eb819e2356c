/**
 * Engine-internal doors of the tensor layer ({@link dev.autodiff.core.tensor.internal.TensorStorage}). Not exported
 * by {@code module-info.java}, not API: nothing outside autodiff-core may use it.
 *
 * <p>Layer: the tensor layer's own (may use only {@link dev.autodiff.core.tensor} and
 * {@link dev.autodiff.core.Require}).
 */
package dev.autodiff.core.tensor.internal;
