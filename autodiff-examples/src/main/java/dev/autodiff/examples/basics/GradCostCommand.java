package dev.autodiff.examples.basics;

import dev.autodiff.core.exec.Feeds;
import dev.autodiff.core.exec.Program;
import dev.autodiff.core.grad.Gradients;
import dev.autodiff.core.graph.Graph;
import dev.autodiff.core.graph.Input;
import dev.autodiff.core.graph.Node;
import dev.autodiff.core.graph.Parameter;
import dev.autodiff.core.tensor.Shape;
import dev.autodiff.core.tensor.Tensor;
import dev.autodiff.examples.Command;
import dev.autodiff.examples.Csv;
import dev.autodiff.examples.Option;
import dev.autodiff.examples.Options;
import dev.autodiff.examples.Output;
import dev.autodiff.examples.Plots;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * {@code gradcost}: all K partial derivatives by backprop cost about one more evaluation, O(K); by central finite
 * differences 2K evaluations of O(K) each, O(K^2). The lecture's argument, timed.
 */
public final class GradCostCommand implements Command {
  @Override
  public String name() {
    return "gradcost";
  }

  @Override
  public String summary() {
    return "time for all K partial derivatives: backprop O(K) against finite differences O(K^2) (table, log-log plot)";
  }

  static final Option<Integer> MAX = Option.integer("max", 4096, 16, 1 << 20, "largest K; K = 16, 32, ... up to it");
  static final Option<Integer> REPEATS = Option.integer("repeats", 5, 1, 1000,
      "timing repeats, the median is reported");

  @Override
  public List<Option<?>> options() {
    return List.of(MAX, REPEATS);
  }

  @Override
  public int run(Options o, Output out) throws Exception {
    int max = o.get(MAX);
    int repeats = o.get(REPEATS);
    out.println("loss L(w) = sum_i tanh(w_i x_i)^2 / K over a K-vector of weights; times are medians of " + repeats);
    out.println("        K | backprop (ms) | finite differences (ms) | ratio");
    List<Double> ks = new ArrayList<>();
    List<Double> back = new ArrayList<>();
    List<Double> fd = new ArrayList<>();
    Csv csv = Csv.of("k", "backprop_ms", "finite_differences_ms");
    for (int k = 16; k <= max; k *= 2) {
      Graph g = Graph.create();
      Random r = new Random(k);
      double[] w0 = new double[k];
      double[] xs = new double[k];
      for (int i = 0; i < k; i++) {
        w0[i] = r.nextGaussian();
        xs[i] = r.nextGaussian();
      }
      Parameter w = g.parameter("w", Tensor.row(w0));
      Input x = g.input("x", Shape.of(1, k));
      Node loss = w.times(x).tanh().square().sum().div(k);
      Node grad = Gradients.grad(loss, w);
      Program withGrad = Program.compile(loss, grad);
      Program lossOnly = Program.compile(loss);
      Feeds feeds = Feeds.of(x, Tensor.row(xs));
      double[] tb = new double[repeats];
      double[] tf = new double[repeats];
      double check = 0;
      withGrad.run(feeds);  // warm up both paths before timing
      lossOnly.run(feeds);
      for (int rep = 0; rep < repeats; rep++) {
        long t0 = System.nanoTime();
        Tensor g1 = withGrad.run(feeds).get(grad);
        tb[rep] = (System.nanoTime() - t0) / 1e6;
        t0 = System.nanoTime();
        double[] numeric = new double[k];
        double eps = 1e-6;
        for (int i = 0; i < k; i++) {
          double[] plus = w0.clone();
          plus[i] += eps;
          double[] minus = w0.clone();
          minus[i] -= eps;
          double fp = lossOnly.run(feeds.with(w, Tensor.row(plus))).scalar(loss);
          double fm = lossOnly.run(feeds.with(w, Tensor.row(minus))).scalar(loss);
          numeric[i] = (fp - fm) / (2 * eps);
        }
        tf[rep] = (System.nanoTime() - t0) / 1e6;
        check = Math.max(check, maxDiff(g1.toArray(), numeric));
      }
      double mb = median(tb);
      double mf = median(tf);
      out.printf("%9d | %13.3f | %23.3f | %6.0f   (max |difference| %.1e)%n", k, mb, mf, mf / mb, check);
      ks.add((double) k);
      back.add(mb);
      fd.add(mf);
      csv.row(k, mb, mf);
    }
    int n = ks.size();
    double slopeBack = Math.log(back.get(n - 1) / back.get(n / 2)) / Math.log(ks.get(n - 1) / ks.get(n / 2));
    double slopeFd = Math.log(fd.get(n - 1) / fd.get(n / 2)) / Math.log(ks.get(n - 1) / ks.get(n / 2));
    out.printf("log-log slopes over the larger half: backprop %.2f (O(K) is 1), finite differences "
        + "%.2f (O(K^2) is 2)%n", slopeBack, slopeFd);
    out.csv("gradcost.csv", csv);
    out.plot("gradcost", new Plots.Line("Time for all K partial derivatives", "K (parameters)", "milliseconds")
        .series("backprop", toArray(ks), toArray(back)).series("finite differences", toArray(ks), toArray(fd))
        .logX().logY());
    return 0;
  }

  private static double maxDiff(double[] a, double[] b) {
    double m = 0;
    for (int i = 0; i < a.length; i++) {
      m = Math.max(m, Math.abs(a[i] - b[i]));
    }
    return m;
  }

  static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  }

  private static double[] toArray(List<Double> v) {
    return v.stream().mapToDouble(Double::doubleValue).toArray();
  }
}
