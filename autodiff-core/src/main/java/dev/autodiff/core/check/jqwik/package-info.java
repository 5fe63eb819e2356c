/**
 * jqwik support: {@link dev.autodiff.core.check.jqwik.GraphArbitraries} generates
 * {@link dev.autodiff.core.check.jqwik.GraphRecipe}s (random well-formed graphs at domain-safe points) for users'
 * own property tests. Needs jqwik on the classpath; nothing else in the library uses this package.
 *
 * <p>Depends on {@code tensor}, {@code graph}, {@code exec} and jqwik's API.
 */
package dev.autodiff.core.check.jqwik;
