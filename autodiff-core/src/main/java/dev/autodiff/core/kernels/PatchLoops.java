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
   * Visits every (image, window position, window element): copies the image's element to the patch's
   * ({@code fold == false}) or adds the patch's to the image's ({@code fold == true}).
   */
  private static void walk(double[] img, double[] cols, int n, Image image, Window window, boolean channelMajor,
      double fill, boolean fold) {
    int h = image.height();
    int w = image.width();
    int c = image.channels();
    Image o = window.output(image, 1);
    int kh = window.height();
    int kw = window.width();
    int top = window.padTop(image);
    int left = window.padLeft(image);
    int rowLength = kh * kw * c;
    int p = 0;
    for (int i = 0; i < n; i++) {
      int base = i * h * w * c;
      for (int oh = 0; oh < o.height(); oh++) {
        int y0 = oh * window.strideRows() - top;
        for (int ow = 0; ow < o.width(); ow++, p += rowLength) {
          int x0 = ow * window.strideCols() - left;
          boolean inside = x0 >= 0 && x0 + kw <= w;
          for (int dy = 0; dy < kh; dy++) {
            int y = y0 + dy;
            boolean rowInside = y >= 0 && y < h;
            if (!channelMajor && inside && rowInside) {
              int from = base + (y * w + x0) * c;
              int to = p + dy * kw * c;
              if (fold) {
                for (int e = 0; e < kw * c; e++) {
                  img[from + e] += cols[to + e];
                }
              } else {
                System.arraycopy(img, from, cols, to, kw * c);
              }
              continue;
            }
            for (int dx = 0; dx < kw; dx++) {
              int x = x0 + dx;
              boolean in = rowInside && x >= 0 && x < w;
              int from = base + (y * w + x) * c;
              for (int ch = 0; ch < c; ch++) {
                int to = p + (channelMajor ? (ch * kh + dy) * kw + dx : (dy * kw + dx) * c + ch);
                if (fold) {
                  if (in) {
                    img[from + ch] += cols[to];
                  }
                } else {
                  cols[to] = in ? img[from + ch] : fill;
                }
              }
            }
          }
        }
      }
    }
  }
}
