package dev.autodiff.examples;

/** The examples jar: with no subcommand it runs the tour. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    if (args.length > 0 && (args[0].equals("--help") || args[0].equals("-h"))) {
      System.out.println("usage: java -jar autodiff-examples.jar [tour]");
      System.out.println("  tour   (default) the lecture's worked example computed through the core API");
      return;
    }
    if (args.length > 0 && !args[0].equals("tour")) {
      System.err.println("unknown subcommand '" + args[0] + "'; try --help");
      System.exit(2);
    }
    LectureExample.run(System.out);
  }
}
