package dev.autodiff.core.tensor;

import static com.google.common.base.Preconditions.checkArgument;
import static dev.autodiff.core.Require.checkNotNull;

/**
 * A sliding window over images: its {@code height x width}, its strides down and across, and its padding, the
 * geometry of a convolution or a pooling.
 *
 * <p>The padding is TensorFlow's and Keras': {@link Padding#VALID} places the window only where it fits,
 * {@code out = floor((in - k) / stride) + 1}; {@link Padding#SAME} gives {@code out = ceil(in / stride)} and pads
 * {@code max((out - 1) * stride + k - in, 0)} rows (columns) in all, half of it (rounded down) before and the rest
 * after. With stride 1 and an odd window, 'same' keeps the size and pads evenly; otherwise the extra row goes after,
 * which is where TensorFlow puts it (PyTorch's symmetric {@code padding=k//2} agrees only in the even case).
 */
public record Window(int height, int width, int strideRows, int strideCols, Padding padding) {
  /** Where the window may go. */
  public enum Padding {
    /** Only where the whole window lies inside the image. */
    VALID,
    /** Everywhere the stride reaches, padding with zeros (or, for max pooling, with what never wins) as needed. */
    SAME
  }

  public Window {
    checkNotNull(padding, "window: padding is null");
    checkArgument(height > 0 && width > 0, "window: size must be positive, got %sx%s", height, width);
    checkArgument(strideRows > 0 && strideCols > 0, "window: strides must be positive, got %sx%s", strideRows,
        strideCols);
  }

  /** A {@code height x width} window with strides {@code strideRows x strideCols}. */
  public static Window of(int height, int width, int strideRows, int strideCols, Padding padding) {
    return new Window(height, width, strideRows, strideCols, padding);
  }

  /** A {@code size x size} window moving one pixel at a time: a convolution's default. */
  public static Window square(int size, Padding padding) {
    return new Window(size, size, 1, 1, padding);
  }

  /** A {@code size x size} window moving {@code size} pixels at a time, without padding: a pooling's default. */
  public static Window pool(int size) {
    return new Window(size, size, size, size, Padding.VALID);
  }

  /** The same window with 'same' padding. */
  public Window withSame() {
    return new Window(height, width, strideRows, strideCols, Padding.SAME);
  }

  /** The same window with 'valid' padding. */
  public Window withValid() {
    return new Window(height, width, strideRows, strideCols, Padding.VALID);
  }

  /**
   * The output height and width over {@code image}, with {@code channels} channels.
   *
   * @throws IllegalArgumentException when a 'valid' window is larger than the image
   */
  public Image output(Image image, int channels) {
    checkNotNull(image, "window: image is null");
    checkArgument(channels > 0, "window: output: channels must be positive, got %s", channels);
    return Image.of(out(image.height(), height, strideRows), out(image.width(), width, strideCols), channels);
  }

  /** Whether the window fits {@code image} (always, with 'same' padding). */
  public boolean fits(Image image) {
    checkNotNull(image, "window: image is null");
    return padding == Padding.SAME || (height <= image.height() && width <= image.width());
  }

  /** The rows of padding above the image. */
  public int padTop(Image image) {
    checkNotNull(image, "window: image is null");
    return padBefore(image.height(), height, strideRows);
  }

  /** The columns of padding left of the image. */
  public int padLeft(Image image) {
    checkNotNull(image, "window: image is null");
    return padBefore(image.width(), width, strideCols);
  }

  private int out(int in, int k, int stride) {
    if (padding == Padding.SAME) {
      return (in - 1) / stride + 1;  // ceil(in / stride), without the overflow of in + stride - 1
    }
    checkArgument(k <= in, "window: a %sx%s window does not fit a side of %s pixels with 'valid' padding", height,
        width, in);
    return (in - k) / stride + 1;
  }

  private int padBefore(int in, int k, int stride) {
    if (padding == Padding.VALID) {
      return 0;
    }
    long out = (in - 1) / stride + 1;
    return (int) (Math.max((out - 1) * stride + k - in, 0) / 2);
  }

  /** {@code 3x3/1 same}. */
  @Override
  public String toString() {
    String s = strideRows == strideCols ? "" + strideRows : strideRows + "x" + strideCols;
    return height + "x" + width + "/" + s + " " + padding.name().toLowerCase(java.util.Locale.ROOT);
  }
}
