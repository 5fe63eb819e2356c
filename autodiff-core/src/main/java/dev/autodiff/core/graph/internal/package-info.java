/**
 * Engine-internal doors of the graph layer ({@link dev.autodiff.core.graph.internal.ParameterStorage}). Not exported
 * by {@code module-info.java}, not API: nothing outside autodiff-core may use it.
 *
 * <p>Layer: the graph layer's own (may use what {@link dev.autodiff.core.graph} may, and that package).
 */
package dev.autodiff.core.graph.internal;
