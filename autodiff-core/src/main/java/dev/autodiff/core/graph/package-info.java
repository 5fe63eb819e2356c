/**
 * The graph: {@link dev.autodiff.core.graph.Graph} owns its {@link dev.autodiff.core.graph.Node}s, whose leaves are
 * constants, {@link dev.autodiff.core.graph.Parameter}s and {@link dev.autodiff.core.graph.Input}s;
 * {@link dev.autodiff.core.graph.Op} is the contract every operation fulfils and
 * {@link dev.autodiff.core.graph.Notation} how it prints; hash-consing (the package-private {@code Interner}),
 * and non-recursive walks ({@link dev.autodiff.core.graph.Traversal}). The executor's door to parameter storage is
 * in the unexported {@code graph.internal}.
 *
 * <p>Layer: one layer with {@code ops}, above {@code kernels}. May use {@link dev.autodiff.core.Require},
 * {@code tensor}, {@code io} and {@code kernels} (today {@code Require} and {@code tensor}). Of this package only
 * {@code Node} may use {@code ops}, for its one-line fluent delegations to the primitive ops; {@code ops} uses this
 * package freely, because a vector-Jacobian product is written with nodes. Nothing above ({@code grad},
 * {@code exec}, ...) is a dependency of either.
 */
package dev.autodiff.core.graph;
