package dev.autodiff.examples.cnn;

import dev.autodiff.core.tensor.Image;
import dev.autodiff.core.tensor.Tensor;
import dev.autodiff.examples.Output;
import dev.autodiff.examples.data.Images;
import dev.autodiff.nn.Conv2D;
import dev.autodiff.nn.Layer;
import dev.autodiff.nn.Layers;
import dev.autodiff.nn.Model;
import dev.autodiff.nn.Sequential;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * What a convolutional network learned, as pictures: the first layer's filters, and the feature maps one image
 * makes after each convolution (each map scaled to its own range, black to white).
 */
final class FeatureMaps {
  private FeatureMaps() {}

  static void write(Output out, Model model, Image input, Tensor oneImage) throws IOException {
    List<Layer> layers = ((Sequential) model.network()).layers();
    Conv2D first = (Conv2D) layers.get(0);
    // each filter's window, one channel per line: KH x KW, scaled together so their signs compare
    Tensor k = first.kernel().value();
    int kh = first.window().height();
    int kw = first.window().width();
    int c = input.channels();
    Tensor[] filterLines = new Tensor[c];
    double largest = 1e-300;
    for (int i = 0; i < k.size(); i++) {
      largest = Math.max(largest, Math.abs(k.at(i)));
    }
    for (int ch = 0; ch < c; ch++) {
      double[] v = new double[first.filters() * kh * kw];
      for (int f = 0; f < first.filters(); f++) {
        for (int y = 0; y < kh; y++) {
          for (int x = 0; x < kw; x++) {
            v[f * kh * kw + y * kw + x] = 0.5 + 0.5 * k.get((y * kw + x) * c + ch, f) / largest;
          }
        }
      }
      filterLines[ch] = Tensor.matrix(first.filters(), kh * kw, v);
    }
    if (kh == kw) {
      Images.writeGrid(out.wrote(out.dir().resolve("filters.png")), filterLines, kh, first.filters(), 24);
    }

    // the image, then the maps after each convolution (with its activation): the layers up to there, as a model
    List<Tensor> lines = new ArrayList<>();
    List<Integer> sides = new ArrayList<>();
    for (int end = 1; end <= layers.size(); end++) {
      Layer last = layers.get(end - 1);
      boolean afterConv = last instanceof Conv2D && (end == layers.size() || !isActivation(layers.get(end)));
      boolean activationAfterConv = end >= 2 && layers.get(end - 2) instanceof Conv2D && isActivation(last);
      if (!afterConv && !activationAfterConv) {
        continue;
      }
      Image geometry = layers.get(activationAfterConv ? end - 2 : end - 1).outputImage().orElseThrow();
      Model prefix = new Model(model.graph(), Sequential.of(layers.subList(0, end).toArray(Layer[]::new)),
          input.columns());
      Tensor maps = prefix.predict(oneImage);
      lines.add(channels(maps, geometry));
      sides.add(geometry.height());
    }
    // one grid per size, each line the maps of one convolution
    int side = input.height();
    List<Tensor> same = new ArrayList<>();
    same.add(channels(oneImage, input));
    for (int i = 0; i < lines.size(); i++) {
      if (sides.get(i) == side && input.height() == input.width()) {
        same.add(lines.get(i));
      }
    }
    Images.writeGrid(out.wrote(out.dir().resolve("feature-maps-1.png")), same.toArray(Tensor[]::new), side,
        widest(same), 4);
    List<Tensor> smaller = new ArrayList<>();
    int smallSide = -1;
    for (int i = 0; i < lines.size(); i++) {
      if (sides.get(i) != side) {
        smallSide = sides.get(i);
        smaller.add(lines.get(i));
      }
    }
    if (smallSide > 0) {
      Images.writeGrid(out.wrote(out.dir().resolve("feature-maps-2.png")), smaller.toArray(Tensor[]::new),
          smallSide, widest(smaller), 8);
    }
  }

  private static int widest(List<Tensor> lines) {
    int w = 1;
    for (Tensor t : lines) {
      w = Math.max(w, t.rows());
    }
    return w;
  }

  private static boolean isActivation(Layer l) {
    return l instanceof Layers.ActivationLayer;
  }

  /** One image's channels as rows of {@code H*W} pixels, each scaled to [0, 1] over its own range. */
  private static Tensor channels(Tensor one, Image g) {
    int p = g.pixels();
    double[] v = new double[g.channels() * p];
    for (int ch = 0; ch < g.channels(); ch++) {
      double lo = Double.POSITIVE_INFINITY;
      double hi = Double.NEGATIVE_INFINITY;
      for (int i = 0; i < p; i++) {
        double x = one.get(0, i * g.channels() + ch);
        lo = Math.min(lo, x);
        hi = Math.max(hi, x);
      }
      for (int i = 0; i < p; i++) {
        double x = one.get(0, i * g.channels() + ch);
        v[ch * p + i] = hi > lo ? (x - lo) / (hi - lo) : 0;
      }
    }
    return Tensor.matrix(g.channels(), p, v);
  }
}
