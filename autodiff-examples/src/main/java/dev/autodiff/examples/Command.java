package dev.autodiff.examples;

import java.util.List;

/**
 * A subcommand of the examples jar. It declares its options once ({@link Option}); the harness ({@link Main}) parses
 * them, adds {@code --out DIR} (default {@code out/<name>}) to a command that writes files, writes the help text,
 * and lists the files written when the command ends.
 */
public interface Command {
  /** The name typed on the command line. */
  String name();

  /** One line for the list of subcommands. */
  String summary();

  /** The options, in the order {@code <name> --help} lists them ({@code --out} comes last, by itself). */
  List<Option<?>> options();

  /** Text {@code <name> --help} prints after the options (how to run it elsewhere, say); empty by default. */
  default String notes() {
    return "";
  }

  /** Whether the command writes files, under {@code --out}. */
  default boolean writesFiles() {
    return true;
  }

  /** Runs with the parsed options; prints and writes through {@code out}; returns the process exit code. */
  int run(Options options, Output out) throws Exception;
}
