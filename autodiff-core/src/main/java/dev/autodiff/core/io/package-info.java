/**
 * Files: {@link dev.autodiff.core.io.AtomicFiles} writes atomically (a temporary file in the same folder, forced to
 * disk, then renamed over the target), so a crash leaves either the old file or the new one, never half of one.
 *
 * <p>Layer: beside {@code tensor}, at the bottom. May use only {@link dev.autodiff.core.Require} (not even
 * {@code tensor}); any package may use it (today {@code viz}, and autodiff-nn's model files).
 */
package dev.autodiff.core.io;
