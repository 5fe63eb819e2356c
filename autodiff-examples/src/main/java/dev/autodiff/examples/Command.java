package dev.autodiff.examples;

import java.io.PrintStream;

/** A subcommand of the examples jar. */
public interface Command {
  /** The name typed on the command line. */
  String name();

  /** One line for the list of subcommands. */
  String summary();

  /** The options, one per line, for {@code <name> --help}. */
  String options();

  /** Options that take no value ({@code --quick}). */
  default java.util.Set<String> flags() {
    return java.util.Set.of();
  }

  /** Runs with the arguments after the subcommand's name; returns the process exit code. */
  int run(Args args, PrintStream out) throws Exception;
}
