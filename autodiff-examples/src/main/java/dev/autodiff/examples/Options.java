package dev.autodiff.examples;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A subcommand's parsed options: {@code --name value}, {@code --name=value} and {@code --flag}, each declared by an
 * {@link Option}. An option the command does not declare, a value that does not parse and a missing value are
 * {@link UsageException}s that name the option.
 */
public final class Options {
  private final Map<String, Object> values = new HashMap<>();

  private Options() {}

  /** Parses {@code args} against {@code declared}. */
  public static Options parse(List<Option<?>> declared, List<String> args) {
    Map<String, Option<?>> byName = new LinkedHashMap<>();
    for (Option<?> o : declared) {
      byName.put(o.name(), o);
    }
    Options parsed = new Options();
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (!arg.startsWith("--") || arg.length() == 2) {
        throw new UsageException("unexpected argument '" + arg + "'");
      }
      String name = arg.substring(2);
      String value = null;
      int eq = name.indexOf('=');
      if (eq >= 0) {
        value = name.substring(eq + 1);
        name = name.substring(0, eq);
      }
      Option<?> o = byName.get(name);
      if (o == null) {
        throw new UsageException("unknown option --" + name);
      }
      if (value == null && !o.isFlag()) {
        if (i + 1 >= args.size() || args.get(i + 1).startsWith("--")) {
          throw new UsageException("option --" + name + " needs a value");
        }
        value = args.get(++i);
      }
      parsed.values.put(name, o.parse(value == null ? "" : value));
    }
    return parsed;
  }

  /** The value of {@code option}: as given, or its default. */
  @SuppressWarnings("unchecked")
  public <T> T get(Option<T> option) {
    return values.containsKey(option.name()) ? (T) values.get(option.name()) : option.fallback();
  }

  /** Whether {@code option} was given on the command line. */
  public boolean given(Option<?> option) {
    return values.containsKey(option.name());
  }

  /** Bad command-line use: the message is shown with a hint to {@code --help}. */
  public static final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UsageException(String message) {
      super(message);
    }
  }
}
