package dev.autodiff.nn.io;

import static com.google.common.base.Preconditions.checkArgument;
import static dev.autodiff.core.Require.checkNotNull;

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
import java.lang.reflect.Modifier;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The codecs {@link ModelFile} saves and loads layers with: the built-in layers' codecs, and the custom ones given to
 * {@link #register}. A kind and a layer class each have at most one codec. Safe to use from several threads:
 * registration is serialized, and lookups see every codec registered before them.
 */
public final class LayerCodecs {
  /** The built-in layers' codecs: a new built-in layer type is its codec (in its own file) plus one entry here. */
  private static final List<LayerCodec<?>> BUILT_IN = List.of(
      Sequential.CODEC,
      Dense.CODEC,
      Layers.ActivationLayer.CODEC,
      Layers.Dropout.CODEC,
      Layers.PRelu.CODEC,
      Layers.ActivityPenalty.CODEC,
      Layers.Contractive.CODEC,
      BatchNorm.CODEC,
      LayerNorm.CODEC,
      Ensemble.CODEC,
      Parallel.CODEC,
      Conv2D.CODEC,
      MaxPool2D.CODEC,
      AveragePool2D.CODEC,
      Flatten.CODEC);

  /** An immutable snapshot, replaced whole under the lock: lookups never lock. */
  private record Table(Map<String, LayerCodec<?>> byKind, Map<Class<?>, LayerCodec<?>> byClass) {}

  private static final Object LOCK = new Object();
  private static volatile Table table = new Table(Map.of(), Map.of());

  static {
    BUILT_IN.forEach(LayerCodecs::register);
  }

  private LayerCodecs() {}

  /**
   * Adds a custom layer's codec; from then on {@link ModelFile} saves and loads that layer class like a built-in one.
   *
   * @throws IllegalArgumentException if its kind is malformed or already registered, or its class already has a
   *     codec or is not a concrete class
   */
  public static void register(LayerCodec<?> codec) {
    checkNotNull(codec, "register: codec is null");
    String kind = checkNotNull(codec.kind(), "register: %s has a null kind", codec);
    Class<?> type = checkNotNull(codec.layerClass(), "register: codec '%s' has a null layer class", kind);
    checkArgument(LayerCodec.KIND.matcher(kind).matches(),
        "register: kind '%s' must be 1 to 100 letters, digits or . _ - :", kind);
    checkArgument(!type.isInterface() && !Modifier.isAbstract(type.getModifiers()),
        "register: codec '%s' is for %s, which is not a concrete class (a codec handles exactly one class)", kind,
        type.getName());
    synchronized (LOCK) {
      Table t = table;
      LayerCodec<?> sameKind = t.byKind().get(kind);
      checkArgument(sameKind == null, "register: kind '%s' is already registered, for %s", kind,
          sameKind == null ? null : sameKind.layerClass().getName());
      LayerCodec<?> sameClass = t.byClass().get(type);
      checkArgument(sameClass == null, "register: %s already has a codec, of kind '%s'", type.getName(),
          sameClass == null ? null : sameClass.kind());
      Map<String, LayerCodec<?>> byKind = new LinkedHashMap<>(t.byKind());
      Map<Class<?>, LayerCodec<?>> byClass = new HashMap<>(t.byClass());
      byKind.put(kind, codec);
      byClass.put(type, codec);
      table = new Table(byKind, byClass);
    }
  }

  /**
   * Removes a custom codec registered before (a plug-in being unloaded; tests). Built-in codecs cannot be removed.
   *
   * @return whether {@code codec} was registered
   */
  public static boolean unregister(LayerCodec<?> codec) {
    checkNotNull(codec, "unregister: codec is null");
    checkArgument(!BUILT_IN.contains(codec), "unregister: %s is built in", codec.kind());
    synchronized (LOCK) {
      Table t = table;
      if (t.byKind().get(codec.kind()) != codec) {
        return false;
      }
      Map<String, LayerCodec<?>> byKind = new LinkedHashMap<>(t.byKind());
      Map<Class<?>, LayerCodec<?>> byClass = new HashMap<>(t.byClass());
      byKind.remove(codec.kind());
      byClass.remove(codec.layerClass());
      table = new Table(byKind, byClass);
      return true;
    }
  }

  /** The codec of {@code kind}, if one is registered. */
  public static Optional<LayerCodec<?>> forKind(String kind) {
    checkNotNull(kind, "forKind: kind is null");
    return Optional.ofNullable(table.byKind().get(kind));
  }

  /** The codec of exactly {@code layerClass}, if one is registered. */
  public static Optional<LayerCodec<?>> forClass(Class<?> layerClass) {
    checkNotNull(layerClass, "forClass: layer class is null");
    return Optional.ofNullable(table.byClass().get(layerClass));
  }

  /** The built-in codecs, in the order they were registered. */
  public static List<LayerCodec<?>> builtIn() {
    return BUILT_IN;
  }

  /** Every registered codec: the built-in ones, then the custom ones in the order they were registered. */
  public static List<LayerCodec<?>> registered() {
    return List.copyOf(table.byKind().values());
  }

  /** {@code layer}'s codec, typed for writing it (the codec handles exactly its class). */
  @SuppressWarnings("unchecked")
  static Optional<LayerCodec<Layer>> codecOf(Layer layer) {
    return forClass(layer.getClass()).map(c -> (LayerCodec<Layer>) c);
  }
}
