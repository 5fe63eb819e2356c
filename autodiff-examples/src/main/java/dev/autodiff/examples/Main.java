package dev.autodiff.examples;

import dev.autodiff.examples.basics.ApproxCommand;
import dev.autodiff.examples.bench.BenchCommand;
import dev.autodiff.examples.basics.GradCostCommand;
import dev.autodiff.examples.basics.MinskyPapertCommand;
import dev.autodiff.examples.basics.NeuronCommand;
import dev.autodiff.examples.basics.OptimizersCommand;
import dev.autodiff.examples.basics.XorCommand;
import dev.autodiff.examples.lecture.LectureCommand;
import dev.autodiff.examples.lecture.TourCommand;
import dev.autodiff.examples.mnist.AugmentCommand;
import dev.autodiff.examples.mnist.AutoencoderCommand;
import dev.autodiff.examples.mnist.MnistCommand;
import dev.autodiff.examples.mnist.OverfitCommand;
import dev.autodiff.examples.models.DensityCommand;
import dev.autodiff.examples.models.HypernetCommand;
import dev.autodiff.examples.models.RegularizationCommand;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The examples jar: {@code java -jar autodiff-examples.jar [subcommand] [options]}; with no subcommand it runs the
 * tour. {@code --help} lists the subcommands, {@code <subcommand> --help} its options.
 */
public final class Main {
  private Main() {}

  /** The subcommands, in the order {@code --help} lists them. */
  public static Map<String, Command> commands() {
    Map<String, Command> m = new LinkedHashMap<>();
    for (Command c : List.of(new TourCommand(), new LectureCommand(), new MnistCommand(), new NeuronCommand(), new XorCommand(),
        new MinskyPapertCommand(), new ApproxCommand(), new GradCostCommand(),
        new OptimizersCommand(), new DensityCommand(),
        new HypernetCommand(), new RegularizationCommand(),
        new OverfitCommand(), new AugmentCommand(), new AutoencoderCommand(), new BenchCommand())) {
      m.put(c.name(), c);
    }
    return m;
  }

  public static void main(String[] args) {
    System.exit(run(Arrays.asList(args), System.out, System.err));
  }

  /** Runs the command line {@code args}; returns the exit code (0 ok, 1 failure, 2 bad usage). */
  public static int run(List<String> args, PrintStream out, PrintStream err) {
    Map<String, Command> commands = commands();
    if (!args.isEmpty() && (args.get(0).equals("--help") || args.get(0).equals("-h"))) {
      printHelp(commands, out);
      return 0;
    }
    String name = args.isEmpty() || args.get(0).startsWith("--") ? "tour" : args.get(0);
    List<String> rest = args.isEmpty() || args.get(0).startsWith("--") ? args : args.subList(1, args.size());
    Command command = commands.get(name);
    if (command == null) {
      err.println("unknown subcommand '" + name + "'; subcommands: " + String.join(", ", commands.keySet())
          + " (try --help)");
      return 2;
    }
    if (rest.contains("--help") || rest.contains("-h")) {
      out.println("usage: java -jar autodiff-examples.jar " + command.name() + " [options]");
      out.println("  " + command.summary());
      out.println("options:");
      out.print(command.options());
      return 0;
    }
    try {
      Args parsed = Args.parse(rest, command.flags());
      return command.run(parsed, out);
    } catch (Args.UsageException e) {
      err.println(command.name() + ": " + e.getMessage() + " (try " + command.name() + " --help)");
      return 2;
    } catch (Exception e) {
      err.println(command.name() + " failed: " + e);
      return 1;
    }
  }

  private static void printHelp(Map<String, Command> commands, PrintStream out) {
    out.println("usage: java -jar autodiff-examples.jar [subcommand] [options]");
    out.println("subcommands (default: tour; '<subcommand> --help' lists its options):");
    for (Command c : commands.values()) {
      out.printf("  %-10s %s%n", c.name(), c.summary());
    }
  }
}
