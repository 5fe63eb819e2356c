/**
 * autodiff-nn: layers, models, losses, optimizers and training, built only on what autodiff-core exports (this
 * descriptor makes the compiler hold nn to that).
 */
module dev.autodiff.nn {
  requires transitive dev.autodiff.core;
  requires com.google.common;
  requires com.google.protobuf;

  exports dev.autodiff.nn;
  exports dev.autodiff.nn.classic;
  exports dev.autodiff.nn.io;
  exports dev.autodiff.nn.onnx;
  exports dev.autodiff.nn.optim;
  exports dev.autodiff.nn.spark;
  exports dev.autodiff.nn.tensorboard;
  exports dev.autodiff.nn.train;
}
