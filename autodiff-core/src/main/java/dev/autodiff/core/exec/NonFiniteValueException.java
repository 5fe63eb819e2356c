package dev.autodiff.core.exec;

import dev.autodiff.core.graph.Node;

/** Thrown by a program compiled with {@link Program#checkingFinite()} at the first node that yields NaN or infinity. */
public final class NonFiniteValueException extends ArithmeticException {
  private final transient Node node;

  NonFiniteValueException(Node node, String message) {
    super(message);
    this.node = node;
  }

  /** The first node whose value was not finite. */
  public Node node() {
    return node;
  }
}
