package dev.autodiff.examples.data;

import dev.autodiff.core.io.AtomicFiles;
import dev.autodiff.core.tensor.Tensor;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Random;
import javax.imageio.ImageIO;

/** Square grey images stored as rows of a matrix (28 x 28 = 784 values in [0, 1]): augmentation and PNG grids. */
public final class Images {
  private Images() {}

  /**
   * Each row rotated by {@code degrees} about the centre and shifted by {@code (dx, dy)} pixels, sampled with
   * bilinear interpolation (outside the image is 0).
   */
  public static double[] transform(double[] img, int side, double degrees, double dx, double dy) {
    double[] out = new double[side * side];
    double c = (side - 1) / 2.0;
    double cos = Math.cos(Math.toRadians(degrees));
    double sin = Math.sin(Math.toRadians(degrees));
    for (int y = 0; y < side; y++) {
      for (int x = 0; x < side; x++) {
        // Inverse map: where in the source does output pixel (x, y) come from?
        double ux = x - c - dx;
        double uy = y - c - dy;
        double sx = cos * ux + sin * uy + c;
        double sy = -sin * ux + cos * uy + c;
        out[y * side + x] = bilinear(img, side, sx, sy);
      }
    }
    return out;
  }

  private static double bilinear(double[] img, int side, double x, double y) {
    int x0 = (int) Math.floor(x);
    int y0 = (int) Math.floor(y);
    double fx = x - x0;
    double fy = y - y0;
    return (1 - fx) * (1 - fy) * at(img, side, x0, y0) + fx * (1 - fy) * at(img, side, x0 + 1, y0)
        + (1 - fx) * fy * at(img, side, x0, y0 + 1) + fx * fy * at(img, side, x0 + 1, y0 + 1);
  }

  private static double at(double[] img, int side, int x, int y) {
    return x < 0 || y < 0 || x >= side || y >= side ? 0 : img[y * side + x];
  }

  /** Random small shifts (up to {@code maxShift} pixels) and rotations (up to {@code maxDegrees}) of each row. */
  public static Tensor augment(Tensor batch, int side, double maxShift, double maxDegrees, Random r) {
    double[] all = batch.toArray();
    int n = side * side;
    double[] out = new double[all.length];
    double[] img = new double[n];
    for (int row = 0; row < batch.rows(); row++) {
      System.arraycopy(all, row * n, img, 0, n);
      double deg = (2 * r.nextDouble() - 1) * maxDegrees;
      double dx = (2 * r.nextDouble() - 1) * maxShift;
      double dy = (2 * r.nextDouble() - 1) * maxShift;
      System.arraycopy(transform(img, side, deg, dx, dy), 0, out, row * n, n);
    }
    return Tensor.of(batch.shape(), out);
  }

  /**
   * Writes rows of images as a PNG grid: {@code rows.length} lines of images, each line one matrix of
   * {@code columns} images (white digits on black, each pixel scaled {@code zoom} times).
   */
  public static void writeGrid(Path file, Tensor[] lines, int side, int columns, int zoom) throws IOException {
    int w = columns * (side + 1) * zoom;
    int h = lines.length * (side + 1) * zoom;
    BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    for (int line = 0; line < lines.length; line++) {
      for (int k = 0; k < Math.min(columns, lines[line].rows()); k++) {
        for (int y = 0; y < side; y++) {
          for (int x = 0; x < side; x++) {
            double v = Math.max(0, Math.min(1, lines[line].get(k, y * side + x)));
            int g = (int) Math.round(255 * v);
            int rgb = (g << 16) | (g << 8) | g;
            for (int zy = 0; zy < zoom; zy++) {
              for (int zx = 0; zx < zoom; zx++) {
                image.setRGB((k * (side + 1) + x) * zoom + zx, (line * (side + 1) + y) * zoom + zy, rgb);
              }
            }
          }
        }
      }
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ImageIO.write(image, "png", bytes);
    AtomicFiles.write(file, bytes.toByteArray());
  }
}
