package dev.autodiff.examples;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The options of a subcommand: {@code --name value} pairs and {@code --flag}s. Every option must be read by the
 * command; {@link #finish()} rejects the ones it did not know, naming them.
 */
public final class Args {
  private final Map<String, String> values = new LinkedHashMap<>();
  private final Set<String> flags = new HashSet<>();
  private final Set<String> read = new HashSet<>();

  private Args() {}

  /** Parses {@code args}; {@code flagNames} take no value. */
  public static Args parse(List<String> args, Set<String> flagNames) {
    Args a = new Args();
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (!arg.startsWith("--") || arg.length() == 2) {
        throw new UsageException("unexpected argument '" + arg + "'");
      }
      String name = arg.substring(2);
      int eq = name.indexOf('=');
      if (eq >= 0) {
        a.values.put(name.substring(0, eq), name.substring(eq + 1));
      } else if (flagNames.contains(name)) {
        a.flags.add(name);
      } else if (i + 1 < args.size() && !args.get(i + 1).startsWith("--")) {
        a.values.put(name, args.get(++i));
      } else {
        throw new UsageException("option --" + name + " needs a value");
      }
    }
    return a;
  }

  /** Whether {@code --name} was given. */
  public boolean flag(String name) {
    read.add(name);
    return flags.contains(name);
  }

  /** The value of {@code --name}, or {@code fallback}. */
  public String string(String name, String fallback) {
    read.add(name);
    return values.getOrDefault(name, fallback);
  }

  /** {@code --name} as a path, or {@code fallback}. */
  public Path path(String name, String fallback) {
    String v = string(name, fallback);
    if (v.isBlank()) {
      throw new UsageException("option --" + name + " needs a non-empty path");
    }
    return Path.of(v);
  }

  /** {@code --name} as an integer in {@code [min, max]}, or {@code fallback}. */
  public long integer(String name, long fallback, long min, long max) {
    String v = string(name, null);
    if (v == null) {
      return fallback;
    }
    long x;
    try {
      x = Long.parseLong(v);
    } catch (NumberFormatException e) {
      throw new UsageException("option --" + name + " must be an integer, got '" + v + "'");
    }
    if (x < min || x > max) {
      throw new UsageException("option --" + name + " must be in [" + min + ", " + max + "], got " + x);
    }
    return x;
  }

  /** {@code --name} as a number in {@code [min, max]}, or {@code fallback}. */
  public double real(String name, double fallback, double min, double max) {
    String v = string(name, null);
    if (v == null) {
      return fallback;
    }
    double x;
    try {
      x = Double.parseDouble(v);
    } catch (NumberFormatException e) {
      throw new UsageException("option --" + name + " must be a number, got '" + v + "'");
    }
    if (!(x >= min && x <= max)) {
      throw new UsageException("option --" + name + " must be in [" + min + ", " + max + "], got " + v);
    }
    return x;
  }

  /** Throws when an option was given that the command never asked for. */
  public void finish() {
    List<String> unknown = new ArrayList<>();
    for (String k : values.keySet()) {
      if (!read.contains(k)) {
        unknown.add("--" + k);
      }
    }
    for (String k : flags) {
      if (!read.contains(k)) {
        unknown.add("--" + k);
      }
    }
    if (!unknown.isEmpty()) {
      throw new UsageException("unknown option " + String.join(", ", unknown));
    }
  }

  /** Bad command-line use: the message is shown with a hint to {@code --help}. */
  public static final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UsageException(String message) {
      super(message);
    }
  }
}
