/**
 * ONNX export: {@link dev.autodiff.nn.onnx.OnnxExport} writes a model as a standard ONNX file for ONNX Runtime and
 * other tools. The ONNX messages are classes generated at build time from ONNX's published schema
 * ({@code src/main/proto/onnx.proto}) into {@code dev.autodiff.nn.onnx.proto}, which module-info does not export.
 * Depends on nn's layers and core's {@code io}.
 */
package dev.autodiff.nn.onnx;
