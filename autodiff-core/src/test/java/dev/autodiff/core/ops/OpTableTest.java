package dev.autodiff.core.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autodiff.core.check.GradientCheck;
import dev.autodiff.core.check.GradientChecker;
import dev.autodiff.core.check.jqwik.GraphRecipe;
import dev.autodiff.core.exec.Feeds;
import dev.autodiff.core.exec.Program;
import dev.autodiff.core.grad.Gradients;
import dev.autodiff.core.graph.Graph;
import dev.autodiff.core.graph.Node;
import dev.autodiff.core.graph.Op;
import dev.autodiff.core.graph.Parameter;
import dev.autodiff.core.tensor.Axis;
import dev.autodiff.core.tensor.Image;
import dev.autodiff.core.tensor.Shape;
import dev.autodiff.core.tensor.Tensor;
import dev.autodiff.core.tensor.Window;
import java.io.File;
import java.net.URL;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One row per op (and per broadcasting form): the op, its input shapes, the domain each input is drawn from, which
 * inputs are differentiated, and the tolerance. Every row runs through the public gradient checker at first and
 * second order, and the shape rule is checked against the forward result.
 */
class OpTableTest {

  /** Draws one input element. */
  interface Domain {
    double draw(SplittableRandom r);
  }

  static Domain uniform(double lo, double hi) {
    return r -> lo + (hi - lo) * r.nextDouble();
  }

  /** Away from the kink at 0: {@code ±[lo, hi]}. */
  static Domain awayFromZero(double lo, double hi) {
    return r -> (r.nextBoolean() ? 1 : -1) * (lo + (hi - lo) * r.nextDouble());
  }

  static final Domain ANY = uniform(-2, 2);
  static final Domain POSITIVE = uniform(0.2, 3);
  static final Domain KINKED = awayFromZero(0.1, 2);
  static final Domain MASK = r -> r.nextBoolean() ? 1 : 0;

  record Row(String label, Op op, List<Shape> shapes, List<Domain> domains, boolean[] differentiated,
      double tolerance) {
    @Override
    public String toString() {
      return label;
    }
  }

  static final Shape S = Shape.scalar();
  static final Shape M23 = Shape.of(2, 3);
  static final Shape M32 = Shape.of(3, 2);
  static final Shape R13 = Shape.of(1, 3);
  static final Shape C21 = Shape.of(2, 1);

  static Row row(String label, Op op, List<Shape> shapes, Domain... domains) {
    boolean[] all = new boolean[shapes.size()];
    java.util.Arrays.fill(all, true);
    return new Row(label, op, shapes, List.of(domains), all, 1e-6);
  }

  static Row unary(Op op, Domain d) {
    return row(op.opName(), op, List.of(M23), d);
  }

  static Stream<Row> rows() {
    List<Row> rows = new ArrayList<>();
    rows.add(unary(Unary.NEG, ANY));
    rows.add(unary(Unary.EXP, ANY));
    rows.add(unary(Unary.LOG, POSITIVE));
    rows.add(unary(Unary.SQRT, POSITIVE));
    rows.add(unary(Unary.ABS, KINKED));
    rows.add(unary(Unary.SIGN, KINKED));
    rows.add(unary(Unary.TANH, ANY));
    rows.add(unary(Unary.SIGMOID, uniform(-6, 6)));
    rows.add(unary(Unary.RELU, KINKED));
    rows.add(unary(Unary.STEP, KINKED));
    rows.add(unary(Unary.SOFTPLUS, uniform(-6, 6)));
    rows.add(unary(Unary.SIN, uniform(-4, 4)));
    rows.add(unary(Unary.COS, uniform(-4, 4)));
    rows.add(unary(Unary.LOG1P, uniform(-0.7, 3)));
    rows.add(unary(Unary.EXPM1, ANY));
    rows.add(unary(Unary.ERF, uniform(-3, 3)));
    rows.add(row("neg scalar", Unary.NEG, List.of(S), ANY));
    for (Binary b : Binary.values()) {
      Domain d = b == Binary.DIV ? POSITIVE : ANY;
      rows.add(row(b.opName() + " same shape", b, List.of(M23, M23), d, d));
      rows.add(row(b.opName() + " scalar broadcast", b, List.of(M23, S), d, d));
      rows.add(row(b.opName() + " row broadcast", b, List.of(R13, M23), d, d));
      rows.add(row(b.opName() + " column broadcast", b, List.of(M23, C21), d, d));
    }
    rows.add(row("pow 2", Pow.of(2), List.of(M23), ANY));
    rows.add(row("pow 3", Pow.of(3), List.of(M23), ANY));
    rows.add(row("pow 0.5", Pow.of(0.5), List.of(M23), POSITIVE));
    rows.add(row("pow -1", Pow.of(-1), List.of(M23), POSITIVE));
    rows.add(row("pow 1.5", Pow.of(1.5), List.of(M23), POSITIVE));
    rows.add(row("matmul", MatMul.INSTANCE, List.of(M23, M32), ANY, ANY));
    rows.add(row("matmul vector", MatMul.INSTANCE, List.of(R13, Shape.of(3, 1)), ANY, ANY));
    rows.add(row("transpose", Transpose.INSTANCE, List.of(M23), ANY));
    rows.add(row("reshape", Reshape.to(M32), List.of(M23), ANY));
    rows.add(row("reshape to scalar", Reshape.to(S), List.of(Shape.of(1, 1)), ANY));
    rows.add(row("broadcast scalar", BroadcastTo.to(M23), List.of(S), ANY));
    rows.add(row("broadcast row", BroadcastTo.to(M23), List.of(R13), ANY));
    rows.add(row("broadcast column", BroadcastTo.to(M23), List.of(C21), ANY));
    rows.add(row("slice", Slice.of(0, 2, 1, 3), List.of(Shape.of(3, 3)), ANY));
    rows.add(row("pad", Pad.of(1, 1, Shape.of(3, 4)), List.of(M23), ANY));
    rows.add(row("concat rows", Concat.along(Axis.ROWS), List.of(M23, R13), ANY, ANY));
    rows.add(row("concat cols", Concat.along(Axis.COLUMNS), List.of(M23, C21, M23), ANY, ANY, ANY));
    rows.add(new Row("where", Where.INSTANCE, List.of(M23, M23, M23), List.of(MASK, ANY, ANY),
        new boolean[] {false, true, true}, 1e-6));
    rows.add(new Row("where broadcast", Where.INSTANCE, List.of(C21, S, M23), List.of(MASK, ANY, ANY),
        new boolean[] {false, true, true}, 1e-6));
    Image img = Image.of(3, 4, 2);
    rows.add(row("patches 2x2 valid", Patches.of(img, Window.square(2, Window.Padding.VALID), false, 0),
        List.of(Shape.of(2, 24)), ANY));
    rows.add(row("patches 3x3 same by channel", Patches.of(img, Window.square(3, Window.Padding.SAME), true, 0),
        List.of(Shape.of(2, 24)), ANY));
    rows.add(row("patches 2x3 stride 2 same, padding -1", Patches.of(img, Window.of(2, 3, 2, 2, Window.Padding.SAME),
        false, -1), List.of(Shape.of(1, 24)), ANY));
    rows.add(row("fold 2x2 valid", Fold.of(img, Window.square(2, Window.Padding.VALID), false),
        List.of(Shape.of(12, 8)), ANY));
    rows.add(row("fold 3x3 stride 2 same by channel", Fold.of(img, Window.of(3, 3, 2, 2,
        Window.Padding.SAME), true), List.of(Shape.of(8, 18)), ANY));
    rows.add(row("poolselect 2x2 valid", PoolSelect.of(img, Window.pool(2)), List.of(Shape.of(2, 24),
        Shape.of(2, 24)), ANY, ANY));
    rows.add(row("poolselect 3x3 stride 2 same", PoolSelect.of(img, Window.of(3, 3, 2, 2, Window.Padding.SAME)),
        List.of(Shape.of(2, 24), Shape.of(2, 24)), ANY, ANY));
    rows.add(row("poolroute 2x2 valid", PoolRoute.of(img, Window.pool(2)), List.of(Shape.of(2, 24),
        Shape.of(2, 4)), ANY, ANY));
    rows.add(row("poolroute 2x3 stride 1 same", PoolRoute.of(img, Window.of(2, 3, 1, 1, Window.Padding.SAME)),
        List.of(Shape.of(1, 24), Shape.of(1, 24)), ANY, ANY));
    rows.add(row("sum all", Sum.all(), List.of(M23), ANY));
    rows.add(row("sum rows", Sum.over(Axis.ROWS), List.of(M23), ANY));
    rows.add(row("sum cols", Sum.over(Axis.COLUMNS), List.of(M23), ANY));
    for (boolean max : new boolean[] {true, false}) {
      String n = max ? "amax" : "amin";
      rows.add(row(n + " all", new Extremum(max, null), List.of(M23), ANY));
      rows.add(row(n + " rows", new Extremum(max, Axis.ROWS), List.of(M23), ANY));
      rows.add(row(n + " cols", new Extremum(max, Axis.COLUMNS), List.of(M23), ANY));
    }
    rows.add(row("logsumexp all", LogSumExp.all(), List.of(M23), ANY));
    rows.add(row("logsumexp rows", LogSumExp.over(Axis.ROWS), List.of(M23), ANY));
    rows.add(row("logsumexp cols", LogSumExp.over(Axis.COLUMNS), List.of(M23), ANY));
    rows.add(row("softmax all", Softmax.all(), List.of(M23), ANY));
    rows.add(row("softmax rows", Softmax.over(Axis.ROWS), List.of(M23), ANY));
    rows.add(row("softmax cols", Softmax.over(Axis.COLUMNS), List.of(M23), ANY));
    rows.add(row("logsoftmax all", Softmax.logAll(), List.of(M23), ANY));
    rows.add(row("logsoftmax rows", Softmax.logOver(Axis.ROWS), List.of(M23), ANY));
    rows.add(row("logsoftmax cols", Softmax.logOver(Axis.COLUMNS), List.of(M23), ANY));
    return rows.stream();
  }

  /** Builds the row's op on parameters drawn from its domains; returns the output and the differentiated inputs. */
  record Built(Node out, List<Node> wrt, Feeds feeds) {}

  static Built build(Row row, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    Graph g = Graph.create();
    Node[] args = new Node[row.shapes().size()];
    List<Node> wrt = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      Shape s = row.shapes().get(i);
      double[] v = new double[s.size()];
      for (int e = 0; e < v.length; e++) {
        v[e] = row.domains().get(i).draw(random);
      }
      Parameter p = g.parameter("x" + i, Tensor.of(s, v));
      args[i] = p;
      if (row.differentiated()[i]) {
        wrt.add(p);
      }
    }
    return new Built(g.apply(row.op(), args), wrt, Feeds.empty());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void shapeRuleAgreesWithForward(Row row) {
    Built b = build(row, 1);
    Tensor value = Program.evaluate(b.out());
    assertEquals(b.out().shape(), value.shape());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void firstOrderGradientMatchesFiniteDifferences(Row row) {
    for (long seed = 1; seed <= 3; seed++) {
      Built b = build(row, seed);
      GradientCheck check = GradientChecker.create().withTolerance(row.tolerance()).check(b.out(), b.wrt(), b.feeds());
      assertTrue(check.passed(), () -> row + " seed " + b.out() + ": " + check);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void secondOrderGradientMatchesFiniteDifferences(Row row) {
    for (long seed = 1; seed <= 2; seed++) {
      Built b = build(row, seed);
      Graph g = b.out().graph();
      Node projected = b.out().shape().size() == 1 ? b.out().sum()
          : b.out().times(g.constant(Tensor.filled(b.out().shape(), 0.75))).sum();
      List<Node> grads = Gradients.gradients(projected, b.wrt());
      // A directional second derivative: sum_i <grad_i, R_i> differentiated again.
      Node inner = null;
      SplittableRandom r = new SplittableRandom(seed + 100);
      for (Node gi : grads) {
        double[] dir = new double[gi.shape().size()];
        for (int e = 0; e < dir.length; e++) {
          dir[e] = 0.5 + r.nextDouble();
        }
        Node term = gi.times(g.constant(Tensor.of(gi.shape(), dir))).sum();
        inner = inner == null ? term : inner.plus(term);
      }
      GradientCheck check = GradientChecker.create().withTolerance(Math.max(row.tolerance(), 1e-5))
          .check(inner, b.wrt(), b.feeds());
      assertTrue(check.passed(), () -> row + ": " + check);
    }
  }

  /** Every op in this package (each enum constant, each other class) must have a row. */
  @Test
  void everyOpHasARow() throws Exception {
    Set<String> covered = new HashSet<>();
    rows().forEach(r -> covered.add(key(r.op())));
    Set<String> missing = new TreeSet<>();
    for (Class<?> c : opClasses()) {
      if (c.isEnum()) {
        for (Object constant : c.getEnumConstants()) {
          if (!covered.contains(key((Op) constant))) {
            missing.add(c.getSimpleName() + "." + constant);
          }
        }
      } else if (!covered.contains(c.getName())) {
        missing.add(c.getSimpleName());
      }
    }
    assertTrue(missing.isEmpty(), "ops without a row in the op table: " + missing);
  }

  /** The registry knows every op of this package, and the table has a row for every primitive of the registry. */
  @Test
  void everyOpIsRegisteredAndEveryPrimitiveHasARow() throws Exception {
    Set<String> registered = new TreeSet<>();
    for (Primitives.Primitive p : Primitives.all()) {
      registered.add(p.name());
    }
    Set<String> unregistered = new TreeSet<>();
    for (Class<?> c : opClasses()) {
      for (String name : opNames(c)) {
        if (!registered.contains(name)) {
          unregistered.add(c.getSimpleName() + " " + name);
        }
      }
    }
    assertTrue(unregistered.isEmpty(), "ops missing from Primitives.all(): " + unregistered);
    Set<String> tabled = new HashSet<>();
    rows().forEach(r -> tabled.add(r.op().opName()));
    Set<String> untabled = new TreeSet<>(registered);
    untabled.removeAll(tabled);
    assertTrue(untabled.isEmpty(), "registered primitives without a row in the op table: " + untabled);
  }

  /** Every registered primitive appears in the random graphs: a one-step recipe of its code builds it. */
  @Test
  void randomGraphsApplyEveryPrimitive() {
    List<Primitives.Primitive> all = Primitives.all();
    Set<String> missing = new TreeSet<>();
    for (int code = 0; code < all.size(); code++) {
      GraphRecipe recipe = new GraphRecipe(List.of(M23, M32), List.of(new double[6], new double[6]),
          List.<int[]>of(new int[] {code, 0, 1}), false);
      String name = all.get(code).name();
      if (recipe.build(false).graph().nodes().stream().noneMatch(n -> n.op().opName().equals(name))) {
        missing.add(name);
      }
    }
    assertTrue(missing.isEmpty(), "primitives that random graphs never build: " + missing);
  }

  private static List<String> opNames(Class<?> c) {
    List<String> names = new ArrayList<>();
    if (c.isEnum()) {
      for (Object constant : c.getEnumConstants()) {
        names.add(((Op) constant).opName());
      }
    } else {
      for (Primitives.Primitive p : Primitives.all()) {
        for (Shape s : List.of(M23, S, R13, C21)) {
          for (Op op : p.instancesFor(java.util.Collections.nCopies(p.arity(), s))) {
            if (op.getClass() == c) {
              names.add(op.opName());
            }
          }
        }
      }
      if (names.isEmpty()) {
        names.add(c.getSimpleName() + " (no registered primitive makes it)");
      }
    }
    return names;
  }

  private static String key(Op op) {
    return op.getClass().isEnum() || op.getClass().getEnclosingClass() != null && op.getClass().getEnclosingClass().isEnum()
        ? ((Enum<?>) op).getDeclaringClass().getName() + "." + ((Enum<?>) op).name()
        : op.getClass().getName();
  }

  static List<Class<?>> opClasses() throws Exception {
    String pkg = Unary.class.getPackageName();
    URL root = Unary.class.getProtectionDomain().getCodeSource().getLocation();
    File dir = new File(new File(root.toURI()), pkg.replace('.', '/'));
    List<Class<?>> found = new ArrayList<>();
    for (String f : dir.list()) {
      if (f.endsWith(".class") && !f.contains("$")) {
        Class<?> c = Class.forName(pkg + "." + f.substring(0, f.length() - 6));
        if (Op.class.isAssignableFrom(c) && !c.isInterface()) {
          found.add(c);
        }
      }
    }
    assertTrue(found.size() >= 14, "expected the op classes of " + dir + ", found " + found);
    return found;
  }
}
