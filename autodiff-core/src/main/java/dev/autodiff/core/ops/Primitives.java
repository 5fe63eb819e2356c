package dev.autodiff.core.ops;

import dev.autodiff.core.graph.Op;
import dev.autodiff.core.tensor.Axis;
import dev.autodiff.core.tensor.Image;
import dev.autodiff.core.tensor.Shape;
import dev.autodiff.core.tensor.Window;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * The registry of the built-in primitive ops, for everything that must cover them all: the op table test, the
 * random graphs of {@link dev.autodiff.core.check.jqwik.GraphArbitraries}, documentation. A test fails when an op
 * of this package is missing here, so a new primitive is registered or the build is red.
 *
 * <p>Each entry is one primitive (an enum constant, or an op type with attributes) and says which instances fit
 * given input shapes: {@code sum} offers its three axes for any input, {@code matmul} fits only when the inner
 * dimensions agree.
 */
public final class Primitives {

  /**
   * One primitive.
   *
   * @param name the op's name
   * @param arity the number of inputs
   * @param instances the instances of the op that fit inputs of the given shapes (none, if none fits)
   */
  public record Primitive(String name, int arity, Function<List<Shape>, List<Op>> instances) {
    /** The instances that fit {@code shapes}. */
    public List<Op> instancesFor(List<Shape> shapes) {
      dev.autodiff.core.Require.checkNotNull(shapes, "instancesFor: %s: shapes are null", name);
      for (int i = 0; i < shapes.size(); i++) {
        dev.autodiff.core.Require.checkNotNull(shapes.get(i), "instancesFor: %s: shape %s is null", name, i);
      }
      return shapes.size() == arity ? instances.apply(shapes) : List.of();
    }
  }

  private static final List<Primitive> ALL = build();

  private Primitives() {}

  /** Every built-in primitive, in a fixed order. */
  public static List<Primitive> all() {
    return ALL;
  }

  private static List<Primitive> build() {
    List<Primitive> all = new ArrayList<>();
    for (Unary u : Unary.values()) {
      all.add(new Primitive(u.opName(), 1, s -> List.of(u)));
    }
    for (Binary b : Binary.values()) {
      all.add(new Primitive(b.opName(), 2, s -> fits(s.get(0), s.get(1)) ? List.of(b) : List.of()));
    }
    all.add(new Primitive("pow", 1, s -> List.of(Pow.of(3), Pow.of(0.5), Pow.of(-1))));
    all.add(new Primitive("matmul", 2, s -> !s.get(0).isScalar() && !s.get(1).isScalar()
        && s.get(0).cols() == s.get(1).rows() ? List.of(MatMul.INSTANCE) : List.of()));
    all.add(new Primitive("transpose", 1, s -> List.of(Transpose.INSTANCE)));
    all.add(new Primitive("reshape", 1, s -> List.of(Reshape.to(
        s.get(0).isScalar() ? Shape.of(1, 1) : Shape.of(s.get(0).cols(), s.get(0).rows())))));
    all.add(new Primitive("slice", 1, s -> {
      Shape x = s.get(0);
      if (x.isScalar() || x.size() == 1) {
        return List.of();
      }
      return List.of(x.rows() > 1 ? Slice.of(1, x.rows(), 0, x.cols()) : Slice.of(0, 1, 0, x.cols() - 1));
    }));
    all.add(new Primitive("pad", 1, s -> s.get(0).isScalar() ? List.of()
        : List.of(Pad.of(1, 0, Shape.of(s.get(0).rows() + 1, s.get(0).cols())))));
    all.add(new Primitive("patches", 1, s -> {
      Shape x = s.get(0);
      if (x.isScalar() || x.cols() < 2) {
        return List.of();
      }
      List<Op> fit = new ArrayList<>();
      fit.add(Patches.of(Image.of(1, x.cols(), 1), Window.of(1, 2, 1, 1, Window.Padding.VALID), false, 0));
      if (x.cols() % 2 == 0) {
        fit.add(Patches.of(Image.of(1, x.cols() / 2, 2), Window.of(1, 2, 1, 1, Window.Padding.SAME), true, 0));
      }
      return fit;
    }));
    all.add(new Primitive("fold", 1, s -> {
      Shape x = s.get(0);
      if (x.isScalar()) {
        return List.of();
      }
      if (x.cols() == 1) {  // a 1x1 window of stride 2 over a row of 2r - 1 pixels: every other pixel
        return List.of(Fold.of(Image.of(1, 2 * x.rows() - 1, 1), Window.of(1, 1, 1, 2, Window.Padding.VALID),
            false));
      }
      // a 1 x k window of stride 1 over a row of r + k - 1 pixels of cols/k channels: r overlapping patches
      int k = 2;
      while (x.cols() % k != 0) {
        k++;
      }
      return List.of(Fold.of(Image.of(1, x.rows() + k - 1, x.cols() / k),
          Window.of(1, k, 1, 1, Window.Padding.VALID), false));
    }));
    all.add(new Primitive("poolselect", 2, s -> s.get(0).isScalar() || !s.get(0).equals(s.get(1))
        ? List.of() : pools(s.get(0).cols()).stream().map(w -> (Op) PoolSelect.of(w.image(), w.window())).toList()));
    all.add(new Primitive("poolroute", 2, s -> s.get(0).isScalar() || !s.get(0).equals(s.get(1))
        ? List.of() : pools(s.get(0).cols()).stream().map(w -> (Op) PoolRoute.of(w.image(), w.window())).toList()));
    all.add(new Primitive("broadcast", 1, s -> {
      Shape x = s.get(0);
      Shape target = x.isScalar() ? Shape.of(2, 3) : x.rows() == 1 ? Shape.of(3, x.cols())
          : x.cols() == 1 ? Shape.of(x.rows(), 3) : null;
      return target == null ? List.of() : List.of(BroadcastTo.to(target));
    }));
    all.add(new Primitive("concat", 2, s -> {
      Shape a = s.get(0);
      Shape b = s.get(1);
      if (a.isScalar() || b.isScalar()) {
        return List.of();
      }
      List<Op> fit = new ArrayList<>();
      if (a.rows() == b.rows()) {
        fit.add(Concat.along(Axis.COLUMNS));
      }
      if (a.cols() == b.cols()) {
        fit.add(Concat.along(Axis.ROWS));
      }
      return fit;
    }));
    all.add(new Primitive("where", 3, s -> {
      Shape ab = fits(s.get(1), s.get(2)) ? (s.get(1).broadcastsTo(s.get(2)) ? s.get(2) : s.get(1)) : null;
      Shape out = ab != null && fits(s.get(0), ab) ? (s.get(0).broadcastsTo(ab) ? ab : s.get(0)) : null;
      return out != null && s.stream().allMatch(x -> x.broadcastsTo(out)) ? List.of(Where.INSTANCE) : List.of();
    }));
    all.add(new Primitive("sum", 1, s -> List.of(Sum.all(), Sum.over(Axis.ROWS), Sum.over(Axis.COLUMNS))));
    for (boolean max : new boolean[] {true, false}) {
      all.add(new Primitive(max ? "amax" : "amin", 1, s -> Arrays.asList(
          new Extremum(max, null), new Extremum(max, Axis.ROWS), new Extremum(max, Axis.COLUMNS))));
    }
    all.add(new Primitive("logsumexp", 1, s -> List.of(LogSumExp.all(), LogSumExp.over(Axis.ROWS),
        LogSumExp.over(Axis.COLUMNS))));
    all.add(new Primitive("softmax", 1, s -> List.of(Softmax.all(), Softmax.over(Axis.ROWS),
        Softmax.over(Axis.COLUMNS))));
    all.add(new Primitive("logsoftmax", 1, s -> List.of(Softmax.logAll(), Softmax.logOver(Axis.ROWS),
        Softmax.logOver(Axis.COLUMNS))));
    return List.copyOf(all);
  }

  /** An image and a pooling window over it. */
  private record Pool(Image image, Window window) {}

  /** Poolings that keep {@code cols} columns ('same', stride 1), so key and gradient may be one shape. */
  private static List<Pool> pools(int cols) {
    List<Pool> fit = new ArrayList<>();
    fit.add(new Pool(Image.of(1, cols, 1), Window.of(1, 2, 1, 1, Window.Padding.SAME)));
    if (cols % 2 == 0) {
      fit.add(new Pool(Image.of(1, cols / 2, 2), Window.of(1, 3, 1, 1, Window.Padding.SAME)));
    }
    return fit;
  }

  private static boolean fits(Shape a, Shape b) {
    return a.broadcastsTo(b) || b.broadcastsTo(a);
  }
}
