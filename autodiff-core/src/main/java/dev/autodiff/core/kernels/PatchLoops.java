package dev.autodiff.core.kernels;

import dev.autodiff.core.tensor.Image;
import dev.autodiff.core.tensor.Window;
import java.util.Arrays;

/**
 * The pure-Java {@link PatchKernel}: one walk over the window positions, written once and used both ways. In
 * channels-last order a window row is {@code KW*C} contiguous elements of the image row (when wholly inside), so it
 * is one array copy.
 */
final class PatchLoops implements PatchKernel {
  @Override
  public String name() {
    return "java";
  }

  @Override
  public void unfold(double[] x, int n, Image image, Window window, boolean channelMajor, double fill, double[] out) {
    walk(x, out, n, image, window, channelMajor, fill, false);
  }

  @Override
  public void fold(double[] patches, int n, Image image, Window window, boolean channelMajor, double[] out) {
    Arrays.fill(out, 0, n * image.columns(), 0.0);
    walk(out, patches, n, image, window, channelMajor, 0, true);
  }

  /**
   * Visits every (image, window position, window pixel): copies the image's channels at that pixel to the patch
   * ({@code fold == false}, padding reads {@code fill}) or adds the patch's back onto the image ({@code fold ==
   * true}, padding dropped). A pixel's {@code C} channels are contiguous in the image; in the patch they are
   * {@code step} apart (1 in channels-last order, {@code KH*KW} channel by channel).
   */
  private static void walk(double[] img, double[] cols, int n, Image image, Window window, boolean channelMajor,
      double fill, boolean fold) {
    int h = image.height();
    int w = image.width();
    int c = image.channels();
    Image o = window.output(image, 1);
    int kh = window.height();
    int kw = window.width();
    int sh = window.strideRows();
    int sw = window.strideCols();
    int top = window.padTop(image);
    int left = window.padLeft(image);
    int rowLength = kh * kw * c;
    int step = channelMajor ? kh * kw : 1;
    int p = 0;
    for (int i = 0; i < n; i++) {
      int base = i * h * w * c;
      for (int oh = 0; oh < o.height(); oh++) {
        int y0 = oh * sh - top;
        for (int ow = 0; ow < o.width(); ow++, p += rowLength) {
          int x0 = ow * sw - left;
          boolean across = x0 >= 0 && x0 + kw <= w;
          for (int dy = 0; dy < kh; dy++) {
            int y = y0 + dy;
            boolean rowInside = y >= 0 && y < h;
            if (!channelMajor && rowInside && across) {
              // the window's row lies inside the image: KW*C contiguous elements both sides, one plain loop
              int from = base + (y * w + x0) * c;
              int to = p + dy * kw * c;
              int run = kw * c;
              if (fold) {
                for (int e = 0; e < run; e++) {
                  img[from + e] += cols[to + e];
                }
              } else {
                for (int e = 0; e < run; e++) {
                  cols[to + e] = img[from + e];
                }
              }
              continue;
            }
            for (int dx = 0; dx < kw; dx++) {
              int x = x0 + dx;
              // where this pixel's first channel goes in the patch
              int to = p + (channelMajor ? dy * kw + dx : (dy * kw + dx) * c);
              if (!rowInside || x < 0 || x >= w) {
                if (!fold) {
                  for (int ch = 0, t = to; ch < c; ch++, t += step) {
                    cols[t] = fill;
                  }
                }
                continue;
              }
              int from = base + (y * w + x) * c;
              if (fold) {
                for (int ch = 0, t = to; ch < c; ch++, t += step) {
                  img[from + ch] += cols[t];
                }
              } else {
                for (int ch = 0, t = to; ch < c; ch++, t += step) {
                  cols[t] = img[from + ch];
                }
              }
            }
          }
        }
      }
    }
  }

  @Override
  public void select(double[] key, double[] values, int n, Image image, Window window, double[] out) {
    argmax(key, values, n, image, window, out, false);
  }

  @Override
  public void route(double[] key, double[] grad, int n, Image image, Window window, double[] out) {
    Arrays.fill(out, 0, n * image.columns(), 0.0);
    argmax(key, grad, n, image, window, out, true);
  }

  /** Per-thread scratch for {@link #argmax}: the best key so far per channel, and where it is. */
  private static final ThreadLocal<double[]> BEST = ThreadLocal.withInitial(() -> new double[0]);
  private static final ThreadLocal<int[]> AT = ThreadLocal.withInitial(() -> new int[0]);

  /**
   * Finds each window's largest key per channel and either gathers the value there into {@code pooled}
   * ({@code route == false}; {@code data} the values, {@code pooled} the output) or adds the pooled gradient onto it
   * ({@code route == true}; {@code data} the pooled gradient, {@code pooled} the images' gradient).
   */
  private static void argmax(double[] key, double[] data, int n, Image image, Window window, double[] pooled,
      boolean route) {
    int h = image.height();
    int w = image.width();
    int c = image.channels();
    Image o = window.output(image, c);
    int top = window.padTop(image);
    int left = window.padLeft(image);
    double[] best = BEST.get();
    int[] at = AT.get();
    if (best.length < c) {
      best = new double[c];
      at = new int[c];
      BEST.set(best);
      AT.set(at);
    }
    int q = 0;
    for (int i = 0; i < n; i++) {
      int base = i * h * w * c;
      for (int oh = 0; oh < o.height(); oh++) {
        int y0 = Math.max(oh * window.strideRows() - top, 0);
        int y1 = Math.min(oh * window.strideRows() - top + window.height(), h);
        for (int ow = 0; ow < o.width(); ow++, q += c) {
          int x0 = Math.max(ow * window.strideCols() - left, 0);
          int x1 = Math.min(ow * window.strideCols() - left + window.width(), w);
          // every window holds at least one pixel of the image ('same' padding never exceeds the window)
          int first = base + (y0 * w + x0) * c;
          for (int ch = 0; ch < c; ch++) {
            best[ch] = key[first + ch];
            at[ch] = first + ch;
          }
          for (int y = y0; y < y1; y++) {
            for (int x = y == y0 ? x0 + 1 : x0; x < x1; x++) {
              int p = base + (y * w + x) * c;
              // a pixel's channels side by side: one short loop the compiler can keep free of branches
              for (int ch = 0; ch < c; ch++) {
                double v = key[p + ch];
                double b = best[ch];
                // NOTE: the first of tied elements wins, as in PyTorch's max_pool2d; a NaN wins. Arithmetic, not a
                // branch: which element wins is data, and a branch on it mispredicts (2x slower on random keys)
                int take = (v > b) | (v != v) ? 1 : 0;
                at[ch] += (p + ch - at[ch]) & -take;
                best[ch] = Math.max(b, v);
              }
            }
          }
          if (route) {
            for (int ch = 0; ch < c; ch++) {
              pooled[at[ch]] += data[q + ch];
            }
          } else {
            for (int ch = 0; ch < c; ch++) {
              pooled[q + ch] = data[at[ch]];
            }
          }
        }
      }
    }
  }
}
