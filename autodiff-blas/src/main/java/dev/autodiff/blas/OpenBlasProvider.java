package dev.autodiff.blas;

import dev.autodiff.core.kernels.MatMulKernel;
import dev.autodiff.core.kernels.MatMulKernelProvider;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.openblas.global.openblas_nolapack;

/**
 * Registers {@link OpenBlasKernel} with core's kernel selection ({@code META-INF/services}). Loading extracts the
 * native library bundled in the {@code org.bytedeco:openblas} jar (linux-x86_64) into JavaCPP's cache; on other
 * platforms it fails and core keeps its pure-Java kernel, logging the reason.
 */
public final class OpenBlasProvider implements MatMulKernelProvider {
  @Override
  public String name() {
    return "openblas";
  }

  @Override
  public int priority() {
    return 100;
  }

  @Override
  public MatMulKernel create() {
    Loader.load(openblas_nolapack.class);
    return new OpenBlasKernel(openblas_nolapack.OPENBLAS_VERSION.trim().replace("OpenBLAS ", ""));
  }
}
