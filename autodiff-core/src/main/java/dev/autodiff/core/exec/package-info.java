/**
 * Execution: {@link dev.autodiff.core.exec.Program} compiles output nodes into a schedule with planned buffers and
 * runs it with {@link dev.autodiff.core.exec.Feeds}, giving {@link dev.autodiff.core.exec.Results};
 * {@link dev.autodiff.core.exec.NonFiniteValueException} names the first node that yields NaN or infinity.
 *
 * <p>Layer: above {@code grad}. May use {@link dev.autodiff.core.Require}, {@code tensor}, {@code io},
 * {@code kernels}, {@code graph}, {@code ops} and {@code grad} (today all but {@code io} and {@code grad}). Must
 * not use {@code print}, {@code viz}, {@code check} or the facade. Known violation, listed in {@code LayeringTest}
 * until it is removed: {@code Program} uses {@code print.Formula} for its error messages.
 */
package dev.autodiff.core.exec;
