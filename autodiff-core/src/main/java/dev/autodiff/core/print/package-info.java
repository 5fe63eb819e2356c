/**
 * Printing: {@link dev.autodiff.core.print.Formula} renders any node as an infix or LaTeX formula.
 *
 * <p>Layer: right above {@code graph} and {@code ops} (a formula needs nothing but nodes and their ops'
 * {@link dev.autodiff.core.graph.Notation}), below {@code grad} and {@code exec}. May use
 * {@link dev.autodiff.core.Require}, {@code tensor}, {@code io}, {@code kernels}, {@code graph} and {@code ops}
 * (today {@code Require} and {@code graph}: it knows no particular op). Must not use anything above.
 */
package dev.autodiff.core.print;
