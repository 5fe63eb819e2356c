/**
 * Seeing backpropagation: {@link dev.autodiff.core.viz.BackpropTrace} (the reverse pass step by step, as text,
 * Markdown, LaTeX and one DOT frame per step), {@link dev.autodiff.core.viz.Dot} (deterministic Graphviz DOT of
 * the forward graph with values and adjoints, the twin forward/adjoint view and the symbolic gradient graph, with
 * controls for large models) and {@link dev.autodiff.core.viz.Graphviz} (SVG and PNG through the {@code dot}
 * program when it is installed). Depends on graph, grad, exec, print, tensor and io.
 */
package dev.autodiff.core.viz;
