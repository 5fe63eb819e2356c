/**
 * Execution: {@link dev.autodiff.core.exec.Program} compiles output nodes into a schedule and runs it with
 * {@link dev.autodiff.core.exec.Feeds}, giving {@link dev.autodiff.core.exec.Results}.
 *
 * <p>Depends on {@code tensor}, {@code graph} and {@code print} (error messages).
 */
package dev.autodiff.core.exec;
