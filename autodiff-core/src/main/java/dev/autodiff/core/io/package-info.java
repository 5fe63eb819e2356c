/**
 * Files: atomic writes (a temporary file in the same folder, forced to disk, then renamed over the target), so a
 * crash leaves either the old file or the new one, never half of one. Depends on nothing else in the library.
 */
package dev.autodiff.core.io;
