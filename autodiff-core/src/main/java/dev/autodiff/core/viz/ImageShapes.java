package dev.autodiff.core.viz;

import dev.autodiff.core.graph.Node;
import dev.autodiff.core.tensor.Image;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which drawn nodes are batches of images, and of what geometry: what an op reads an input as or writes
 * ({@link dev.autodiff.core.graph.Op#inputImage}, {@link dev.autodiff.core.graph.Op#outputImage}), carried through
 * elementwise ops of the same shape in both directions (a ReLU between a convolution and a pooling is an image
 * too). Sweeps forward and backward until nothing changes, four rounds at most; each sweep is linear in the nodes.
 */
final class ImageShapes {
  private ImageShapes() {}

  /** The geometry of each node of {@code nodes} (in creation order) that is a batch of images. */
  static Map<Node, Image> of(List<Node> nodes) {
    Map<Node, Image> images = new HashMap<>();
    for (Node n : nodes) {
      if (n.isLeaf()) {
        continue;
      }
      n.op().outputImage().ifPresent(g -> images.put(n, g));
      for (int i = 0; i < n.arity(); i++) {
        Node in = n.input(i);
        n.op().inputImage(i).filter(g -> fits(in, g)).ifPresent(g -> images.putIfAbsent(in, g));
      }
    }
    // carried through elementwise ops of the same shape, forward and backward, until nothing changes: an image
    // found going backward may reach later elementwise consumers going forward again
    // (at most a few rounds, so drawing stays linear in the graph whatever its shape)
    for (int round = 0; round < 4 && (forward(nodes, images) | backward(nodes, images)); round++) {
      // each round only adds
    }
    return images;
  }

  /** An elementwise op of an image is the same image. */
  private static boolean forward(List<Node> nodes, Map<Node, Image> images) {
    boolean changed = false;
    for (Node n : nodes) {
      if (!n.isLeaf() && n.op().elementwise() && !images.containsKey(n)) {
        for (int i = 0; i < n.arity(); i++) {
          Image g = images.get(n.input(i));
          if (g != null && n.input(i).shape().equals(n.shape())) {
            images.put(n, g);
            changed = true;
            break;
          }
        }
      }
    }
    return changed;
  }

  /** The same-shaped inputs of an elementwise op that makes an image are that image. */
  private static boolean backward(List<Node> nodes, Map<Node, Image> images) {
    boolean changed = false;
    for (int k = nodes.size() - 1; k >= 0; k--) {
      Node n = nodes.get(k);
      Image g = images.get(n);
      if (g != null && !n.isLeaf() && n.op().elementwise()) {
        for (int i = 0; i < n.arity(); i++) {
          Node in = n.input(i);
          if (in.shape().equals(n.shape()) && !in.isLeaf() && !images.containsKey(in)) {
            images.put(in, g);
            changed = true;
          }
        }
      }
    }
    return changed;
  }

  private static boolean fits(Node n, Image g) {
    return !n.shape().isScalar() && n.shape().cols() == g.columns();
  }

  /** {@code 32 x 28x28x8}: the batch's rows, then each row's image. */
  static String text(Node n, Image g) {
    return n.shape().rows() + " x " + g;
  }
}
