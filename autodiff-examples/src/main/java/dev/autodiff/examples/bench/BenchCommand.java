package dev.autodiff.examples.bench;

import dev.autodiff.core.kernels.Kernels;
import dev.autodiff.core.tensor.Image;
import dev.autodiff.examples.Command;
import dev.autodiff.examples.Csv;
import dev.autodiff.examples.Option;
import dev.autodiff.examples.Options;
import dev.autodiff.examples.Output;
import dev.autodiff.examples.spark.SparkCommand;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;

/**
 * {@code bench}: every performance workload, ours and the peers' (PyTorch, NumPy, a micrograd-style Python engine)
 * side by side on this machine, alternating, several repetitions each; one table of medians with min and max.
 */
public final class BenchCommand implements Command {
  static final String PYTHON = "/usr/bin/python3";

  /** Where the Spark rows come from: they need Spark on the class path, which the jar leaves out. */
  static final String SPARK_ROWS = "Spark rows (a full-batch iteration on 1 and 2 partitions against one JVM, the "
      + "scaling, the overhead of a Spark step): not in this table, they need Spark on the class path; run\n"
      + "  " + SparkCommand.MAVEN + " -Dspark.args=\"--bench\"\n";

  @Override
  public String name() {
    return "bench";
  }

  @Override
  public String summary() {
    return "performance against PyTorch / NumPy, side by side: matmul, MLP training, XOR steps, scalar graphs, ...";
  }

  static final Option<Boolean> QUICK = Option.flag("quick",
      "a short run (one repetition, small sizes): a smoke test, not a measurement");
  static final Option<Integer> REPS = Option.integer("reps", 5, 1, 1000,
      "repetitions per workload, 1 with --quick");

  @Override
  public List<Option<?>> options() {
    return List.of(QUICK, REPS);
  }

  /** One measured row. */
  record Row(String workload, String unit, boolean higherIsBetter, double[] ours, double[] peer, String target,
      Double targetRatio) {}

  @Override
  public int run(Options o, Output out) throws Exception {
    boolean quick = o.get(QUICK);
    int reps = quick && !o.given(REPS) ? 1 : o.get(REPS);
    int cores = Runtime.getRuntime().availableProcessors();
    out.println("bench on " + cores + " cores, Java " + System.getProperty("java.version") + ", kernel "
        + Kernels.selection() + "; " + reps + " repetitions, medians [min, max]" + (quick ? " (QUICK)" : ""));
    Path script = extractScript();
    String peerInfo = peers(script);
    boolean havePeers = peerInfo != null;
    out.println(havePeers ? "peers: " + peerInfo
        : "peers: PyTorch/NumPy not found for " + PYTHON + "; install them with\n"
            + "  apt-get install python3-torch python3-numpy libopenblas0-pthread\n"
            + "and run again. Showing our figures only.");
    int restoreThreads = Kernels.threads();
    List<Row> rows = new ArrayList<>();
    try {
      int[] sizes = quick ? new int[] {64} : new int[] {256, 1024};
      for (int threads : new int[] {1, 2}) {
        for (int n : sizes) {
          rows.add(measure("matmul n=" + n + ", " + threads + " thread(s)", "GFLOP/s", true, reps,
              () -> Workloads.matmul(n, threads),
              havePeers ? () -> python(script, "matmul", threads, n) : null, ">= 0.9x OpenBLAS", 0.9));
        }
      }
      int steps = quick ? Workloads.BATCHES : 20 * Workloads.BATCHES;
      for (int[] bt : new int[][] {{32, 1, 2}, {128, 1, 15}, {512, 1, 0}, {512, 2, 0}}) {
        int batch = bt[0];
        int threads = bt[1];
        String target = bt[2] == 2 ? ">= 2x PyTorch" : bt[2] == 15 ? ">= 1.5x PyTorch" : "(see next row)";
        Double ratio = null;
        if (bt[2] == 2) {
          ratio = 2.0;
        } else if (bt[2] == 15) {
          ratio = 1.5;
        }
        final Double targetRatio = ratio;
        final int scale = quick ? 1 : Math.max(1, 128 / batch);  // small batches: more steps, so a rep is long enough
        rows.add(measure("MLP 784-256-128-10 Adam, batch " + batch + ", " + threads + " thread(s)", "samples/s",
            true, reps, () -> Workloads.mlp(batch, steps * scale, threads),
            havePeers ? () -> python(script, "mlp", threads, batch, steps * scale) : null, target, targetRatio));
      }
      Row one = rows.get(rows.size() - 2);
      Row two = rows.get(rows.size() - 1);
      rows.add(new Row("MLP batch 512: ours on 2 threads / ours on 1", "x", true, ratios(two.ours(), one.ours()),
          null, ">= 1.6", null));
      // the lecture notebook's CNN, against PyTorch in float64 and in float32, alternating per repetition
      int cnnSteps = quick ? Workloads.BATCHES : 8 * Workloads.BATCHES;
      for (int[] shape : new int[][] {{28, 28, 1}, {32, 32, 3}}) {
        for (int threads : new int[] {1, 2}) {
          rows.addAll(cnnRows(shape, threads, cnnSteps, reps, havePeers ? script : null));
        }
      }
      int xorSteps = quick ? 200 : 200_000;
      rows.add(measure("XOR 2-4-1 sigmoid, full-batch SGD", "steps/s", true, reps, () -> Workloads.xor(xorSteps),
          havePeers ? () -> python(script, "xor", 1, quick ? 200 : 5000) : null, ">= 100x PyTorch", 100.0));
      rows.add(measure("scalar MLP(2,[16,16,1]), 100 points", "ns/node/step", false, reps,
          () -> Workloads.scalar(quick ? 2 : 50), havePeers ? () -> python(script, "scalar", 1, quick ? 1 : 2) : null,
          "<= 100 ns/node", null));
      rows.add(measure("loss+gradients / loss alone (MLP, batch 128)", "x", false, reps,
          () -> Workloads.gradientCost(quick ? 3 : 30), null, "<= 3", null));
      rows.add(measure("Hessian-vector product / gradient", "x", false, reps, () -> Workloads.hvpCost(quick ? 3 : 50),
          null, "<= 5", null));
      rows.add(measure("allocation per training step (MLP, batch 128)", "bytes", false, reps,
          () -> Workloads.allocationPerStep(128, quick ? Workloads.BATCHES : 5 * Workloads.BATCHES), null, "close to 0", null));
      rows.addAll(jacobianRows(4, 256, true, reps, quick ? 20 : 500));
      rows.addAll(jacobianRows(256, 4, false, reps, quick ? 20 : 500));
      int[] chains = quick ? new int[] {10_000} : new int[] {10_000, 100_000, 1_000_000};
      for (int n : chains) {
        rows.add(measure("build + grad + compile, chain of " + n, "ns/node", false, reps, () -> Workloads.graphWork(n),
            null, "flat as n grows", null));
      }
      if (chains.length > 1) {
        rows.add(new Row("graph work per node: largest chain / smallest", "x", false,
            ratios(rows.get(rows.size() - 1).ours(), rows.get(rows.size() - chains.length).ours()), null,
            "1 is flat", null));
      }
    } finally {
      Kernels.setThreads(restoreThreads);
    }
    String table = table(rows, havePeers) + SPARK_ROWS;
    out.print(table);
    out.text("bench.md", table);
    out.csv("bench.csv", csv(rows));
    return 0;
  }

  /**
   * Forward- against reverse-accumulated Jacobians of one function from {@code R^in} to {@code R^out}, alternating
   * per repetition: each mode's us to build, compile and run one Jacobian, then how many times the mode
   * {@code jacobian} picks is faster than the other, once for the whole cost and once for compiled runs alone.
   */
  static List<Row> jacobianRows(int in, int out, boolean tall, int reps, int runs) {
    // Warm-up: else whichever mode goes first pays for the JIT compiling the graph builder.
    Workloads.jacobianTimes(in, out, true, runs);
    Workloads.jacobianTimes(in, out, false, runs);
    double[][] fwd = new double[2][reps];
    double[][] rev = new double[2][reps];
    for (int i = 0; i < reps; i++) {
      double[] f = Workloads.jacobianTimes(in, out, true, runs);
      double[] r = Workloads.jacobianTimes(in, out, false, runs);
      for (int k = 0; k < 2; k++) {
        fwd[k][i] = f[k];
        rev[k][i] = r[k];
      }
    }
    String fn = "Jacobian R^" + in + " -> R^" + out + " (" + (tall ? "tall" : "wide") + ")";
    // The mode jacobian() picks: forward when there are fewer inputs than outputs.
    double[][] picked = tall ? fwd : rev;
    double[][] other = tall ? rev : fwd;
    String ratio = tall ? "reverse / forward" : "forward / reverse";
    return List.of(
        new Row(fn + ", forward, build+compile+run", "us", false, fwd[0], null, "(see ratios)", null),
        new Row(fn + ", reverse, build+compile+run", "us", false, rev[0], null, "(see ratios)", null),
        new Row(fn + ": " + ratio + " time, build+compile+run", "x", true, ratios(other[0], picked[0]), null,
            ">= 1", null),
        new Row(fn + ": " + ratio + " time, compiled run", "x", true, ratios(other[1], picked[1]), null,
            ">= 1", null));
  }

  /**
   * Our CNN training throughput on {@code shape} images against PyTorch float64 and float32 on the same
   * architecture, batch 32, Adam: two rows sharing our measurements.
   */
  static List<Row> cnnRows(int[] shape, int threads, int steps, int reps, Path script) {
    Image image = Image.of(shape[0], shape[1], shape[2]);
    double[] ours = new double[reps];
    double[] f64 = script == null ? null : new double[reps];
    double[] f32 = script == null ? null : new double[reps];
    for (int i = 0; i < reps; i++) {
      ours[i] = Workloads.cnn(image, 32, steps, threads);
      if (script != null) {
        f64[i] = python(script, "cnn", threads, shape[0], shape[1], shape[2], 32, steps, 0);
        f32[i] = python(script, "cnn", threads, shape[0], shape[1], shape[2], 32, steps, 1);
      }
    }
    String name = "CNN conv8-pool-conv16-pool-128-10 on " + image + ", batch 32, " + threads + " thread(s)";
    return List.of(new Row(name + " vs PyTorch float64", "samples/s", true, ours, f64, ">= 2x PyTorch", 2.0),
        new Row(name + " vs PyTorch float32", "samples/s", true, ours, f32, ">= 1.5x PyTorch", 1.5));
  }

  static Row measure(String name, String unit, boolean higher, int reps, DoubleSupplier ours, DoubleSupplier peer,
      String target, Double targetRatio) {
    double[] a = new double[reps];
    double[] b = peer == null ? null : new double[reps];
    for (int i = 0; i < reps; i++) {
      a[i] = ours.getAsDouble();
      if (peer != null) {
        b[i] = peer.getAsDouble();
      }
    }
    return new Row(name, unit, higher, a, b, target, targetRatio);
  }

  /** {@code a[i] / b[i]} per repetition. */
  static double[] ratios(double[] a, double[] b) {
    double[] out = new double[a.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = a[i] / b[i];
    }
    return out;
  }

  static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  }

  static String num(double v) {
    if (Math.abs(v) >= 100) {
      return String.format(Locale.ROOT, "%,.0f", v);
    }
    return String.format(Locale.ROOT, "%.3g", v);
  }

  static String spread(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    return num(median(v)) + (v.length > 1 ? " [" + num(s[0]) + ", " + num(s[s.length - 1]) + "]" : "");
  }

  /** How many times better ours is (higher is better for throughput, lower for costs), per repetition. */
  static double[] advantage(Row r) {
    double[] out = new double[r.ours().length];
    for (int i = 0; i < out.length; i++) {
      out[i] = r.higherIsBetter() ? r.ours()[i] / r.peer()[i] : r.peer()[i] / r.ours()[i];
    }
    return out;
  }

  static String table(List<Row> rows, boolean havePeers) {
    StringBuilder b = new StringBuilder();
    b.append("| workload | unit | ours | peer | ours vs peer (x better) | target | met |\n");
    b.append("|---|---|---:|---:|---:|---|---|\n");
    for (Row r : rows) {
      String peer = r.peer() == null ? "" : spread(r.peer());
      String adv = r.peer() == null ? "" : spread(advantage(r));
      String met = "";
      if (r.targetRatio() != null) {
        // a target against a peer is judged only when the peer ran
        met = r.peer() == null ? "" : median(advantage(r)) >= r.targetRatio() ? "yes" : "no";
      } else if (r.target().startsWith("<= ")) {
        String bound = r.target().substring(3).split(" ")[0];
        met = median(r.ours()) <= Double.parseDouble(bound) ? "yes" : "no";
      } else if (r.target().startsWith(">= ")) {
        String bound = r.target().substring(3).split(" ")[0];
        met = median(r.ours()) >= Double.parseDouble(bound) ? "yes" : "no";
      }
      b.append("| ").append(r.workload()).append(" | ").append(r.unit()).append(" | ").append(spread(r.ours()))
          .append(" | ").append(peer).append(" | ").append(adv).append(" | ").append(r.target()).append(" | ")
          .append(met).append(" |\n");
    }
    if (!havePeers) {
      b.append("(no peers on this machine: ratios not measured)\n");
    }
    return b.toString();
  }

  static Csv csv(List<Row> rows) {
    Csv csv = Csv.of("workload", "unit", "ours_median", "ours_min", "ours_max", "peer_median");
    for (Row r : rows) {
      double[] s = r.ours().clone();
      Arrays.sort(s);
      csv.row(r.workload(), r.unit(), median(r.ours()), s[0], s[s.length - 1],
          r.peer() == null ? "" : String.valueOf(median(r.peer())));
    }
    return csv;
  }

  static Path extractScript() throws IOException {
    Path tmp = Files.createTempFile("autodiff-peers", ".py");
    tmp.toFile().deleteOnExit();
    try (InputStream in = BenchCommand.class.getResourceAsStream("/bench/peers.py")) {
      if (in == null) {
        throw new IOException("bench: peers.py is missing from the jar");
      }
      Files.write(tmp, in.readAllBytes());
    }
    return tmp;
  }

  /** The peers' versions, or null when PyTorch and NumPy cannot be imported. */
  static String peers(Path script) {
    try {
      String s = runPython(script, "info", "1");
      return s.contains("torch missing") ? null : s;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  static double python(Path script, String workload, int threads, int... args) {
    List<String> a = new ArrayList<>(List.of(workload, String.valueOf(threads)));
    for (int x : args) {
      a.add(String.valueOf(x));
    }
    try {
      return Double.parseDouble(runPython(script, a.toArray(new String[0])).strip());
    } catch (IOException e) {
      throw new IllegalStateException("bench: the peer run '" + String.join(" ", a) + "' failed: " + e.getMessage(), e);
    }
  }

  static String runPython(Path script, String... args) throws IOException {
    List<String> cmd = new ArrayList<>(List.of(PYTHON, script.toString()));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    byte[] out = p.getInputStream().readAllBytes();
    try {
      if (!p.waitFor(600, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IOException(new String(out, StandardCharsets.UTF_8).strip());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
    String text = new String(out, StandardCharsets.UTF_8).strip();
    String[] lines = text.split("\n");
    return lines[lines.length - 1];
  }
}
