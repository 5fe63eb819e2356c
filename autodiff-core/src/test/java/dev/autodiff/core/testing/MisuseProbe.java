package dev.autodiff.core.testing;

import java.io.IOException;
import java.lang.reflect.Array;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Calls every public method and constructor of a module with one bad argument at a time and collects every call that
 * fails in a way the library promises it never does. Shared by the core and nn {@code PublicApiMisuseTest}s (nn
 * reaches it through core's test-jar).
 *
 * <p>What is probed, for every public, non-synthetic method and constructor of every public class (nested ones
 * included) found in the module's classes directory:
 *
 * <ul>
 *   <li>each reference parameter in turn set to {@code null}, the others valid samples;
 *   <li>each array or collection parameter in turn set to one {@code null} element;
 *   <li>each {@code int} or {@code long} parameter in turn set to {@code -1} and to {@code 1_000_000}, and (with two
 *       or more) all of them at {@code 1_000_000} at once, so that a {@code 1_000_000 x 1_000_000} size must be
 *       refused before anything is allocated.
 * </ul>
 *
 * <p>Instance methods are called on every receiver the sample table has for the declaring type (a fresh set of
 * samples, sharing one graph, for every call). A call passes when it returns normally, or throws
 * {@link IllegalArgumentException}, {@link IllegalStateException}, {@link UnsupportedOperationException}, or a checked
 * exception the method declares, and the exception's message is non-empty and <em>names the method</em>: it contains
 * (case-insensitively) the method's name, its class's simple name (or an enclosing class's), the receiver's own name
 * (the first word of its {@code name()}, {@code describe()} or {@code toString()}: a loss or a layer may name itself,
 * {@code "mse: prediction is null"}, {@code "dense d1: input is null"}) or an alias registered for it; a name of four or
 * more letters may appear inside a longer word or with other punctuation ({@code logSumExp} matches {@code
 * log-sum-exp}), a shorter one must stand as a word. Every other outcome is an offender: any other exception
 * ({@code NullPointerException}, {@code IndexOutOfBoundsException}, {@code ClassCastException}, {@code
 * ArithmeticException}, {@code NegativeArraySizeException} ...), an {@link Error} ({@code OutOfMemoryError} from a
 * size that was not checked), a blank or anonymous message, or a call that does not return within the time limit.
 * {@code equals(null)} must return false; {@code equals}, {@code hashCode}, {@code toString} and the compiler's
 * enum {@code values()} / {@code valueOf(String)} (specified by the JLS to throw NullPointerException) are not
 * probed otherwise. Arguments are counted from 0, as the library's messages count inputs.
 */
public final class MisuseProbe {
  /** Makes one sample value; {@code s} gives the other samples of the same call (one graph per call). */
  @FunctionalInterface
  public interface Maker {
    Object make(Samples s) throws Exception;
  }

  /** The samples of one call: each type is made once, so all nodes of one call share a graph. */
  public static final class Samples {
    private final MisuseProbe probe;
    private final Map<Class<?>, Object> made = new HashMap<>();
    private int names;

    private Samples(MisuseProbe probe) {
      this.probe = probe;
    }

    /** The first registered sample of {@code type}, made at most once per call. */
    public <T> T get(Class<T> type) {
      Object value = made.get(type);
      if (value == null) {
        List<Maker> makers = probe.makers.get(type);
        if (makers == null) {
          throw new NoSample(type);
        }
        try {
          value = makers.get(0).make(this);
        } catch (NoSample e) {
          throw e;
        } catch (Exception e) {
          throw new IllegalStateException("sample of " + type.getName() + " failed", e);
        }
        made.put(type, value);
      }
      return type.cast(value);
    }

    /** A fresh name, unique within the call, for parameters and inputs. */
    public String name() {
      return "s" + (++names);
    }
  }

  private static final class NoSample extends RuntimeException {
    final Class<?> type;

    NoSample(Class<?> type) {
      super("no sample of " + type.getName());
      this.type = type;
    }
  }

  private static final Set<String> OBJECT_METHODS = Set.of("equals", "hashCode", "toString");
  private static final long TIMEOUT_SECONDS = 20;

  private final Class<?> anchor;
  private final Map<Class<?>, List<Maker>> makers = new LinkedHashMap<>();
  private final Map<Class<?>, String> argumentOnly = new LinkedHashMap<>();
  private final Map<String, String> excluded = new LinkedHashMap<>();
  private final List<java.util.function.Predicate<Executable>> excludedIf = new ArrayList<>();
  private final Map<String, List<String>> aliases = new HashMap<>();
  private final Map<String, String> expected = new LinkedHashMap<>();
  private final List<Runnable> afterEach = new ArrayList<>();
  private final Map<String, Map<Integer, Maker>> overrides = new LinkedHashMap<>();

  private MisuseProbe(Class<?> anchor) {
    this.anchor = anchor;
  }

  /** Probes every public class in the classes directory (or jar) that {@code anchor} was loaded from. */
  public static MisuseProbe ofModuleOf(Class<?> anchor) {
    return new MisuseProbe(anchor);
  }

  /** Registers samples of {@code type}: the first is used as an argument, all of them as receivers. */
  public MisuseProbe sample(Class<?> type, Maker... ways) {
    makers.computeIfAbsent(type, t -> new ArrayList<>()).addAll(Arrays.asList(ways));
    return this;
  }

  /**
   * Registers an argument sample of a type whose own methods are not probed (for instance an interface only callers
   * implement: probing its methods would probe the test's implementation), saying why.
   */
  public MisuseProbe argumentOnly(Class<?> type, String why, Maker way) {
    argumentOnly.put(type, why);
    return sample(type, way);
  }

  /** Leaves out every member whose key ({@code Class.method(params)}) starts with {@code keyPrefix}, saying why. */
  public MisuseProbe exclude(String keyPrefix, String why) {
    excluded.put(keyPrefix, why);
    return this;
  }

  /**
   * Leaves out every method named one of {@code names} that a class declares while implementing {@code iface}
   * (an engine interface whose callers are the library itself), saying why.
   */
  public MisuseProbe excludeImplementationsOf(Class<?> iface, String why, String... names) {
    Set<String> set = Set.of(names);
    excluded.put(iface.getSimpleName() + "." + set + " and their implementations", why);
    excludedIf.add(m -> m instanceof Method && set.contains(m.getName())
        && iface.isAssignableFrom(m.getDeclaringClass()));
    return this;
  }

  /** Another word that names {@code Class.method} in its messages (an op name such as {@code add} for plus). */
  public MisuseProbe alias(String classDotMethod, String... words) {
    aliases.computeIfAbsent(classDotMethod, k -> new ArrayList<>()).addAll(Arrays.asList(words));
    return this;
  }

  /**
   * A known offender whose fix is pending elsewhere: the report keeps it apart, and the test must fail when it no
   * longer offends, so that the entry is removed.
   */
  public MisuseProbe expectedOffender(String finding, String why) {
    expected.put(finding, why);
    return this;
  }

  /**
   * The valid sample of argument {@code index} of the members whose key starts with {@code keyPrefix}, where the
   * type's usual sample is not valid there (a scalar output where a gradient is taken).
   */
  public MisuseProbe argument(String keyPrefix, int index, Maker way) {
    overrides.computeIfAbsent(keyPrefix, k -> new HashMap<>()).put(index, way);
    return this;
  }

  /** Runs after every call (restores global state a probe may have changed). */
  public MisuseProbe afterEach(Runnable action) {
    afterEach.add(action);
    return this;
  }

  /** What one run found. */
  public record Report(
      int members, int calls, List<String> offenders, List<String> uncovered, List<String> noLongerOffending,
      List<String> stillExpected) {
    /** Every problem in one message, or empty when there is none. */
    public String problems() {
      StringBuilder b = new StringBuilder();
      section(b, "offenders", offenders);
      section(b, "uncovered (no sample to call them with; add one or a commented exclusion)", uncovered);
      section(b, "expected offenders that no longer offend (remove them from the list)", noLongerOffending);
      return b.toString();
    }

    private static void section(StringBuilder b, String title, List<String> lines) {
      if (!lines.isEmpty()) {
        b.append(lines.size()).append(' ').append(title).append(":\n");
        lines.forEach(l -> b.append("  ").append(l).append('\n'));
      }
    }
  }

  /** Probes everything and returns what it found. */
  public Report run() throws Exception {
    List<String> offenders = new ArrayList<>();
    Set<String> uncovered = new TreeSet<>();
    int members = 0;
    int calls = 0;
    ExecutorService[] executor = {newExecutor()};
    try {
      for (Class<?> type : publicClasses()) {
        for (Executable member : members(type)) {
          String key = key(member);
          if (isExcluded(key) || excludedIf.stream().anyMatch(p -> p.test(member))) {
            continue;
          }
          boolean isStatic = member instanceof Constructor<?> || Modifier.isStatic(member.getModifiers());
          List<Probe> probes = probes(member);
          if (probes.isEmpty()) {
            continue;  // no parameters: nothing to misuse
          }
          List<Maker> receivers = isStatic ? List.of(s -> null) : receiversOf(type);
          if (receivers == null) {
            uncovered.add(key + ": no sample of the receiver " + type.getName());
            continue;
          }
          members++;
          for (int r = 0; r < receivers.size(); r++) {
            for (Probe probe : probes) {
              calls++;
              String where = receivers.size() > 1 ? key + " on receiver " + r : key;
              Optional<String> finding;
              try {
                finding = call(executor, member, receivers.get(r), probe);
              } catch (NoSample e) {
                uncovered.add(key + ": no sample of " + e.type.getName());
                break;
              }
              finding.ifPresent(f -> offenders.add(where + " " + probe.label + ": " + f));
            }
          }
        }
      }
    } finally {
      executor[0].shutdownNow();
    }
    List<String> unexpected = new ArrayList<>();
    Set<String> stillExpected = new LinkedHashSet<>();
    for (String offender : offenders) {
      Optional<String> match = expected.keySet().stream().filter(offender::startsWith).findFirst();
      if (match.isPresent()) {
        stillExpected.add(match.get());
      } else {
        unexpected.add(offender);
      }
    }
    List<String> fixed = expected.keySet().stream().filter(e -> !stillExpected.contains(e)).toList();
    return new Report(members, calls, unexpected, List.copyOf(uncovered), fixed, List.copyOf(stillExpected));
  }

  private List<Maker> receiversOf(Class<?> type) {
    if (makers.containsKey(type) || !type.isEnum()) {
      return makers.get(type);
    }
    return Arrays.stream(type.getEnumConstants()).map(c -> (Maker) s -> c).toList();
  }

  /** The exclusions, each with its reason, for the report. */
  public Map<String, String> exclusions() {
    Map<String, String> all = new LinkedHashMap<>(excluded);
    argumentOnly.forEach((t, why) -> all.put(simpleName(t) + " (methods; used only as an argument)", why));
    return all;
  }

  private boolean isExcluded(String key) {
    return excluded.keySet().stream().anyMatch(key::startsWith)
        || argumentOnly.keySet().stream().anyMatch(t -> key.startsWith(simpleName(t) + "."));
  }

  private static ExecutorService newExecutor() {
    return Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "misuse-probe");
      t.setDaemon(true);
      return t;
    });
  }

  private record Probe(String label, int index, Object value, boolean allInts) {}

  private static final Object NULL_ELEMENT = new Object();

  private static List<Probe> probes(Executable member) {
    List<Probe> probes = new ArrayList<>();
    Class<?>[] types = member.getParameterTypes();
    int ints = 0;
    for (int i = 0; i < types.length; i++) {
      Class<?> t = types[i];
      if (t == int.class || t == long.class) {
        ints++;
        probes.add(new Probe("with -1 at arg " + i, i, -1, false));
        probes.add(new Probe("with 1000000 at arg " + i, i, 1_000_000, false));
      } else if (!t.isPrimitive()) {
        probes.add(new Probe("with null at arg " + i, i, null, false));
        if ((t.isArray() && !t.getComponentType().isPrimitive()) || Collection.class.isAssignableFrom(t)) {
          probes.add(new Probe("with a null element at arg " + i, i, NULL_ELEMENT, false));
        }
      }
    }
    if (ints >= 2) {
      probes.add(new Probe("with 1000000 at every int arg", -1, 1_000_000, true));
    }
    return probes;
  }

  private Optional<String> call(ExecutorService[] executor, Executable member, Maker receiver, Probe probe)
      throws Exception {
    Samples s = new Samples(this);
    Object target = receiver.make(s);
    Object[] args = arguments(member, s);
    List<String> receiverNames = names(target);
    Class<?>[] types = member.getParameterTypes();
    if (probe.allInts) {
      for (int i = 0; i < types.length; i++) {
        if (types[i] == int.class || types[i] == long.class) {
          args[i] = integer(types[i], 1_000_000);
        }
      }
    } else if (probe.value == NULL_ELEMENT) {
      Class<?> t = types[probe.index];
      if (t.isArray()) {
        args[probe.index] = Array.newInstance(t.getComponentType(), 1);
      } else {
        args[probe.index] = t.isAssignableFrom(List.class) ? Arrays.asList((Object) null) : null;
        if (args[probe.index] == null) {
          return Optional.empty(); // a collection type other than List or Collection: no sample
        }
      }
    } else if (probe.value instanceof Integer n) {
      args[probe.index] = integer(types[probe.index], n);
    } else {
      args[probe.index] = null;
    }
    Future<Object> future = executor[0].submit(() -> invoke(member, target, args));
    Throwable thrown;
    try {
      future.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
      return Optional.empty();
    } catch (TimeoutException e) {
      future.cancel(true);
      executor[0].shutdownNow();
      executor[0] = newExecutor();
      return Optional.of("did not return within " + TIMEOUT_SECONDS + " s");
    } catch (ExecutionException e) {
      thrown = e.getCause() instanceof InvocationTargetException ite ? ite.getCause() : e.getCause();
    } finally {
      afterEach.forEach(Runnable::run);
    }
    return judge(member, receiverNames, thrown);
  }

  /** What a receiver calls itself: its {@code name()}, {@code describe()} and {@code toString()}, first words. */
  private static List<String> names(Object target) {
    List<String> names = new ArrayList<>();
    if (target == null) {
      return names;
    }
    for (String method : List.of("name", "describe", "toString")) {
      try {
        Method m = target.getClass().getMethod(method);
        m.setAccessible(true);
        if (m.getReturnType() == String.class && m.invoke(target) instanceof String name && !name.isBlank()) {
          names.add(name.strip().split("[\\s(\\[:,]", 2)[0]);
        }
      } catch (ReflectiveOperationException | RuntimeException e) {
        // a receiver without that method, or one that cannot say
      }
    }
    return names;
  }

  private static Object invoke(Executable member, Object target, Object[] args) throws Exception {
    if (member instanceof Constructor<?> c) {
      return c.newInstance(args);
    }
    return ((Method) member).invoke(target, args);
  }

  private static Object integer(Class<?> type, int value) {
    return type == long.class ? (Object) (long) value : (Object) value;
  }

  private Optional<String> judge(Executable member, List<String> receiverNames, Throwable thrown) {
    String name = thrown.getClass().getSimpleName() + ": " + thrown.getMessage();
    boolean allowed = thrown instanceof IllegalArgumentException
        || thrown instanceof IllegalStateException
        || thrown instanceof UnsupportedOperationException
        || Arrays.stream(member.getExceptionTypes()).anyMatch(t -> t.isInstance(thrown) && !RuntimeException.class.isAssignableFrom(t));
    if (!allowed) {
      return Optional.of(name + at(thrown));
    }
    String message = thrown.getMessage();
    if (message == null || message.isBlank()) {
      return Optional.of(thrown.getClass().getSimpleName() + " with no message" + at(thrown));
    }
    if (!namesMember(member, receiverNames, message)) {
      return Optional.of("message does not name " + memberName(member) + ": " + name);
    }
    return Optional.empty();
  }

  private static String at(Throwable thrown) {
    StackTraceElement[] trace = thrown.getStackTrace();
    return trace.length == 0 ? "" : " (at " + trace[0] + ")";
  }

  private boolean namesMember(Executable member, List<String> receiverNames, String message) {
    String lower = message.toLowerCase(Locale.ROOT);
    String letters = lower.replaceAll("[^a-z0-9]", "");
    List<String> words = new ArrayList<>();
    Class<?> type = member.getDeclaringClass();
    words.add(memberName(member));
    words.addAll(receiverNames);
    for (Class<?> c = type; c != null; c = c.getEnclosingClass()) {
      words.add(c.getSimpleName());
    }
    words.addAll(aliases.getOrDefault(simpleName(type) + "." + memberName(member), List.of()));
    words.addAll(aliases.getOrDefault(simpleName(type) + ".*", List.of()));
    for (String word : words) {
      String w = word.toLowerCase(Locale.ROOT);
      if (w.isBlank()) {
        continue;
      }
      if (w.length() >= 4 ? letters.contains(w.replaceAll("[^a-z0-9]", ""))
          : Pattern.compile("\\b" + Pattern.quote(w) + "\\b").matcher(lower).find()) {
        return true;
      }
    }
    return false;
  }

  private static String memberName(Executable member) {
    return member instanceof Constructor<?> ? member.getDeclaringClass().getSimpleName() : member.getName();
  }

  private Object[] arguments(Executable member, Samples s) {
    Class<?>[] types = member.getParameterTypes();
    Type[] generic = member.getGenericParameterTypes();
    // Inner (non-static nested) class constructors have an implicit first parameter missing from the generic types.
    int shift = types.length - generic.length;
    Object[] args = new Object[types.length];
    Map<Integer, Maker> special = new HashMap<>();
    overrides.forEach((prefix, ways) -> {
      if (key(member).startsWith(prefix)) {
        special.putAll(ways);
      }
    });
    for (int i = 0; i < types.length; i++) {
      if (special.containsKey(i)) {
        try {
          args[i] = special.get(i).make(s);
        } catch (Exception e) {
          throw new IllegalStateException("sample of argument " + i + " of " + key(member) + " failed", e);
        }
      } else {
        args[i] = value(types[i], i >= shift ? generic[i - shift] : types[i], s);
      }
    }
    if (member.isVarArgs() && args.length > 0 && Array.getLength(args[args.length - 1]) == 0) {
      Class<?> component = types[types.length - 1].getComponentType();
      Object one = Array.newInstance(component, 1);
      Array.set(one, 0, value(component, component, s));
      args[args.length - 1] = one;
    }
    return args;
  }

  private Object value(Class<?> type, Type generic, Samples s) {
    if (type == int.class) {
      return 1;
    } else if (type == long.class) {
      return 1L;
    } else if (type == double.class) {
      return 0.5;
    } else if (type == boolean.class) {
      return false;
    } else if (type.isEnum()) {
      return type.getEnumConstants()[0];
    } else if (type == List.class || type == Collection.class) {
      Class<?> element = elementClass(generic);
      return List.of(value(element, element, s));
    } else if (type == Optional.class) {
      return Optional.empty();
    } else if (type.isArray() && !makers.containsKey(type)) {
      Class<?> component = type.getComponentType();
      if (component.isPrimitive()) {
        return s.get(type);
      }
      Object array = Array.newInstance(component, 1);
      Array.set(array, 0, value(component, component, s));
      return array;
    }
    return s.get(type);
  }

  private static Class<?> elementClass(Type generic) {
    if (generic instanceof ParameterizedType p) {
      Type arg = p.getActualTypeArguments()[0];
      if (arg instanceof WildcardType w) {
        arg = w.getUpperBounds()[0];
      }
      if (arg instanceof Class<?> c) {
        return c;
      }
      if (arg instanceof ParameterizedType pp) {
        return (Class<?>) pp.getRawType();
      }
    }
    return Object.class;
  }

  private List<Class<?>> publicClasses() throws IOException, URISyntaxException {
    Path root = Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
    List<String> names;
    try (Stream<Path> files = Files.walk(root)) {
      names = files
          .map(p -> root.relativize(p).toString().replace('\\', '/'))
          .filter(n -> n.endsWith(".class") && !n.endsWith("package-info.class") && !n.equals("module-info.class"))
          .map(n -> n.substring(0, n.length() - ".class".length()).replace('/', '.'))
          .sorted()
          .collect(Collectors.toList());
    }
    List<Class<?>> classes = new ArrayList<>();
    for (String name : names) {
      Class<?> c;
      try {
        c = Class.forName(name, false, anchor.getClassLoader());
      } catch (ClassNotFoundException | LinkageError e) {
        continue;
      }
      if (isPublic(c) && !c.isSynthetic() && !c.isAnonymousClass() && !c.isLocalClass()) {
        classes.add(c);
      }
    }
    if (classes.isEmpty()) {
      throw new IllegalStateException("misuse probe: no public classes under " + root);
    }
    return classes;
  }

  private static boolean isPublic(Class<?> c) {
    for (; c != null; c = c.getEnclosingClass()) {
      if (!Modifier.isPublic(c.getModifiers())) {
        return false;
      }
    }
    return true;
  }

  private List<Executable> members(Class<?> type) {
    List<Executable> members = new ArrayList<>();
    if (!Modifier.isAbstract(type.getModifiers()) || type.isEnum()) {
      Arrays.stream(type.getDeclaredConstructors())
          .filter(c -> Modifier.isPublic(c.getModifiers()) && !c.isSynthetic())
          .forEach(members::add);
    }
    for (Method m : type.getDeclaredMethods()) {
      if (!Modifier.isPublic(m.getModifiers()) || m.isSynthetic() || m.isBridge()) {
        continue;
      }
      if (OBJECT_METHODS.contains(m.getName()) && isObjectMethod(m)) {
        continue;
      }
      if (type.isEnum() && Modifier.isStatic(m.getModifiers())
          && (m.getName().equals("values") && m.getParameterCount() == 0
              || m.getName().equals("valueOf") && Arrays.equals(m.getParameterTypes(), new Class<?>[] {String.class}))) {
        continue;
      }
      members.add(m);
    }
    members.sort((a, b) -> key(a).compareTo(key(b)));
    return members;
  }

  private static boolean isObjectMethod(Method m) {
    try {
      Object.class.getMethod(m.getName(), m.getParameterTypes());
      return true;
    } catch (NoSuchMethodException e) {
      return false;
    }
  }

  /** {@code equals(null)} is false on every receiver of every public class that has one. */
  public List<String> equalsNullOffenders() throws Exception {
    List<String> offenders = new ArrayList<>();
    for (Class<?> type : publicClasses()) {
      for (Maker maker : makers.getOrDefault(type, List.of())) {
        Object receiver = maker.make(new Samples(this));
        try {
          if (receiver.equals(null)) {
            offenders.add(simpleName(type) + ".equals(null) returned true");
          }
        } catch (RuntimeException e) {
          offenders.add(simpleName(type) + ".equals(null) threw " + e);
        }
      }
    }
    return offenders;
  }

  private static String simpleName(Class<?> type) {
    String name = type.getName();
    return name.substring(name.lastIndexOf('.') + 1).replace('$', '.');
  }

  /** {@code Class.method(ParamType, ...)}, nested classes as {@code Outer.Inner}. */
  static String key(Executable member) {
    String params = Arrays.stream(member.getParameterTypes())
        .map(t -> t.isArray() ? t.getComponentType().getSimpleName() + "[]" : t.getSimpleName())
        .collect(Collectors.joining(", "));
    return simpleName(member.getDeclaringClass()) + "." + memberName(member) + "(" + params + ")";
  }
}
