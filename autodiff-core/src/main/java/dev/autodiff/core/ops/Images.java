package dev.autodiff.core.ops;

import static com.google.common.base.Preconditions.checkArgument;
import static dev.autodiff.core.Require.checkNotNull;

import dev.autodiff.core.graph.Node;
import dev.autodiff.core.tensor.Axis;
import dev.autodiff.core.tensor.Image;
import dev.autodiff.core.tensor.Shape;
import dev.autodiff.core.tensor.Tensor;
import dev.autodiff.core.tensor.Window;

/**
 * Convolution and pooling over batches of images laid out as {@link Image} says ({@code N x (H*W*C)}, channels
 * last), composed from {@link Patches} and matrix ops: their gradients, at any order, come from their parts.
 */
public final class Images {
  private Images() {}

  /**
   * 2-D convolution (cross-correlation, no flip, as in Keras and PyTorch): {@code y[n, oh, ow, f] = sum over kh, kw,
   * c of x[n, oh*sh - top + kh, ow*sw - left + kw, c] k[(kh*KW + kw)*C + c, f]}, the patches of {@code x} times the
   * {@code (KH*KW*C) x F} kernel (Keras' {@code HWIO} kernel reshaped), reshaped to an {@code N x (outH*outW*F)}
   * batch of images.
   *
   * @throws IllegalArgumentException naming {@code conv2d} when {@code x} is not a batch of {@code image}s, the kernel
   *     does not fit the window and channels, or a 'valid' window does not fit the image
   */
  public static Node conv2d(Node x, Image image, Node kernel, Window window) {
    return conv2d(x, image, kernel, null, window);
  }

  /** {@link #conv2d(Node, Image, Node, Window)} plus a {@code 1 x F} bias for each filter ({@code null}: none). */
  public static Node conv2d(Node x, Image image, Node kernel, Node bias, Window window) {
    checkNotNull(x, "conv2d: input is null");
    checkNotNull(image, "conv2d: image is null");
    checkNotNull(kernel, "conv2d: kernel is null");
    checkNotNull(window, "conv2d: window is null");
    int n = batch("conv2d", x, image);
    long depth = Image.product(window.height(), window.width(), image.channels());
    checkArgument(!kernel.shape().isScalar() && kernel.shape().rows() == depth,
        "conv2d: kernel is %s, a %sx%s window over %s channels needs %s rows", kernel.shape(), window.height(),
        window.width(), image.channels(), depth);
    checkArgument(window.fits(image), "conv2d: a %s window does not fit a %s image", window, image);
    int filters = kernel.shape().cols();
    if (bias != null) {
      checkArgument(bias.shape().equals(Shape.of(1, filters)), "conv2d: bias is %s, %s filters need 1x%s",
          bias.shape(), filters, filters);
    }
    Image out = window.output(image, filters);
    Node y = x.graph().apply(Patches.of(image, window, false, 0), x).matmul(kernel);
    if (bias != null) {
      y = y.plus(bias);
    }
    return y.reshape(n, out.columns());
  }

  /**
   * Max pooling: the largest element of each channel in each window, {@code N x (outH*outW*C)}: {@link PoolSelect}
   * of {@code x} by itself. With 'same' padding the padding never wins.
   *
   * <p>NOTE: where elements of a window tie for the maximum, the gradient goes to the first of them in row-major
   * window order, as in PyTorch's {@code max_pool2d} ({@code amax} would share it among them).
   */
  public static Node maxPool(Node x, Image image, Window window) {
    checkNotNull(x, "maxPool: input is null");
    checkNotNull(image, "maxPool: image is null");
    checkNotNull(window, "maxPool: window is null");
    batch("maxPool", x, image);
    checkArgument(window.fits(image), "maxPool: a %s window does not fit a %s image", window, image);
    return x.graph().apply(PoolSelect.of(image, window), x, x);
  }

  /**
   * Average pooling: the mean of each channel in each window, {@code N x (outH*outW*C)}. With 'same' padding the
   * mean is over the window's elements inside the image (TensorFlow and Keras; PyTorch's
   * {@code count_include_pad=False}).
   */
  public static Node avgPool(Node x, Image image, Window window) {
    checkNotNull(x, "avgPool: input is null");
    checkNotNull(image, "avgPool: image is null");
    checkNotNull(window, "avgPool: window is null");
    int n = batch("avgPool", x, image);
    checkArgument(window.fits(image), "avgPool: a %s window does not fit a %s image", window, image);
    Image out = window.output(image, image.channels());
    Node sums = byChannel(x, image, window, 0).sum(Axis.COLUMNS).reshape(n, out.columns());
    double[] inverse = inverseCounts(image, window, out);
    boolean even = true;
    for (double v : inverse) {
      even &= v == inverse[0];
    }
    return even ? sums.times(inverse[0]) : sums.times(x.graph().constant(Tensor.of(Shape.of(1, inverse.length),
        inverse)));
  }

  /** The patches channel by channel, one window of one channel per row: {@code (N*outH*outW*C) x (KH*KW)}. */
  private static Node byChannel(Node x, Image image, Window window, double fill) {
    Node p = x.graph().apply(Patches.of(image, window, true, fill), x);
    return p.reshape(p.shape().rows() * image.channels(), window.height() * window.width());
  }

  /** One over the number of window elements inside the image, for each output pixel and channel (1 x outH*outW*C). */
  private static double[] inverseCounts(Image image, Window window, Image out) {
    double[] inv = new double[out.columns()];
    int top = window.padTop(image);
    int left = window.padLeft(image);
    for (int oh = 0; oh < out.height(); oh++) {
      int y0 = oh * window.strideRows() - top;
      int rows = Math.min(y0 + window.height(), image.height()) - Math.max(y0, 0);
      for (int ow = 0; ow < out.width(); ow++) {
        int x0 = ow * window.strideCols() - left;
        int cols = Math.min(x0 + window.width(), image.width()) - Math.max(x0, 0);
        for (int c = 0; c < out.channels(); c++) {
          inv[(oh * out.width() + ow) * out.channels() + c] = 1.0 / (rows * cols);
        }
      }
    }
    return inv;
  }

  private static int batch(String op, Node x, Image image) {
    checkArgument(!x.shape().isScalar() && x.shape().cols() == image.columns(),
        "%s: input has %s columns, %s needs %s", op, x.shape().isScalar() ? 1 : x.shape().cols(), image,
        image.columns());
    return x.shape().rows();
  }
}
