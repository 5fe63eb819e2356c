/**
 * Printing: {@link dev.autodiff.core.print.Formula} renders any node as an infix or LaTeX formula.
 *
 * <p>Layer: above {@code exec}. May use everything below: {@link dev.autodiff.core.Require}, {@code tensor},
 * {@code io}, {@code kernels}, {@code graph}, {@code ops}, {@code grad} and {@code exec} (today {@code Require},
 * {@code graph} and {@code ops}). Must not use {@code viz}, {@code check} or the facade.
 */
package dev.autodiff.core.print;
