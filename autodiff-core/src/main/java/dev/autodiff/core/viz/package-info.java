/**
 * Seeing backpropagation: {@link dev.autodiff.core.viz.BackpropTrace} (the reverse pass step by step, as text,
 * Markdown, LaTeX and one DOT frame per step), {@link dev.autodiff.core.viz.Dot} (deterministic Graphviz DOT of
 * the forward graph with values and adjoints, the twin forward/adjoint view and the symbolic gradient graph, with
 * controls for large models, {@link dev.autodiff.core.viz.DotOptions}), {@link dev.autodiff.core.viz.Graphviz}
 * (SVG and PNG through the {@code dot} program when it is installed), and
 * {@link dev.autodiff.core.viz.StepperPage} (one self-contained HTML page that steps through a trace on its drawing,
 * each step's lines as text and MathML, fetching nothing).
 *
 * <p>Layer: the top of the engine, beside {@code check}. May use everything below: {@link dev.autodiff.core.Require},
 * {@code tensor}, {@code io}, {@code kernels}, {@code graph}, {@code ops}, {@code grad}, {@code exec} and
 * {@code print} (today all but {@code kernels} and {@code ops}). Must not use {@code check}, {@code check.jqwik} or
 * the facade.
 */
package dev.autodiff.core.viz;
