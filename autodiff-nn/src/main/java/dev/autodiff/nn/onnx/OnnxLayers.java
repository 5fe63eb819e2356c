package dev.autodiff.nn.onnx;

import static dev.autodiff.nn.onnx.OnnxGraph.integer;
import static dev.autodiff.nn.onnx.OnnxGraph.ints;

import dev.autodiff.core.graph.Parameter;
import dev.autodiff.core.tensor.Image;
import dev.autodiff.core.tensor.Tensor;
import dev.autodiff.core.tensor.Window;
import dev.autodiff.nn.Activation;
import dev.autodiff.nn.AveragePool2D;
import dev.autodiff.nn.BatchNorm;
import dev.autodiff.nn.Conv2D;
import dev.autodiff.nn.Dense;
import dev.autodiff.nn.Ensemble;
import dev.autodiff.nn.Flatten;
import dev.autodiff.nn.Layer;
import dev.autodiff.nn.LayerNorm;
import dev.autodiff.nn.Layers;
import dev.autodiff.nn.MaxPool2D;
import dev.autodiff.nn.Parallel;
import dev.autodiff.nn.Sequential;
import dev.autodiff.nn.onnx.proto.OnnxProto.AttributeProto;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Each built-in layer's ONNX form, in one place: a new built-in layer type is one branch of {@link #layer}.
 *
 * <p>Between layers a batch is the library's {@code N x width} matrix. A convolution or pooling needs ONNX's
 * {@code N x C x H x W} instead, so the batch is reshaped to {@code N x H x W x C} and transposed before it, and
 * transposed back and reshaped to {@code N x (H*W*C)} (channels last) when a layer that needs the matrix comes;
 * image layers in a row, and the elementwise activations between them, stay in {@code N x C x H x W}.
 */
final class OnnxLayers {
  /** A tensor of the graph being written: a batch matrix ({@code image} null) or a batch of images in NCHW. */
  record Value(String name, int width, Image image) {
    static Value matrix(String name, int width) {
      return new Value(name, width, null);
    }
  }

  private final OnnxGraph g;
  /** Each parameter written once, however many layers use it. */
  private final Map<Parameter, String> weights = new HashMap<>();

  OnnxLayers(OnnxGraph g) {
    this.g = g;
  }

  /** {@code layer}'s ONNX nodes on {@code x}, built in {@code scope}. */
  Value layer(Layer layer, Value x, String scope) {
    if (layer instanceof Sequential s) {
      Value h = x;
      for (Layer l : s.layers()) {
        h = layer(l, h, scope);
      }
      return h;
    }
    if (layer instanceof Dense d) {
      return dense(d, matrix(x, scope), join(scope, d.name()));
    }
    if (layer instanceof Layers.ActivationLayer a) {
      return activation(a, x, scope);
    }
    if (layer instanceof Layers.Dropout || layer instanceof Layers.ActivityPenalty
        || layer instanceof Layers.Contractive) {
      return x;  // inference: dropout is off and penalties only add to the training loss
    }
    if (layer instanceof Flatten) {
      return matrix(x, scope);
    }
    if (layer instanceof Layers.PRelu p) {
      return prelu(p, matrix(x, scope), join(scope, p.name()));
    }
    if (layer instanceof BatchNorm b) {
      return batchNorm(b, matrix(x, scope), join(scope, b.name()));
    }
    if (layer instanceof LayerNorm l) {
      return layerNorm(l, matrix(x, scope), join(scope, l.name()));
    }
    if (layer instanceof Conv2D c) {
      return conv(c, images(x, c.input(), scope), join(scope, c.name()));
    }
    if (layer instanceof MaxPool2D p) {
      String s = join(scope, p.name());
      return pool("MaxPool", p.input(), p.window(), images(x, p.input(), scope), s);
    }
    if (layer instanceof AveragePool2D p) {
      String s = join(scope, p.name());
      return pool("AveragePool", p.input(), p.window(), images(x, p.input(), scope), s);
    }
    if (layer instanceof Ensemble e) {
      return ensemble(e, matrix(x, scope), scope);
    }
    if (layer instanceof Parallel p) {
      return parallel(p, matrix(x, scope), scope);
    }
    throw unsupported(layer, "");
  }

  private static IllegalArgumentException unsupported(Layer layer, String why) {
    return new IllegalArgumentException("onnx export: layer '" + layer.describe() + "' (" + layer.getClass().getName()
        + ") has no ONNX form" + why + "; the built-in layers export, a layer of your own does not");
  }

  private static String join(String scope, String name) {
    return scope.isEmpty() ? name : name.isEmpty() ? scope : scope + "/" + name;
  }

  /** {@code x} as an {@code N x width} matrix (channels last), from NCHW images if need be. */
  Value matrix(Value x, String scope) {
    if (x.image() == null) {
      return x;
    }
    String nhwc = g.op(scope, "Transpose", List.of(x.name()), ints("perm", 0, 2, 3, 1));
    String shape = g.int64s(join(scope, "shape"), 0, x.width());
    return Value.matrix(g.op(scope, "Reshape", List.of(nhwc, shape)), x.width());
  }

  /** {@code x} as NCHW images of {@code image}. */
  private Value images(Value x, Image image, String scope) {
    if (x.image() != null) {
      return x;  // the layers' own checks made sure the geometry is the one this layer takes
    }
    String shape = g.int64s(join(scope, "shape"), 0, image.height(), image.width(), image.channels());
    String nhwc = g.op(scope, "Reshape", List.of(x.name(), shape));
    return new Value(g.op(scope, "Transpose", List.of(nhwc), ints("perm", 0, 3, 1, 2)), x.width(), image);
  }

  private Value dense(Dense d, Value x, String scope) {
    String w = weight(d.weights());
    String b = weight(d.bias());
    String product = g.op(scope, "MatMul", List.of(x.name(), w));
    return Value.matrix(g.op(scope, "Add", List.of(product, b)), d.out());
  }

  /** A parameter as an initializer of its own shape and name. */
  private String weight(Parameter p) {
    return weights.computeIfAbsent(p, q -> {
      Tensor v = q.value();
      return g.weight(q.label(), dims(v), v.toArray());
    });
  }

  /** A {@code 1 x n} parameter as the 1-D tensor ONNX's normalization and convolution ops take. */
  private String vector(Parameter p) {
    Tensor v = p.value();
    return g.weight(p.label(), new long[] {v.size()}, v.toArray());
  }

  private static long[] dims(Tensor v) {
    return v.shape().isScalar() ? new long[0] : new long[] {v.rows(), v.cols()};
  }

  private Value activation(Layers.ActivationLayer layer, Value x, String scope) {
    Activation a = layer.activation();
    Activation parsed;
    try {
      parsed = Activation.parse(a.spec());
    } catch (IllegalArgumentException e) {
      throw unsupported(layer, ": its activation '" + a.spec() + "' is not one of Activation's");
    }
    String spec = parsed.spec();
    String name = spec.contains("(") ? spec.substring(0, spec.indexOf('(')) : spec;
    double arg = spec.contains("(") ? Double.parseDouble(spec.substring(spec.indexOf('(') + 1, spec.length() - 1))
        : Double.NaN;
    String s = join(scope, name);
    String in = x.name();
    String out;
    switch (name) {
      case "identity":
        return x;
      case "relu":
        out = g.op(s, "Relu", List.of(in));
        break;
      case "tanh":
        out = g.op(s, "Tanh", List.of(in));
        break;
      case "sigmoid":
        out = g.op(s, "Sigmoid", List.of(Double.isNaN(arg) ? in : g.op(s, "Div", List.of(in, g.scalar(arg)))));
        break;
      case "step":
        // [S > 0] as 1 or 0
        out = g.op(s, "Cast", List.of(g.op(s, "Greater", List.of(in, g.scalar(0)))),
            integer("to", g.type().getNumber()));
        break;
      case "softplus":
        // NOTE: max(S, 0) + log(1 + e^-|S|), the library's overflow-free form; ONNX's Softplus is log(e^S + 1),
        // which overflows for S > 709, and ONNX Runtime has no float64 kernel for it
        String tail = g.op(s, "Log", List.of(g.op(s, "Add", List.of(g.scalar(1),
            g.op(s, "Exp", List.of(g.op(s, "Neg", List.of(g.op(s, "Abs", List.of(in))))))))));
        out = g.op(s, "Add", List.of(g.op(s, "Relu", List.of(in)), tail));
        break;
      case "leaky_relu":
        // NOTE: where(S > 0, S, slope S): ONNX's LeakyRelu holds its slope as a float32 attribute, and 0.01 is not
        // a float32 number
        out = g.op(s, "Where", List.of(g.op(s, "Greater", List.of(in, g.scalar(0))), in,
            g.op(s, "Mul", List.of(in, g.scalar(arg)))));
        break;
      case "elu":
        // NOTE: where(S > 0, S, alpha (e^min(S, 0) - 1)): ONNX's Elu holds alpha as a float32 attribute and ONNX
        // Runtime has no float64 kernel for it; min keeps the unselected branch finite
        String positive = g.op(s, "Greater", List.of(in, g.scalar(0)));
        String em1 = g.op(s, "Sub", List.of(g.op(s, "Exp", List.of(g.op(s, "Min", List.of(in, g.scalar(0))))),
            g.scalar(1)));
        out = g.op(s, "Where", List.of(positive, in, g.op(s, "Mul", List.of(em1, g.scalar(arg)))));
        break;
      case "softmax":
        return Value.matrix(g.op(s, "Softmax", List.of(matrix(x, scope).name()), integer("axis", 1)), x.width());
      default:
        throw unsupported(layer, ": no ONNX form for activation '" + spec + "'");
    }
    return new Value(out, x.width(), x.image());
  }

  private Value prelu(Layers.PRelu p, Value x, String scope) {
    // ONNX's PRelu takes the slopes as a tensor (1 x width broadcasts over the batch), so they stay float64
    return Value.matrix(g.op(scope, "PRelu", List.of(x.name(), weight(p.slopes()))), x.width());
  }

  private Value batchNorm(BatchNorm b, Value x, String scope) {
    // NOTE: written as (x - running_mean) * (gamma / sqrt(running_var + eps)) + beta, the library's inference
    // formula, not as ONNX's BatchNormalization: that op holds epsilon as a float32 attribute (1e-5 is not one), so
    // its outputs would differ from predict's. The statistics keep their names, so a reader still finds them.
    String mean = weight(b.runningMean());
    String var = weight(b.runningVar());
    String gamma = weight(b.gamma());
    String beta = weight(b.beta());
    String scale = g.op(scope, "Div", List.of(gamma, g.op(scope, "Sqrt",
        List.of(g.op(scope, "Add", List.of(var, g.scalar(b.epsilon())))))));
    String centered = g.op(scope, "Sub", List.of(x.name(), mean));
    return Value.matrix(g.op(scope, "Add", List.of(g.op(scope, "Mul", List.of(centered, scale)), beta)), x.width());
  }

  private Value layerNorm(LayerNorm l, Value x, String scope) {
    // NOTE: written out as the library computes it, centered / sqrt(mean(centered^2) + eps) * gamma + beta, for
    // the same float32-epsilon reason as batch normalization (ONNX's LayerNormalization, opset 17)
    String gamma = weight(l.gamma());
    String beta = weight(l.beta());
    AttributeProto lastAxis = ints("axes", 1);
    String mean = g.op(scope, "ReduceMean", List.of(x.name()), lastAxis);
    String centered = g.op(scope, "Sub", List.of(x.name(), mean));
    String variance = g.op(scope, "ReduceMean", List.of(g.op(scope, "Mul", List.of(centered, centered))), lastAxis);
    String std = g.op(scope, "Sqrt", List.of(g.op(scope, "Add", List.of(variance, g.scalar(l.epsilon())))));
    String normed = g.op(scope, "Mul", List.of(g.op(scope, "Div", List.of(centered, std)), gamma));
    return Value.matrix(g.op(scope, "Add", List.of(normed, beta)), x.width());
  }

  private Value conv(Conv2D c, Value x, String scope) {
    Image in = c.input();
    Window w = c.window();
    int kh = w.height();
    int kw = w.width();
    int channels = in.channels();
    int filters = c.filters();
    // the library's kernel is (KH*KW*C) x F, row (kh*KW + kw)*C + c; ONNX's is F x C x KH x KW
    double[] k = c.kernel().value().toArray();
    double[] onnx = new double[k.length];
    for (int f = 0; f < filters; f++) {
      for (int ch = 0; ch < channels; ch++) {
        for (int i = 0; i < kh; i++) {
          for (int j = 0; j < kw; j++) {
            onnx[((f * channels + ch) * kh + i) * kw + j] = k[((i * kw + j) * channels + ch) * filters + f];
          }
        }
      }
    }
    String kernel = g.weight(c.kernel().label(), new long[] {filters, channels, kh, kw}, onnx);
    String bias = vector(c.bias());
    Image out = c.outputImage().orElseThrow();
    String y = g.op(scope, "Conv", List.of(x.name(), kernel, bias), ints("kernel_shape", kh, kw),
        ints("strides", w.strideRows(), w.strideCols()), pads(in, w), ints("dilations", 1, 1));
    return new Value(y, out.columns(), out);
  }

  private Value pool(String op, Image in, Window w, Value x, String scope) {
    Image out = w.output(in, in.channels());
    List<AttributeProto> attributes = new ArrayList<>(List.of(ints("kernel_shape", w.height(), w.width()),
        ints("strides", w.strideRows(), w.strideCols()), pads(in, w)));
    if (op.equals("AveragePool")) {
      // 'same' averages over the window's pixels inside the image, as TensorFlow and Keras do
      attributes.add(integer("count_include_pad", 0));
    }
    String y = g.op(scope, op, List.of(x.name()), attributes.toArray(new AttributeProto[0]));
    return new Value(y, out.columns(), out);
  }

  /** ONNX's explicit pads {@code [top, left, bottom, right]} for the window's padding (TensorFlow's 'same'). */
  private static AttributeProto pads(Image in, Window w) {
    Image out = w.output(in, 1);
    long top = w.padTop(in);
    long left = w.padLeft(in);
    long rows = w.padding() == Window.Padding.SAME
        ? Math.max((long) (out.height() - 1) * w.strideRows() + w.height() - in.height(), 0) : 0;
    long cols = w.padding() == Window.Padding.SAME
        ? Math.max((long) (out.width() - 1) * w.strideCols() + w.width() - in.width(), 0) : 0;
    return ints("pads", top, left, rows - top, cols - left);
  }

  private Value ensemble(Ensemble e, Value x, String scope) {
    // the mean as the library takes it: ((y1 + y2) + y3) / 3
    String sum = null;
    int width = 0;
    List<Layer> members = e.members();
    for (int i = 0; i < members.size(); i++) {
      String s = join(scope, "member" + (i + 1));
      Value y = matrix(layer(members.get(i), x, s), s);
      String yi = y.name();
      if (e.combination() == Ensemble.Combination.MEAN_PROBABILITIES) {
        yi = g.op(s, "Softmax", List.of(yi), integer("axis", 1));
      }
      width = y.width();
      sum = sum == null ? yi : g.op(join(scope, "ensemble"), "Add", List.of(sum, yi));
    }
    if (members.size() == 1) {
      return Value.matrix(sum, width);
    }
    return Value.matrix(g.op(join(scope, "ensemble"), "Div", List.of(sum, g.scalar(members.size()))), width);
  }

  private Value parallel(Parallel p, Value x, String scope) {
    List<String> outs = new ArrayList<>();
    int width = 0;
    List<Layer> branches = p.branches();
    for (int i = 0; i < branches.size(); i++) {
      String s = join(scope, "branch" + (i + 1));
      Value y = matrix(layer(branches.get(i), x, s), s);
      outs.add(y.name());
      width += y.width();
    }
    if (outs.size() == 1) {
      return Value.matrix(outs.get(0), width);
    }
    return Value.matrix(g.op(join(scope, "parallel"), "Concat", outs, integer("axis", 1)), width);
  }
}
