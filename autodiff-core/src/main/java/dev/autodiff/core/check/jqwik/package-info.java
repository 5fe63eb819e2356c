/**
 * jqwik support: {@link dev.autodiff.core.check.jqwik.GraphArbitraries} generates
 * {@link dev.autodiff.core.check.jqwik.GraphRecipe}s (random well-formed graphs at domain-safe points) for users'
 * own property tests. Needs jqwik on the classpath (an optional dependency of autodiff-core).
 *
 * <p>Layer: above {@code check}; nothing else in the library uses this package, and it is the only one that may
 * use jqwik. May use every other package except the facade (today {@code tensor}, {@code graph}, {@code ops} and
 * {@code exec}, and jqwik's API). It takes the primitives from {@link dev.autodiff.core.ops.Primitives} and
 * knows no particular op.
 */
package dev.autodiff.core.check.jqwik;
