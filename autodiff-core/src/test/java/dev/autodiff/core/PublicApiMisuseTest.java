package dev.autodiff.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autodiff.core.check.GradientCheck;
import dev.autodiff.core.check.GradientChecker;
import dev.autodiff.core.check.jqwik.GraphArbitraries;
import dev.autodiff.core.check.jqwik.GraphRecipe;
import dev.autodiff.core.exec.Feeds;
import dev.autodiff.core.exec.NonFiniteValueException;
import dev.autodiff.core.exec.OutputBuffers;
import dev.autodiff.core.exec.Program;
import dev.autodiff.core.exec.Results;
import dev.autodiff.core.grad.BackwardPass;
import dev.autodiff.core.grad.Gradients;
import dev.autodiff.core.graph.Constant;
import dev.autodiff.core.graph.Graph;
import dev.autodiff.core.graph.Input;
import dev.autodiff.core.graph.Node;
import dev.autodiff.core.graph.Notation;
import dev.autodiff.core.graph.Op;
import dev.autodiff.core.graph.Parameter;
import dev.autodiff.core.ops.Primitives;
import dev.autodiff.core.graph.Step;
import dev.autodiff.core.io.AtomicFiles;
import dev.autodiff.core.kernels.Kernels;
import dev.autodiff.core.kernels.MatMulKernel;
import dev.autodiff.core.ops.Binary;
import dev.autodiff.core.ops.BroadcastTo;
import dev.autodiff.core.ops.Concat;
import dev.autodiff.core.ops.Extremum;
import dev.autodiff.core.ops.LogSumExp;
import dev.autodiff.core.ops.Pad;
import dev.autodiff.core.ops.Pow;
import dev.autodiff.core.ops.Reshape;
import dev.autodiff.core.ops.Slice;
import dev.autodiff.core.ops.Softmax;
import dev.autodiff.core.ops.Sum;
import dev.autodiff.core.print.Formula;
import dev.autodiff.core.tensor.Axis;
import dev.autodiff.core.tensor.MutableTensor;
import dev.autodiff.core.tensor.Shape;
import dev.autodiff.core.tensor.Tensor;
import dev.autodiff.core.testing.MisuseProbe;
import dev.autodiff.core.viz.BackpropTrace;
import dev.autodiff.core.viz.DotOptions;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.function.DoubleUnaryOperator;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every public method and constructor of autodiff-core, called with a null for each reference argument, a null
 * element for each array or list, and -1 and 1,000,000 for each int or long, answers with a clear error or a result,
 * never with a NullPointerException, an index error or an allocation of absurd size. The rules (what passes, how a
 * message must name the method) are {@link MisuseProbe}'s; this class holds core's sample table, its exclusions and
 * the temporary list of offenders whose fixes are pending in files another change is rewriting.
 */
class PublicApiMisuseTest {
  @TempDir Path dir;

  /** Core's sample table: one receiver per line; the first of a type is also its argument sample. */
  static MisuseProbe coreSamples(MisuseProbe probe, Path dir) {
    MatMulKernel kernel = Kernels.matmul();
    int threads = Kernels.threads();
    return probe
        .sample(Graph.class, s -> Graph.create(), s -> Graph.createUnsimplified())
        .sample(Parameter.class, s -> s.get(Graph.class).parameter(s.name(), Tensor.matrix(2, 2, 1, 2, 3, 4)))
        .sample(Input.class, s -> s.get(Graph.class).input(s.name(), Shape.of(2, 2)))
        .sample(Node.class,
            s -> s.get(Parameter.class).times(2.0),
            s -> s.get(Parameter.class).sum(),
            s -> s.get(Parameter.class),
            s -> s.get(Input.class))
        .sample(Tensor.class, s -> Tensor.matrix(2, 2, 0.5, 0.25, 1, 2), s -> Tensor.scalar(0.5))
        .sample(Shape.class, s -> Shape.of(2, 2), s -> Shape.scalar())
        .sample(dev.autodiff.core.tensor.Image.class, s -> dev.autodiff.core.tensor.Image.of(2, 1, 2))
        .sample(dev.autodiff.core.tensor.Window.class, s -> dev.autodiff.core.tensor.Window.pool(1))
        .sample(dev.autodiff.core.ops.Patches.class, s -> dev.autodiff.core.ops.Patches.of(
            dev.autodiff.core.tensor.Image.of(2, 1, 2), dev.autodiff.core.tensor.Window.pool(1), false, 0))
        .sample(dev.autodiff.core.ops.PoolSelect.class, s -> dev.autodiff.core.ops.PoolSelect.of(
            dev.autodiff.core.tensor.Image.of(2, 1, 2), dev.autodiff.core.tensor.Window.pool(1)))
        .sample(dev.autodiff.core.ops.PoolRoute.class, s -> dev.autodiff.core.ops.PoolRoute.of(
            dev.autodiff.core.tensor.Image.of(2, 1, 2), dev.autodiff.core.tensor.Window.pool(1)))
        .sample(Constant.class, s -> new Constant(Tensor.scalar(1)))
        .sample(Feeds.class, s -> Feeds.empty(), s -> Feeds.of(s.get(Input.class), s.get(Tensor.class)))
        .sample(Program.class, s -> Program.compile(s.get(Node.class)))
        .sample(Results.class, s -> Program.compile(s.get(Node.class)).run())
        .sample(OutputBuffers.class, s -> Program.compile(s.get(Node.class)).newOutputBuffers())
        .sample(MutableTensor.class, s -> MutableTensor.copyOf(s.get(Tensor.class)))
        .sample(GradientChecker.class, s -> GradientChecker.create())
        .sample(GradientCheck.class, s -> GradientChecker.create().check(s.get(Parameter.class).sum(),
            s.get(Parameter.class)))
        .sample(GradientCheck.Entry.class, s -> s.get(GradientCheck.class).entries().get(0))
        .sample(GradientCheck.Culprit.class,
            s -> new GradientCheck.Culprit(s.get(Node.class), s.get(GradientCheck.class)))
        .sample(dev.autodiff.core.grad.Linearization.class,
            s -> Gradients.linearize(s.get(Parameter.class).square(), s.get(Parameter.class)))
        .sample(BackwardPass.class, s -> Gradients.backward(s.get(Parameter.class).square().sum()))
        .sample(BackwardPass.Step.class, s -> s.get(BackwardPass.class).steps().get(0))
        .sample(BackwardPass.Contribution.class, s -> s.get(BackwardPass.class).steps().stream()
            .flatMap(step -> step.contributions().stream()).findFirst().orElseThrow())
        .sample(BackpropTrace.class, s -> BackpropTrace.of(s.get(Parameter.class).square().sum(), Feeds.empty()))
        .sample(BackpropTrace.Step.class, s -> s.get(BackpropTrace.class).steps().get(0))
        .sample(BackpropTrace.Contribution.class, s -> s.get(BackpropTrace.class).steps().stream()
            .flatMap(step -> step.contributions().stream()).findFirst().orElseThrow())
        .sample(DotOptions.class, s -> DotOptions.defaults())
        .sample(Graph.Scope.class, s -> s.get(Graph.class).scope(s.name()))
        .sample(Notation.class, s -> Notation.infix("+", Notation.ADDITIVE, "+"))
        .sample(Op.class, s -> Binary.ADD)
        .sample(MatMulKernel.class, s -> Kernels.reference(), s -> Kernels.blocked())
        .sample(Primitives.Primitive.class, s -> Primitives.all().get(0))
        .sample(BroadcastTo.class, s -> BroadcastTo.to(Shape.of(2, 2)))
        .sample(Concat.class, s -> Concat.along(Axis.ROWS))
        .sample(Extremum.class, s -> Extremum.amax())
        .sample(LogSumExp.class, s -> LogSumExp.all())
        .sample(Softmax.class, s -> Softmax.all())
        .sample(Pad.class, s -> Pad.of(0, 0, Shape.of(2, 2)))
        .sample(Pow.class, s -> Pow.of(2))
        .sample(Reshape.class, s -> Reshape.to(Shape.of(4, 1)))
        .sample(Slice.class, s -> Slice.of(0, 1, 0, 1))
        .sample(Sum.class, s -> Sum.all())
        .sample(GraphRecipe.class, s -> GraphArbitraries.recipes(3).sample())
        .sample(GraphRecipe.Built.class, s -> s.get(GraphRecipe.class).build(false))
        .sample(java.util.Map.class, s -> java.util.Map.of(s.get(Parameter.class), "p"))
        .sample(String.class, s -> s.name())
        .sample(Object.class, s -> "object")
        .sample(Path.class, s -> dir.resolve(s.name() + ".txt"))
        .sample(byte[].class, s -> new byte[] {1, 2, 3})
        .sample(double[].class, s -> new double[] {0.5, 0.25, 1, 2})
        .sample(double[][].class, s -> new double[][] {{1, 2}, {3, 4}})
        .sample(int[].class, s -> new int[] {0, 1})
        .sample(long[].class, s -> new long[] {2, 3})
        .sample(boolean[].class, s -> new boolean[] {true})
        .sample(Function.class, s -> Formula.NAMES)
        .sample(DoubleUnaryOperator.class, s -> (DoubleUnaryOperator) Math::tanh)
        .sample(PrintStream.class, s -> new PrintStream(OutputStream.nullOutputStream()))
        .sample(NonFiniteValueException.class, s -> {
          try {
            Program.compile(s.get(Parameter.class).neg().log()).checkingFinite().run();
          } catch (NonFiniteValueException e) {
            return e;
          }
          throw new AssertionError("log of a negative number was finite");
        })
        // A gradient needs a scalar output: where the output is taken, the sample is the matrix sample's sum.
        .argument("Dot.gradientGraph(", 0, s -> s.get(Node.class).sum())
        .argument("Gradients.", 0, s -> s.get(Node.class).sum())
        .argument("Autodiff.grad", 0, s -> s.get(Node.class).sum())
        .argument("Autodiff.hessian", 0, s -> s.get(Node.class).sum())
        .argument("GradientChecker.check(", 0, s -> s.get(Node.class).sum())
        .argument("BackpropTrace.of(Node, Feeds)", 0, s -> s.get(Node.class).sum())
        .argument("Parameter.update(", 0, s -> (Parameter.Update) (value, scratch) -> {})
        .argumentOnly(Parameter.Update.class, "implemented by callers (optimizers); the library only calls it",
            s -> (Parameter.Update) (value, scratch) -> {})
        .argumentOnly(Step.Computation.class, "implemented by ops when they plan a step; the library only calls it",
            s -> (Step.Computation) (in, out) -> {})
        .argumentOnly(AtomicFiles.Content.class, "implemented by callers; the library only calls it",
            s -> (AtomicFiles.Content) out -> out.write(1))
        // NOTE: a probe of setMatmul or setThreads changes the process's kernel; put it back after every call.
        .afterEach(() -> {
          Kernels.setMatmul(kernel);
          Kernels.setThreads(threads);
        });
  }

  /** Op names that differ from the method that builds them. */
  static MisuseProbe coreAliases(MisuseProbe probe) {
    return probe
        .alias("Node.plus", "add").alias("Node.minus", "sub").alias("Node.rminus", "sub")
        .alias("Node.times", "mul").alias("Node.rdiv", "div")
        .alias("Node.slice", "slice").alias("Node.rows", "slice").alias("Node.cols", "slice")
        .alias("Autodiff.where", "where").alias("Where.select", "where")
        .alias("Gradients.gradients", "grad").alias("Autodiff.gradients", "grad")
        // BackpropTrace's and BackwardPass's messages start with the operation they belong to
        .alias("BackpropTrace.*", "trace").alias("BackwardPass.*", "backward")
        // apply's messages name the op being applied, and the sample op is Binary.ADD
        .alias("Graph.apply", "add")
        // multiply is gemm without transposes; checkGemm is gemm's own check
        .alias("MatMulKernel.multiply", "gemm").alias("Kernels.checkGemm", "gemm")
        .alias("Linearization.apply", "jvp").alias("BroadcastTo.*", "broadcast").alias("GraphRecipe.*", "recipe");
  }

  static MisuseProbe coreExclusions(MisuseProbe probe) {
    return probe
        // Op's engine interface: Graph.apply (probed) checks the inputs and calls shape(); the executor calls
        // forward() and the gradient vjp() with buffers and nodes it made itself, in the innermost loop.
        .excludeImplementationsOf(Op.class, "engine interface", "shape", "forward", "vjp", "simplify", "step")
        // The executor's planned steps, run with the buffers it made (Op.step above plans them).
        .exclude("Step.", "engine interface: made by Op.step and run by Program with its own buffers")
        // The kernels' loops: ops call them from forward() with the program's buffers, sized by shapes that
        // Graph.apply checked; a check per call would sit in the innermost loop of every node of every run.
        .exclude("UnaryFunction.apply(", "kernel loop, called with buffers sized by checked shapes")
        .exclude("BinaryFunction.apply(", "kernel loop, called with buffers sized by checked shapes")
        .exclude("Reducer.reduce(", "kernel loop, called with buffers sized by checked shapes")
        .exclude("Normalizer.apply(", "kernel loop, called with buffers sized by checked shapes")
        .exclude("ElementwiseKernel.", "kernel interface, called by ops' forward() with checked shapes")
        .exclude("ReductionKernel.", "kernel interface, called by ops' forward() with checked shapes")
        .exclude("PatchKernel.", "kernel interface, called by ops' forward() with checked shapes")
        // Loads only with org.bytedeco on the class path, which core's default tests leave out on purpose;
        // OpenBlasKernelTest runs it against the reference kernel (its gemm calls Kernels.checkGemm first).
        .exclude("OpenBlasKernel.", "needs bytedeco, absent from the default test class path")
        // Require.checkNotNull's job is to throw IllegalArgumentException with the caller's message on a null.
        .exclude("Require.checkNotNull(", "throws on null with the caller's message by design")
        // The unexported doors to storage (tensor.internal, graph.internal): installed once by Tensor and Parameter
        // and called by the engine with values it holds; not API, so not part of the promise.
        .exclude("TensorStorage.", "not exported: the engine's door to tensor storage")
        .exclude("ParameterStorage.", "not exported: the engine's door to parameter storage")
        .exclude("Graphs.", "not exported: the engine's choice of graph for an operation on several nodes")
        // Providers are found by ServiceLoader; the probe has no sample of the interface itself.
        .exclude("MatMulKernelProvider.", "a ServiceLoader interface; its implementation is probed as a class");
  }

  private MisuseProbe probe() {
    MisuseProbe probe = MisuseProbe.ofModuleOf(Autodiff.class);
    return coreExclusions(coreAliases(coreSamples(probe, dir)));
  }

  @Test
  void everyPublicMemberRefusesNullsAndBadSizesClearly() throws Exception {
    MisuseProbe.Report report = probe().run();
    System.out.printf("misuse probe (core): %d members, %d calls, %d expected offenders pending%n",
        report.members(), report.calls(), report.stillExpected().size());
    assertEquals("", report.problems());
    assertTrue(report.members() > 150, "probed only " + report.members() + " members");
  }

  @Test
  void equalsNullIsFalse() throws Exception {
    assertEquals(List.of(), probe().equalsNullOffenders());
  }
}
