package dev.autodiff.examples;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * One option of a subcommand, declared once: its name, the type and range of its value, its default and its help.
 * The same declaration parses the command line ({@link Options}) and writes the {@code --help} line, so the two
 * cannot disagree.
 *
 * @param <T> the type of the value
 */
public final class Option<T> {
  private final String name;
  private final String metavar;
  private final String help;
  private final T fallback;
  private final Function<String, T> parser;

  private Option(String name, String metavar, String help, T fallback, Function<String, T> parser) {
    this.name = name;
    this.metavar = metavar;
    this.help = help;
    this.fallback = fallback;
    this.parser = parser;
  }

  /** {@code --name N}: an integer in {@code [min, max]}. */
  public static Option<Integer> integer(String name, int fallback, int min, int max, String help) {
    return new Option<>(name, "N", help, fallback, v -> (int) parseLong(name, v, min, max));
  }

  /** {@code --seed N}: the seed of {@code what} (any long). */
  public static Option<Long> seed(long fallback, String what) {
    return new Option<>("seed", "N", "seed of " + what, fallback,
        v -> parseLong("seed", v, Long.MIN_VALUE, Long.MAX_VALUE));
  }

  /** {@code --name X}: a number in {@code [min, max]}. */
  public static Option<Double> real(String name, double fallback, double min, double max, String help) {
    return new Option<>(name, "X", help, fallback, v -> {
      double x;
      try {
        x = Double.parseDouble(v);
      } catch (NumberFormatException e) {
        throw new Options.UsageException("option --" + name + " must be a number, got '" + v + "'");
      }
      if (!(x >= min && x <= max)) {
        throw new Options.UsageException("option --" + name + " must be in [" + show(min) + ", " + show(max)
            + "], got " + v);
      }
      return x;
    });
  }

  /** {@code --name DIR}: a path; {@code fallback} may be null (then the option is off unless given). */
  public static Option<Path> path(String name, String fallback, String help) {
    return new Option<>(name, "DIR", help, fallback == null ? null : Path.of(fallback), v -> {
      if (v.isBlank()) {
        throw new Options.UsageException("option --" + name + " needs a non-empty path");
      }
      return Path.of(v);
    });
  }

  /**
   * {@code --name URI}: a location kept as written (a cluster's {@code hdfs://host:8020/x} or {@code s3a://bucket/x},
   * which a file-system path would mangle), off unless given.
   */
  public static Option<String> location(String name, String help) {
    return new Option<>(name, "URI", help, null, v -> {
      if (v.isBlank()) {
        throw new Options.UsageException("option --" + name + " needs a non-empty location");
      }
      return v;
    });
  }

  /** {@code --name WORD}: one of {@code choices}. */
  public static Option<String> choice(String name, String fallback, java.util.List<String> choices, String help) {
    return new Option<>(name, "NAME", help + " (" + String.join(", ", choices) + ")", fallback, v -> {
      if (!choices.contains(v)) {
        throw new Options.UsageException("option --" + name + " must be one of " + String.join(", ", choices)
            + ", got '" + v + "'");
      }
      return v;
    });
  }

  /** {@code --name}: a flag, false unless given. */
  public static Option<Boolean> flag(String name, String help) {
    return new Option<>(name, "", help, false, v -> true);
  }

  private static long parseLong(String name, String v, long min, long max) {
    long x;
    try {
      x = Long.parseLong(v);
    } catch (NumberFormatException e) {
      throw new Options.UsageException("option --" + name + " must be an integer, got '" + v + "'");
    }
    if (x < min || x > max) {
      throw new Options.UsageException("option --" + name + " must be in [" + min + ", " + max + "], got " + x);
    }
    return x;
  }

  private static String show(Object value) {
    if (value instanceof Double d) {
      return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
    }
    return String.valueOf(value);
  }

  /** The name, without the dashes. */
  public String name() {
    return name;
  }

  /** Whether the option takes no value. */
  public boolean isFlag() {
    return metavar.isEmpty();
  }

  /** The value when the option is not given (null for a path option with none). */
  public T fallback() {
    return fallback;
  }

  T parse(String text) {
    return parser.apply(text);
  }

  /** {@code --name N}, as the left column of {@code --help}. */
  public String usage() {
    return "--" + name + (isFlag() ? "" : " " + metavar);
  }

  /** The help, with the default when there is one to show. */
  public String description() {
    return isFlag() || fallback == null ? help : help + " (default " + show(fallback) + ")";
  }
}
