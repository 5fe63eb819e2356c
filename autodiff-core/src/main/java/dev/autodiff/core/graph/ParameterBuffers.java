package dev.autodiff.core.graph;

import static dev.autodiff.core.Require.checkNotNull;

/**
 * The executor's door to a parameter's current storage without marking it as held (see {@link Parameter}). User
 * code has no reason to call it; {@link Parameter#value()} is the way to read a value.
 */
public final class ParameterBuffers {
  private ParameterBuffers() {}

  /** The current value's array, read only, for one run. */
  public static double[] read(Parameter p) {
    checkNotNull(p, "read: parameter is null");
    return p.read();
  }
}
