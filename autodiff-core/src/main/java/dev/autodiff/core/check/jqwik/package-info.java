/**
 * jqwik support: {@link dev.autodiff.core.check.jqwik.GraphArbitraries} generates
 * {@link dev.autodiff.core.check.jqwik.GraphRecipe}s (random well-formed graphs at domain-safe points) for users'
 * own property tests. Needs jqwik on the classpath (an optional dependency of autodiff-core).
 *
 * <p>Layer: above {@code check}; nothing else in the library uses this package, and it is the only one that may
 * use jqwik. May use every other package except the facade (today {@code tensor}, {@code graph}, {@code ops} and
 * {@code exec}, and jqwik's API). Known violation, listed in {@code LayeringTest} until it is removed:
 * {@code GraphRecipe} uses the {@link dev.autodiff.core.Autodiff} facade (for {@code concat}).
 */
package dev.autodiff.core.check.jqwik;
