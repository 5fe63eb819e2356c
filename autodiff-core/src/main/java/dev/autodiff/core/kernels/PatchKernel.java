package dev.autodiff.core.kernels;

import dev.autodiff.core.tensor.Image;
import dev.autodiff.core.tensor.Window;

/**
 * Unfolding image patches into rows (im2col) and folding them back (col2im), for a batch of images laid out as
 * {@link Image} says: {@code n} rows of {@code image.columns()} elements, channels last.
 *
 * <p>The patch matrix has one row per window position, {@code (i*outH + oh)*outW + ow} for image {@code i}, and one
 * column per element of the window: {@code (kh*kw_ + kw)*C + c} in channels-last order (the order of a Keras
 * {@code HWIO} kernel reshaped to {@code (KH*KW*C) x F}, so a convolution is this matrix times the kernel), or
 * {@code (c*KH + kh)*KW + kw} in channel-major order (so that a reshape to {@code (rows*C) x (KH*KW)} puts each
 * channel's window in a row of its own, which is how pooling reduces it). Positions of the window outside the image
 * (padding) read {@code fill} when unfolding and are dropped when folding. Folding sums the elements that several
 * windows share: it is the adjoint of unfolding with {@code fill = 0}.
 */
public interface PatchKernel {
  /** A short name for logs and benchmarks. */
  String name();

  /**
   * Writes the patches of the {@code n} images in {@code x} into {@code out} ({@code n*outH*outW} rows of
   * {@code KH*KW*C}), whose old content is ignored.
   */
  void unfold(double[] x, int n, Image image, Window window, boolean channelMajor, double fill, double[] out);

  /**
   * Writes into {@code out} ({@code n} images) the sum, at each pixel, of the patch elements of {@code patches} that
   * read it; the old content of {@code out} is ignored.
   */
  void fold(double[] patches, int n, Image image, Window window, boolean channelMajor, double[] out);

  /**
   * For each window position and channel, the element of {@code values} where {@code key} is largest in the window
   * (the first such element in row-major window order when several tie; NaN if the window holds a NaN): {@code n}
   * images of {@code outH*outW*C}, channels last. Max pooling is {@code select(x, x)}. Window positions outside the
   * image (padding) never win.
   */
  void select(double[] key, double[] values, int n, Image image, Window window, double[] out);

  /**
   * The adjoint of {@link #select} in its values: each window position's {@code grad} added onto the element that
   * {@code key} selects there; {@code out} ({@code n} images) is overwritten.
   */
  void route(double[] key, double[] grad, int n, Image image, Window window, double[] out);
}
