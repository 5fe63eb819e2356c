/**
 * Saving and loading models. {@link dev.autodiff.nn.io.ModelFile}: a whole model in one file, written atomically,
 * versioned and checksummed, each layer written by the {@link dev.autodiff.nn.io.LayerCodec} it owns (registered in
 * {@link dev.autodiff.nn.io.LayerCodecs}). {@link dev.autodiff.nn.io.Weights}: the weights alone, in the
 * safetensors format that PyTorch and Hugging Face tools use. Depends on nn's layers and core's {@code io}.
 */
package dev.autodiff.nn.io;
