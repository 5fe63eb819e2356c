package dev.autodiff.examples;

import dev.autodiff.examples.basics.ApproxCommand;
import dev.autodiff.examples.bench.BenchCommand;
import dev.autodiff.examples.basics.GradCostCommand;
import dev.autodiff.examples.basics.MinskyPapertCommand;
import dev.autodiff.examples.basics.NeuronCommand;
import dev.autodiff.examples.basics.OptimizersCommand;
import dev.autodiff.examples.basics.XorCommand;
import dev.autodiff.examples.cnn.CnnCommand;
import dev.autodiff.examples.lecture.LectureCommand;
import dev.autodiff.examples.lecture.TourCommand;
import dev.autodiff.examples.mnist.AugmentCommand;
import dev.autodiff.examples.mnist.AutoencoderCommand;
import dev.autodiff.examples.mnist.EnsemblesCommand;
import dev.autodiff.examples.mnist.MnistCommand;
import dev.autodiff.examples.mnist.OverfitCommand;
import dev.autodiff.examples.models.DensityCommand;
import dev.autodiff.examples.models.HypernetCommand;
import dev.autodiff.examples.models.RegularizationCommand;
import dev.autodiff.examples.spark.SparkCommand;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

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
        new OverfitCommand(), new AugmentCommand(), new AutoencoderCommand(), new EnsemblesCommand(), new CnnCommand(),
        new SparkCommand(), new BenchCommand())) {
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
      out.print(help(commands));
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
    List<Option<?>> declared = new ArrayList<>(command.options());
    Option<Path> dir = Option.path("out", "out/" + command.name(), "where to write");
    if (command.writesFiles()) {
      declared.add(dir);
    }
    if (rest.contains("--help") || rest.contains("-h")) {
      out.print(help(command, declared));
      return 0;
    }
    try {
      Options options = Options.parse(declared, rest);
      Output output = new Output(out, options.get(dir));
      int code = command.run(options, output);
      output.finish();
      return code;
    } catch (Options.UsageException e) {
      err.println(command.name() + ": " + e.getMessage() + " (try " + command.name() + " --help)");
      return 2;
    } catch (Exception e) {
      err.println(command.name() + " failed: " + e);
      return 1;
    }
  }

  /** The list of subcommands, names in one column. */
  static String help(Map<String, Command> commands) {
    StringBuilder b = new StringBuilder("usage: java -jar autodiff-examples.jar [subcommand] [options]\n");
    b.append("subcommands (default: tour; '<subcommand> --help' lists its options):\n");
    int width = commands.keySet().stream().mapToInt(String::length).max().orElse(0);
    for (Command c : commands.values()) {
      b.append(String.format(Locale.ROOT, "  %-" + width + "s  %s%n", c.name(), c.summary()));
    }
    return b.toString();
  }

  /** One command's help: its options, generated from their declarations, in one column. */
  static String help(Command command, List<Option<?>> options) {
    StringBuilder b = new StringBuilder("usage: java -jar autodiff-examples.jar " + command.name() + " [options]\n");
    b.append("  ").append(command.summary()).append('\n');
    if (options.isEmpty()) {
      b.append("no options\n");
    } else {
      b.append("options:\n");
      int width = options.stream().mapToInt(o -> o.usage().length()).max().orElse(0);
      for (Option<?> o : options) {
        b.append(String.format(Locale.ROOT, "  %-" + width + "s  %s%n", o.usage(), o.description()));
      }
    }
    return b.append(command.notes()).toString();
  }
}
