/**
 * autodiff-core: symbolic computation graphs with reverse-mode automatic differentiation.
 *
 * <p>Start with {@link dev.autodiff.core.graph.Graph}, build with the methods of
 * {@link dev.autodiff.core.graph.Node} and the functions of {@link dev.autodiff.core.Autodiff}, differentiate with
 * {@link dev.autodiff.core.grad.Gradients}, run with {@link dev.autodiff.core.exec.Program}, print with
 * {@link dev.autodiff.core.print.Formula}, and check with {@link dev.autodiff.core.check.GradientChecker}.
 */
package dev.autodiff.core;
