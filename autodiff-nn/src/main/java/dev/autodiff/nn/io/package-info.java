/** Saving and loading models: one file, written atomically, versioned and checksummed. */
package dev.autodiff.nn.io;
