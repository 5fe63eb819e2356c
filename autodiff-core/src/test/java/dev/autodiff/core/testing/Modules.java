package dev.autodiff.core.testing;

import java.lang.module.Configuration;
import java.lang.module.ModuleFinder;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Loads the library's modules into a fresh module layer, from the class path's jars and class directories. */
public final class Modules {
  private Modules() {}

  /**
   * A layer with {@code root} resolved from the code sources of {@code anchors} (one class from each of the
   * library's modules it needs) plus Guava and its failure-access module.
   */
  public static ModuleLayer layer(List<Class<?>> anchors, String root) {
    List<Path> paths = new ArrayList<>();
    for (Class<?> c : anchors) {
      paths.add(codeSource(c));
    }
    paths.add(codeSource(com.google.common.collect.ImmutableList.class));
    paths.add(codeSource(com.google.common.util.concurrent.internal.InternalFutureFailureAccess.class));
    ModuleFinder finder = ModuleFinder.of(paths.toArray(new Path[0]));
    ModuleLayer boot = ModuleLayer.boot();
    Configuration cf = boot.configuration().resolve(finder, ModuleFinder.of(), Set.of(root));
    return boot.defineModulesWithOneLoader(cf, ClassLoader.getPlatformClassLoader());
  }

  /** The jar or class directory a class was loaded from. */
  public static Path codeSource(Class<?> c) {
    try {
      return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
