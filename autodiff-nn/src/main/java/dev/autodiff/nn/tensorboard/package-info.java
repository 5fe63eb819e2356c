/**
 * TensorBoard event files: a writer of scalars, histograms ({@link dev.autodiff.nn.tensorboard.Histogram}) and
 * graphs ({@link dev.autodiff.nn.tensorboard.GraphDef}: a model's layers as TensorBoard's collapsible groups), a
 * reader that checks every record, and a training callback that writes all three. The protobuf messages are encoded
 * by the protobuf library from descriptors built at run time (no protoc in the build). Depends on core, nn's models,
 * losses and training, and protobuf; nothing else in nn depends on it.
 */
package dev.autodiff.nn.tensorboard;
