/**
 * Gradient checking for users: {@link dev.autodiff.core.check.GradientChecker} compares symbolic gradients with
 * finite differences and reports a {@link dev.autodiff.core.check.GradientCheck}. The subpackage {@code jqwik}
 * holds arbitraries for property tests (it needs jqwik on the classpath; this package does not).
 *
 * <p>Layer: the top of the engine, beside {@code viz}. May use everything below: {@link dev.autodiff.core.Require},
 * {@code tensor}, {@code io}, {@code kernels}, {@code graph}, {@code ops}, {@code grad}, {@code exec} and
 * {@code print} (today {@code Require}, {@code tensor}, {@code graph}, {@code grad}, {@code exec} and
 * {@code print}). Must not use {@code viz}, {@code check.jqwik} or the facade.
 */
package dev.autodiff.core.check;
