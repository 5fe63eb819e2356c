/**
 * Printing: {@link dev.autodiff.core.print.Formula} renders any node as an infix or LaTeX formula.
 *
 * <p>Depends on {@code tensor}, {@code graph} and {@code ops}.
 */
package dev.autodiff.core.print;
