package dev.autodiff.nn;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkState;
import static dev.autodiff.core.Require.checkNotNull;

import dev.autodiff.core.graph.Graph;
import dev.autodiff.core.tensor.Image;
import dev.autodiff.core.tensor.Window;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Builds a convolutional network layer by layer, the way a Keras {@code Sequential} model reads: each step knows the
 * geometry the previous one left, so no layer repeats it.
 *
 * <pre>{@code
 * Model cnn = Cnn.builder(Image.of(32, 32, 3))
 *     .conv2d(8, 3, Padding.SAME)     // Conv2D(filters=8, kernel_size=(3,3), padding='same')
 *     .maxPool(2)                     // MaxPool2D(pool_size=(2,2))
 *     .conv2d(16, 3, Padding.SAME)
 *     .maxPool(2)
 *     .flatten()
 *     .dense(128)
 *     .dense(10)                      // logits: the softmax goes in the loss, Losses.softmaxCrossEntropy()
 *     .seed(1).build();
 * }</pre>
 *
 * <p>Layers are named as Keras names them ({@code conv2d}, {@code conv2d_1}, {@code dense}, ...), so parameters are
 * {@code conv2d.W}, {@code conv2d.b}, ...; kernels and weights are Glorot-uniform ({@link Init#xavier()}, Keras'
 * default) unless {@link Builder#init} says otherwise, biases zero. Weights are drawn in layer order from one
 * generator seeded by {@link Builder#seed}.
 */
public final class Cnn {
  private Cnn() {}

  /** A builder for a network whose inputs are batches of {@code input} images. */
  public static Builder builder(Image input) {
    return new Builder(checkNotNull(input, "cnn: input image is null"));
  }

  /** The steps of a network, replayed with the seeded generator at {@link #build()}. */
  public static final class Builder {
    private interface Step {
      Layer make(Graph g, Random r, Init init, Shape at);
    }

    /** Where the network stands after the steps so far: images, or plain columns once flattened. */
    private record Shape(Image image, int width) {}

    private final Image input;
    private final List<Step> steps = new ArrayList<>();
    private final Map<String, Integer> names = new HashMap<>();
    private Shape at;
    private Graph graph;
    private Init init = Init.xavier();
    private long seed;

    private Builder(Image input) {
      this.input = input;
      this.at = new Shape(input, input.columns());
    }

    /** The graph to build in (default: a new one). */
    public Builder graph(Graph g) {
      this.graph = checkNotNull(g, "cnn: graph is null");
      return this;
    }

    /** How kernels and weights start (default: {@link Init#xavier()}, Keras' Glorot-uniform). */
    public Builder init(Init i) {
      this.init = checkNotNull(i, "cnn: init is null");
      return this;
    }

    /** The seed of the generator that draws the weights. */
    public Builder seed(long s) {
      this.seed = s;
      return this;
    }

    /** A convolution with {@code filters} square {@code size x size} kernels of stride 1, no activation. */
    public Builder conv2d(int filters, int size, Window.Padding padding) {
      checkArgument(size > 0, "cnn: conv2d: size must be positive, got %s", size);
      return conv2d(filters, Window.square(size, checkNotNull(padding, "cnn: conv2d: padding is null")),
          Activation.IDENTITY);
    }

    /** A convolution with {@code filters} square kernels of stride 1, then {@code activation}. */
    public Builder conv2d(int filters, int size, Window.Padding padding, Activation activation) {
      checkArgument(size > 0, "cnn: conv2d: size must be positive, got %s", size);
      return conv2d(filters, Window.square(size, checkNotNull(padding, "cnn: conv2d: padding is null")),
          activation);
    }

    /** A convolution with {@code filters} kernels of {@code window}, then {@code activation} (none: IDENTITY). */
    public Builder conv2d(int filters, Window window, Activation activation) {
      checkNotNull(window, "cnn: conv2d: window is null");
      checkNotNull(activation, "cnn: conv2d: activation is null");
      checkArgument(filters > 0, "cnn: conv2d: filters must be positive, got %s", filters);
      Image image = images("conv2d");
      checkArgument(window.fits(image), "cnn: conv2d: a %s window does not fit the %s images here", window, image);
      String name = name("conv2d");
      steps.add((g, r, i, s) -> new Conv2D(g, name, image, filters, window, i, r));
      at = new Shape(window.output(image, filters), window.output(image, filters).columns());
      return activation == Activation.IDENTITY ? this : activation(activation);
    }

    /** Max pooling over {@code size x size} windows of stride {@code size} (Keras' default). */
    public Builder maxPool(int size) {
      checkArgument(size > 0, "cnn: maxPool: size must be positive, got %s", size);
      return maxPool(Window.pool(size));
    }

    /** Max pooling under {@code window}. */
    public Builder maxPool(Window window) {
      return pool("maxPool", "max_pooling2d", window, MaxPool2D::new);
    }

    /** Average pooling over {@code size x size} windows of stride {@code size}. */
    public Builder avgPool(int size) {
      checkArgument(size > 0, "cnn: avgPool: size must be positive, got %s", size);
      return avgPool(Window.pool(size));
    }

    /** Average pooling under {@code window}. */
    public Builder avgPool(Window window) {
      return pool("avgPool", "average_pooling2d", window, AveragePool2D::new);
    }

    /** How a pooling layer is made from its name, input geometry and window. */
    private interface PoolingLayer {
      Layer make(String name, Image input, Window window);
    }

    private Builder pool(String what, String base, Window window, PoolingLayer make) {
      checkNotNull(window, "cnn: %s: window is null", what);
      Image image = images(what);
      checkArgument(window.fits(image), "cnn: %s: a %s window does not fit the %s images here", what, window, image);
      String name = name(base);
      steps.add((g, r, i, s) -> make.make(name, image, window));
      Image out = window.output(image, image.channels());
      at = new Shape(out, out.columns());
      return this;
    }

    /** The images as plain columns from here on (nothing moves: see {@link Flatten}). */
    public Builder flatten() {
      images("flatten");
      steps.add((g, r, i, s) -> new Flatten());
      at = new Shape(null, at.width());
      return this;
    }

    /** A dense layer of {@code units}, no activation. */
    public Builder dense(int units) {
      return dense(units, Activation.IDENTITY);
    }

    /** A dense layer of {@code units}, then {@code activation}. */
    public Builder dense(int units, Activation activation) {
      checkNotNull(activation, "cnn: dense: activation is null");
      checkArgument(units > 0, "cnn: dense: units must be positive, got %s", units);
      checkState(at.image() == null, "cnn: dense: the batch is still %s images here: flatten() first", at.image());
      String name = name("dense");
      int in = at.width();
      steps.add((g, r, i, s) -> new Dense(g, name, in, units, i, r));
      at = new Shape(null, units);
      return activation == Activation.IDENTITY ? this : activation(activation);
    }

    /** An activation; on images it keeps their geometry. */
    public Builder activation(Activation activation) {
      checkNotNull(activation, "cnn: activation is null");
      steps.add((g, r, i, s) -> Layers.activation(activation));
      return this;
    }

    /** Dropout with {@code rate} (active in training only). */
    public Builder dropout(double rate) {
      checkArgument(rate >= 0 && rate < 1, "cnn: dropout: rate must be in [0, 1), got %s", rate);
      steps.add((g, r, i, s) -> Layers.dropout(rate));
      return this;
    }

    /** The model, its layers in a {@link Sequential}. */
    public Model build() {
      checkState(!steps.isEmpty(), "cnn: no layers");
      Graph g = graph != null ? graph : Graph.create();
      Random r = new Random(seed);
      List<Layer> layers = new ArrayList<>();
      for (Step s : steps) {
        layers.add(s.make(g, r, init, at));
      }
      return new Model(g, Sequential.of(layers.toArray(Layer[]::new)), input.columns());
    }

    private Image images(String what) {
      checkState(at.image() != null, "cnn: %s: the batch was flattened before; images are gone here", what);
      return at.image();
    }

    /** Keras' naming: {@code conv2d}, then {@code conv2d_1}, ... */
    private String name(String base) {
      int k = names.merge(base, 1, Integer::sum) - 1;
      return k == 0 ? base : base + "_" + k;
    }
  }
}
