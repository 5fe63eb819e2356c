/**
 * Execution: {@link dev.autodiff.core.exec.Program} compiles output nodes into a schedule with planned buffers and
 * runs it with {@link dev.autodiff.core.exec.Feeds}, giving {@link dev.autodiff.core.exec.Results};
 * {@link dev.autodiff.core.exec.NonFiniteValueException} names the first node that yields NaN or infinity.
 *
 * <p>Layer: above {@code grad}. May use {@link dev.autodiff.core.Require}, {@code tensor}, {@code io},
 * {@code kernels}, {@code graph}, {@code ops}, {@code print} and {@code grad} (today all but {@code io} and
 * {@code grad}; {@code print} for the formulas in its error messages). Knows no particular op: each op plans its
 * own {@link dev.autodiff.core.graph.Step}. Must not use {@code viz}, {@code check} or the facade.
 */
package dev.autodiff.core.exec;
