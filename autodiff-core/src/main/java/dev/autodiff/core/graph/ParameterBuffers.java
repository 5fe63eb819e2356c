package dev.autodiff.core.graph;

/**
 * The executor's door to a parameter's current storage without marking it as held (see {@link Parameter}). User
 * code has no reason to call it; {@link Parameter#value()} is the way to read a value.
 */
public final class ParameterBuffers {
  private ParameterBuffers() {}

  /** The current value's array, read only, for one run. */
  public static double[] read(Parameter p) {
    return p.read();
  }
}
