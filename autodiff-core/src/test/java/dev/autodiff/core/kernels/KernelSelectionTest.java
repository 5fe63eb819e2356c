package dev.autodiff.core.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autodiff.core.kernels.openblas.OpenBlasProvider;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/**
 * The rule that picks the matrix kernel: priorities, failures with their reasons (missing classes included), providers
 * that cannot be loaded, wrong answers refused, forcing.
 */
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
  void aProviderWhoseOptionalLibraryIsMissingFallsBackQuietlyWithTheReasonKept() {
    MatMulKernel fast = new Named("fast");
    NoClassDefFoundError missing = new NoClassDefFoundError("org/bytedeco/javacpp/Loader");
    Kernels.Choice c = Kernels.choose(List.of(new Provider("native", 100, null, missing),
        new Provider("fast", 10, fast, null)), "");
    assertSame(fast, c.kernel());
    assertTrue(c.description().contains("native unavailable: java.lang.NoClassDefFoundError: org/bytedeco"),
        c.description());
    // logged at DEBUG, not INFO: a user who did not add the optional library has nothing to fix
    assertTrue(Kernels.absent(missing));
    assertTrue(Kernels.absent(new IllegalStateException("not on the class path", new ClassNotFoundException())));
    assertFalse(Kernels.absent(new UnsatisfiedLinkError("no libopenblas for this platform")));
  }

  @Test
  void aProviderThatCannotBeLoadedIsSkippedAndTheSearchGoesOn() throws IOException {
    Path dir = Files.createTempDirectory("providers");
    try {
      Path services = dir.resolve("META-INF/services/" + MatMulKernelProvider.class.getName());
      Files.createDirectories(services.getParent());
      Files.writeString(services, "dev.autodiff.core.kernels.NoSuchProvider\n" + OpenBlasProvider.class.getName()
          + "\n");
      try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()},
          KernelSelectionTest.class.getClassLoader())) {
        List<String> notes = new ArrayList<>();
        List<MatMulKernelProvider> found = Kernels.discover(
            ServiceLoader.load(MatMulKernelProvider.class, loader).iterator(), notes);
        // the broken entry is noted; the next one (found also on the parent's class path) is still loaded
        assertTrue(found.stream().anyMatch(p -> p instanceof OpenBlasProvider), found.toString());
        assertEquals(1, notes.size(), notes.toString());
        assertTrue(notes.get(0).contains("NoSuchProvider"), notes.toString());
      }
    } finally {
      try (var files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
      }
    }
  }

  @Test
  void aLinkageErrorWhileLookingUpProvidersIsNotedAndTheSearchGoesOn() {
    MatMulKernelProvider fine = new Provider("fine", 1, new Named("fine"), null);
    Iterator<MatMulKernelProvider> lookup = new Iterator<>() {
      int calls;

      @Override
      public boolean hasNext() {
        return calls < 2;
      }

      @Override
      public MatMulKernelProvider next() {
        if (calls++ == 0) {
          throw new NoClassDefFoundError("org/bytedeco/javacpp/Pointer");
        }
        return fine;
      }
    };
    List<String> notes = new ArrayList<>();
    assertEquals(List.of(fine), Kernels.discover(lookup, notes));
    assertTrue(notes.get(0).contains("provider lookup failed: java.lang.NoClassDefFoundError"), notes.toString());
  }

  @Test
  void aLookupThatFailsForeverStops() {
    Iterator<MatMulKernelProvider> broken = new Iterator<>() {
      @Override
      public boolean hasNext() {
        throw new ServiceConfigurationError("unreadable configuration file");
      }

      @Override
      public MatMulKernelProvider next() {
        throw new AssertionError("not reached");
      }
    };
    List<String> notes = new ArrayList<>();
    assertTrue(Kernels.discover(broken, notes).isEmpty());
    assertFalse(notes.isEmpty());
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
