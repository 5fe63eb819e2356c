package dev.autodiff.examples.data;

import dev.autodiff.core.tensor.Tensor;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Fisher's Iris data shipped with the examples (see {@code autodiff-examples/data/iris/SOURCE.md}). */
public final class Iris {
  /**
   * The samples.
   *
   * @param features 150 x 4: sepal length, sepal width, petal length, petal width (cm)
   * @param labels 0 setosa, 1 versicolor, 2 virginica
   * @param classes the class names
   */
  public record Data(Tensor features, int[] labels, List<String> classes) {}

  private Iris() {}

  public static Data load() throws IOException {
    InputStream in = Iris.class.getResourceAsStream("/data/iris/iris.csv");
    if (in == null) {
      throw new IOException("iris: the shipped file iris.csv is missing from the jar");
    }
    return parse(in, "iris.csv");
  }

  /** Parses scikit-learn's iris.csv layout, checking every line. */
  public static Data parse(InputStream in, String name) throws IOException {
    try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String header = r.readLine();
      if (header == null) {
        throw new IOException(name + ": empty");
      }
      String[] h = header.split(",");
      if (h.length != 5) {
        throw new IOException(name + ": header '" + header + "' is not 'samples,features,class1,class2,class3'");
      }
      int n;
      int d;
      try {
        n = Integer.parseInt(h[0]);
        d = Integer.parseInt(h[1]);
      } catch (NumberFormatException e) {
        throw new IOException(name + ": header '" + header + "' does not start with two counts", e);
      }
      if (n <= 0 || d != 4) {
        throw new IOException(name + ": header says " + n + " samples of " + d + " features; expected 4 features");
      }
      double[] x = new double[n * d];
      int[] labels = new int[n];
      for (int i = 0; i < n; i++) {
        String line = r.readLine();
        if (line == null) {
          throw new IOException(name + ": truncated: " + i + " of " + n + " samples");
        }
        String[] f = line.split(",");
        if (f.length != d + 1) {
          throw new IOException(name + ": line " + (i + 2) + " has " + f.length + " fields, expected " + (d + 1));
        }
        try {
          for (int j = 0; j < d; j++) {
            x[i * d + j] = Double.parseDouble(f[j]);
            if (!Double.isFinite(x[i * d + j])) {
              throw new NumberFormatException("not finite");
            }
          }
          labels[i] = Integer.parseInt(f[d]);
        } catch (NumberFormatException e) {
          throw new IOException(name + ": line " + (i + 2) + " '" + line + "' is not numbers", e);
        }
        if (labels[i] < 0 || labels[i] > 2) {
          throw new IOException(name + ": line " + (i + 2) + ": class " + labels[i] + " is not 0, 1 or 2");
        }
      }
      if (r.readLine() != null) {
        throw new IOException(name + ": more lines than the " + n + " samples the header announces");
      }
      return new Data(Tensor.matrix(n, d, x), labels, List.of(h[2], h[3], h[4]));
    }
  }
}
