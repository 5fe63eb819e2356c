/**
 * The graph: {@link dev.autodiff.core.graph.Graph} owns its {@link dev.autodiff.core.graph.Node}s, whose leaves are
 * constants, {@link dev.autodiff.core.graph.Parameter}s and {@link dev.autodiff.core.graph.Input}s, and
 * {@link dev.autodiff.core.graph.Op} is the contract every operation fulfils.
 *
 * <p>Depends on {@code tensor} and on {@code ops} (the fluent methods of {@code Node} build the primitive ops);
 * {@code ops} depends back on this package, because a vector-Jacobian product is written with nodes. The two form
 * the kernel of the engine; nothing else in the library is a dependency of either.
 */
package dev.autodiff.core.graph;
