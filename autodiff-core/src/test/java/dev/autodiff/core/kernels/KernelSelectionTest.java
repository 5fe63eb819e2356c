package dev.autodiff.core.kernels;

import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The rule that picks the matrix kernel: priorities, failures with their reasons, wrong answers refused, forcing. */
class KernelSelectionTest {
  record Provider(String name, int priority, MatMulKernel kernel, Error failure)
      implements MatMulKernelProvider {
    @Override
    public MatMulKernel create() {
      if (failure != null) {
        throw failure;
      }
      return kernel;
    }
  }

  /** Delegates to the reference under another name. */
  record Named(String name) implements MatMulKernel {
    @Override
    public void gemm(boolean transA, boolean transB, double[] a, double[] b, double[] c, int m, int k, int n) {
      Kernels.reference().gemm(transA, transB, a, b, c, m, k, n);
    }
  }

  /** Ignores the transpose flags: right on plain products, wrong otherwise. */
  record IgnoresTransposes() implements MatMulKernel {
    @Override
    public String name() {
      return "sloppy";
    }

    @Override
    public void gemm(boolean transA, boolean transB, double[] a, double[] b, double[] c, int m, int k, int n) {
      Kernels.reference().gemm(false, false, a, b, c, m, k, n);
    }
  }

  @Test
  void noProvidersMeansThePureJavaKernelWithNothingToExplain() {
    Kernels.Choice c = Kernels.choose(List.of(), "");
    assertSame(Kernels.blocked(), c.kernel());
    assertTrue(c.description().equals("blocked"), c.description());
  }

  @Test
  void theHighestPriorityProviderThatLoadsWins() {
    MatMulKernel fast = new Named("fast");
    MatMulKernel faster = new Named("faster");
    Kernels.Choice c = Kernels.choose(List.of(new Provider("fast", 10, fast, null),
        new Provider("faster", 20, faster, null)), "");
    assertSame(faster, c.kernel());
  }

  @Test
  void aProviderThatFailsToLoadFallsBackAndTheReasonIsKept() {
    MatMulKernel fast = new Named("fast");
    Kernels.Choice c = Kernels.choose(List.of(
        new Provider("native", 100, null, new UnsatisfiedLinkError("no libopenblas for this platform")),
        new Provider("fast", 10, fast, null)), "");
    assertSame(fast, c.kernel());
    assertTrue(c.description().contains("native unavailable") && c.description().contains("no libopenblas"),
        c.description());
  }

  @Test
  void aKernelThatGetsTransposesWrongIsNotUsed() {
    Kernels.Choice c = Kernels.choose(List.of(new Provider("sloppy", 100, new IgnoresTransposes(), null)), "");
    assertSame(Kernels.blocked(), c.kernel());
    assertTrue(c.description().contains("disagrees with the reference"), c.description());
  }

  @Test
  void aChoiceCanBeForced() {
    MatMulKernel fast = new Named("fast");
    List<MatMulKernelProvider> providers = List.of(new Provider("fast", 10, fast, null));
    assertSame(Kernels.blocked(), Kernels.choose(providers, "blocked").kernel());
    assertSame(Kernels.reference(), Kernels.choose(providers, "reference").kernel());
    assertSame(fast, Kernels.choose(providers, "fast").kernel());
    Kernels.Choice missing = Kernels.choose(providers, "mkl");
    assertSame(Kernels.blocked(), missing.kernel());
    assertTrue(missing.description().contains("no kernel named 'mkl'"), missing.description());
  }
}
