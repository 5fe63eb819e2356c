/**
 * autodiff-core: symbolic computation graphs with automatic differentiation.
 *
 * <p>Exports the API packages. Not exported: the engine's doors to storage ({@code tensor.internal},
 * {@code graph.internal}) and the OpenBLAS kernel ({@code kernels.openblas}), which is found as a service. jqwik (for
 * {@code check.jqwik}) and OpenBLAS are optional: add them to use those parts.
 */
module dev.autodiff.core {
  requires com.google.common;
  requires static net.jqwik.api;
  requires static org.bytedeco.javacpp;
  requires static org.bytedeco.openblas;

  exports dev.autodiff.core;
  exports dev.autodiff.core.check;
  exports dev.autodiff.core.check.jqwik;
  exports dev.autodiff.core.exec;
  exports dev.autodiff.core.grad;
  exports dev.autodiff.core.graph;
  exports dev.autodiff.core.io;
  exports dev.autodiff.core.kernels;
  exports dev.autodiff.core.ops;
  exports dev.autodiff.core.print;
  exports dev.autodiff.core.tensor;
  exports dev.autodiff.core.viz;

  uses dev.autodiff.core.kernels.MatMulKernelProvider;

  provides dev.autodiff.core.kernels.MatMulKernelProvider with dev.autodiff.core.kernels.openblas.OpenBlasProvider;
}
