package dev.autodiff.core.graph.internal;

import static dev.autodiff.core.Require.checkNotNull;

import dev.autodiff.core.graph.Parameter;

/**
 * Engine-internal, not API: the executor's door to a parameter's current storage, read without marking the value as
 * held (see {@link Parameter}). The module does not export this package; {@link Parameter#value()} is how everyone
 * else reads a value.
 */
public final class ParameterStorage {
  /** What the graph package grants; installed once, by {@link Parameter} itself, when it is initialised. */
  public interface Access {
    double[] read(Parameter p);
  }

  private static Access access;  // no initialiser: Parameter's initialisation may install it during ours

  static {
    try {
      Class.forName(Parameter.class.getName(), true, Parameter.class.getClassLoader());  // installs the access
    } catch (ClassNotFoundException e) {
      throw new AssertionError(e);
    }
  }

  private ParameterStorage() {}

  /** Called by {@link Parameter}'s initialiser; any later call is refused. */
  public static synchronized void install(Access a) {
    checkNotNull(a, "parameter storage: access is null");
    if (access != null) {
      throw new IllegalStateException("parameter storage: access is installed once, by Parameter");
    }
    access = a;
  }

  /** The current value's array, read only, for one run. */
  public static double[] read(Parameter p) {
    return access.read(p);
  }
}
