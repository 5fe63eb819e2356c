package dev.autodiff.core.kernels.openblas;

import dev.autodiff.core.kernels.MatMulKernel;
import dev.autodiff.core.kernels.MatMulKernelProvider;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.openblas.global.openblas_nolapack;

/**
 * Registers {@link OpenBlasKernel} with core's kernel selection ({@code META-INF/services} of autodiff-core).
 *
 * <p>{@code org.bytedeco:openblas} is an optional dependency of autodiff-core: users who want native products add
 * it (with its platform classifier, e.g. {@code linux-x86_64}, whose jar carries the native library). Without it
 * {@link #create} says so and core keeps its pure-Java kernel. With it, loading extracts the bundled native library
 * into JavaCPP's cache; on a platform whose natives are missing that fails and core falls back, logging why.
 *
 * <p>This class may be loaded without bytedeco on the class path: every reference to bytedeco's classes sits in
 * {@link Native}, which is loaded only once the classes are known to be there.
 */
public final class OpenBlasProvider implements MatMulKernelProvider {
  /** The class whose absence means {@code org.bytedeco:openblas} is not on the class path. */
  static final String BINDING = "org.bytedeco.openblas.global.openblas_nolapack";

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
    try {
      Class.forName(BINDING, false, OpenBlasProvider.class.getClassLoader());
    } catch (ClassNotFoundException | LinkageError e) {
      throw new IllegalStateException("org.bytedeco:openblas is not on the class path (add it, with the platform "
          + "classifier such as linux-x86_64, for native matrix products)", e);
    }
    return Native.load();
  }

  /** The only code here that names bytedeco's classes. */
  private static final class Native {
    static MatMulKernel load() {
      Loader.load(openblas_nolapack.class);
      return new OpenBlasKernel(openblas_nolapack.OPENBLAS_VERSION.trim().replace("OpenBLAS ", ""));
    }
  }
}
