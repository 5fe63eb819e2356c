package dev.autodiff.core.ops;

import static dev.autodiff.core.Autodiff.avgPool;
import static dev.autodiff.core.Autodiff.conv2d;
import static dev.autodiff.core.Autodiff.gradients;
import static dev.autodiff.core.Autodiff.hessianVectorProduct;
import static dev.autodiff.core.Autodiff.maxPool;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autodiff.core.exec.Program;
import dev.autodiff.core.exec.Results;
import dev.autodiff.core.graph.Graph;
import dev.autodiff.core.graph.Node;
import dev.autodiff.core.tensor.Image;
import dev.autodiff.core.tensor.Shape;
import dev.autodiff.core.tensor.Tensor;
import dev.autodiff.core.tensor.Window;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Convolution and pooling against PyTorch float64: values, gradients and (for convolutions) Hessian-vector products
 * on fixed inputs, converted to the library's channels-last layout by {@code reference/conv_reference.py}, committed
 * with its output. TensorFlow's asymmetric 'same' padding is made there with an explicit pad.
 */
class ImagesReferenceTest {
  record Case(String name, String kind, int n, Image image, Window window, Map<String, Tensor> tensors) {
    @Override
    public String toString() {
      return name;
    }

    Tensor get(String suffix) {
      Tensor t = tensors.get(name + "." + suffix);
      assertTrue(t != null, "no " + name + "." + suffix + " in the reference file");
      return t;
    }
  }

  static Stream<Case> cases() throws IOException {
    List<Case> cases = new ArrayList<>();
    String text;
    try (InputStream in = ImagesReferenceTest.class.getResourceAsStream("/reference/conv_reference.txt")) {
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    Map<String, Tensor> tensors = new LinkedHashMap<>();
    for (String line : text.split("\n")) {
      String[] f = line.trim().split(" ");
      if (line.startsWith("#") || line.isBlank()) {
        continue;
      }
      if (f[0].equals("case")) {
        int[] v = new int[8];
        for (int i = 0; i < 8; i++) {
          v[i] = Integer.parseInt(f[3 + i]);
        }
        cases.add(new Case(f[1], f[2], v[0], Image.of(v[1], v[2], v[3]),
            Window.of(v[4], v[5], v[6], v[7], Window.Padding.valueOf(f[11].toUpperCase(Locale.ROOT))), tensors));
        continue;
      }
      int rows = Integer.parseInt(f[1]);
      int cols = Integer.parseInt(f[2]);
      double[] values = new double[rows * cols];
      for (int i = 0; i < values.length; i++) {
        values[i] = Double.parseDouble(f[3 + i]);
      }
      tensors.put(f[0], Tensor.of(Shape.of(rows, cols), values));
    }
    assertEquals(9, cases.size());
    return cases.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void matchesPyTorch(Case c) {
    Graph g = Graph.create();
    Node x = g.parameter("x", c.get("x"));
    Node w = g.constant(c.get("w"));
    if (c.kind().equals("conv")) {
      Node k = g.parameter("k", c.get("k"));
      Node b = g.parameter("b", c.get("b"));
      Node y = Images.conv2d(x, c.image(), k, b, c.window());
      Node loss = y.tanh().times(w).sum();
      List<Node> grads = gradients(loss, x, k, b);
      Node hvp = hessianVectorProduct(loss, x, g.constant(c.get("v")));
      Results r = Program.compile(y, grads.get(0), grads.get(1), grads.get(2), hvp).run();
      close(c, "y", r.get(y));
      close(c, "dx", r.get(grads.get(0)));
      close(c, "dk", r.get(grads.get(1)));
      close(c, "db", r.get(grads.get(2)));
      close(c, "hvp", r.get(hvp));
    } else {
      Node y = c.kind().equals("max") ? maxPool(x, c.image(), c.window()) : avgPool(x, c.image(), c.window());
      Node dx = gradients(y.times(w).sum(), x).get(0);
      Results r = Program.compile(y, dx).run();
      close(c, "y", r.get(y));
      close(c, "dx", r.get(dx));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void theStaticFunctionsAreTheComposites(Case c) {
    if (!c.kind().equals("conv")) {
      return;
    }
    Graph g = Graph.create();
    Node x = g.parameter("x", c.get("x"));
    Node k = g.parameter("k", c.get("k"));
    Node withoutBias = conv2d(x, c.image(), k, c.window());
    assertEquals(Images.conv2d(x, c.image(), k, null, c.window()), withoutBias);  // hash-consed: one node
  }

  private static void close(Case c, String what, Tensor got) {
    Tensor want = c.get(what);
    assertEquals(want.shape(), got.shape(), c + " " + what);
    for (int i = 0; i < want.size(); i++) {
      double e = want.at(i);
      assertEquals(e, got.at(i), 1e-12 * Math.max(1, Math.abs(e)), c + " " + what + " element " + i);
    }
  }
}
