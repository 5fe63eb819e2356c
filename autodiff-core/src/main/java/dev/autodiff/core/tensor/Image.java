package dev.autodiff.core.tensor;

import static com.google.common.base.Preconditions.checkArgument;
import static dev.autodiff.core.Require.checkNotNull;

/**
 * The geometry of one image, {@code height x width x channels}, as the library lays a batch of images out: a batch
 * of N images is an {@code N x (height*width*channels)} matrix, one row per image, pixels in channels-last (NHWC,
 * Keras' default) row-major order, so that element {@code (n, (h*width + w)*channels + c)} is channel {@code c} of
 * pixel {@code (h, w)} of image {@code n}. Flattening an image batch is then the identity, and per-channel work is a
 * reshape to {@code (N*height*width) x channels}.
 */
public record Image(int height, int width, int channels) {
  public Image {
    checkArgument(height > 0 && width > 0 && channels > 0,
        "image: height, width and channels must be positive, got %sx%sx%s", height, width, channels);
    checkArgument(product(height, width, channels) <= Integer.MAX_VALUE,
        "image: %sx%sx%s has more than %s elements", height, width, channels, Integer.MAX_VALUE);
  }

  /**
   * The product of non-negative {@code factors}, or {@link Long#MAX_VALUE} when it exceeds that: sizes are compared
   * with it before anything is allocated, and a product that wraps around would let an absurd size through.
   */
  public static long product(long... factors) {
    checkNotNull(factors, "image: product: factors are null");
    long p = 1;
    for (long f : factors) {
      checkArgument(f >= 0, "image: product: negative factor %s", f);
      if (f != 0 && p > Long.MAX_VALUE / f) {
        return Long.MAX_VALUE;
      }
      p *= f;
    }
    return p;
  }

  /** {@code height x width x channels}. */
  public static Image of(int height, int width, int channels) {
    return new Image(height, width, channels);
  }

  /** The number of columns one image takes in a batch matrix: {@code height*width*channels}. */
  public int columns() {
    return height * width * channels;
  }

  /** The number of pixels, {@code height*width}. */
  public int pixels() {
    return height * width;
  }

  /** The same height and width with another number of channels. */
  public Image withChannels(int c) {
    return new Image(height, width, c);
  }

  /** {@code 28x28x1}. */
  @Override
  public String toString() {
    return height + "x" + width + "x" + channels;
  }
}
