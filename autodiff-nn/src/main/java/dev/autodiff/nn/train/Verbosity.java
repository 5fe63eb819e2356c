package dev.autodiff.nn.train;

/** How much a trainer prints while it trains (Keras's {@code verbose}). */
public enum Verbosity {
  /** Nothing. */
  SILENT,
  /** One summary line per epoch, nothing else: what a log file or CI wants (Keras {@code verbose=2}). */
  EPOCH,
  /** A live progress line rewritten in place ({@code \r}) during each epoch, then the epoch's summary line. */
  LIVE,
  /** {@link #LIVE} when the stream is the console of an interactive terminal, {@link #EPOCH} otherwise. */
  AUTO
}
