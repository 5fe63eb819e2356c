/**
 * Printing: {@link dev.autodiff.core.print.Formula} renders any node as an infix or LaTeX formula.
 *
 * <p>Layer: right above {@code graph} and {@code ops} (a formula needs nothing but nodes and their ops'
 * {@link dev.autodiff.core.graph.Notation}), below {@code grad} and {@code exec}. May use
 * {@link dev.autodiff.core.Require}, {@code tensor}, {@code io}, {@code kernels}, {@code graph} and {@code ops}
 * (today {@code Require}, {@code tensor} and {@code graph}: it knows no op by name; the textbook form of matrix
 * expressions, {@link dev.autodiff.core.print.Textbook}, asks each op its
 * {@link dev.autodiff.core.graph.Op#algebra() algebra}, and every op prints through its own notation). Must not use
 * anything above.
 */
package dev.autodiff.core.print;
