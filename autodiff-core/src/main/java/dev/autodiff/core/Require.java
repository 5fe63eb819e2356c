package dev.autodiff.core;

import com.google.common.base.Strings;

/**
 * Argument checks shared by all modules. A missing (null) argument is an {@link IllegalArgumentException} like any
 * other bad argument, with a message naming the operation and the argument: callers handle one exception type for
 * every misuse, and no {@link NullPointerException} ever leaves the library.
 */
public final class Require {
  private Require() {}

  /**
   * Returns {@code reference}, or throws {@link IllegalArgumentException} with the message
   * {@code String.format}-style ({@code %s} only) when it is null.
   */
  public static <T> T checkNotNull(T reference, String message, Object... args) {
    if (reference == null) {
      throw new IllegalArgumentException(Strings.lenientFormat(message, args));
    }
    return reference;
  }
}
