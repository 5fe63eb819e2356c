/**
 * autodiff-core: symbolic computation graphs with reverse-mode automatic differentiation.
 *
 * <p>Start with {@link dev.autodiff.core.graph.Graph}, build with the methods of
 * {@link dev.autodiff.core.graph.Node} and the functions of {@link dev.autodiff.core.Autodiff}, differentiate with
 * {@link dev.autodiff.core.grad.Gradients}, run with {@link dev.autodiff.core.exec.Program}, print with
 * {@link dev.autodiff.core.print.Formula}, and check with {@link dev.autodiff.core.check.GradientChecker}.
 *
 * <p>The packages form layers, bottom to top; each may use only its own package and the layers below (enforced by
 * {@code LayeringTest}): {@link dev.autodiff.core.Require}; {@code tensor}, {@code io}; {@code kernels};
 * {@code kernels.openblas}; {@code graph} and {@code ops} (one layer); {@code print}; {@code grad}; {@code exec};
 * {@code viz}, {@code check}; {@code check.jqwik}; the {@link dev.autodiff.core.Autodiff} facade.
 *
 * <p>This package holds the two ends of that order. {@link dev.autodiff.core.Require} (argument checks) is the
 * bottom: every package may use it and it uses nothing of the library (only Guava).
 * {@link dev.autodiff.core.Autodiff} (static factories for users) is the top: it may use every package (today
 * {@code tensor}, {@code graph}, {@code ops} and {@code grad}), and no code of the library may use it.
 */
package dev.autodiff.core;
