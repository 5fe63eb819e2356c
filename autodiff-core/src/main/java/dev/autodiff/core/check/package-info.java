/**
 * Gradient checking for users: {@link dev.autodiff.core.check.GradientChecker} compares symbolic gradients with
 * finite differences and reports a {@link dev.autodiff.core.check.GradientCheck}. The subpackage {@code jqwik}
 * holds arbitraries for property tests (it needs jqwik on the classpath; the rest does not).
 *
 * <p>Depends on {@code tensor}, {@code graph}, {@code grad}, {@code exec} and {@code print}.
 */
package dev.autodiff.core.check;
