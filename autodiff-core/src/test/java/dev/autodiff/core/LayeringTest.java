package dev.autodiff.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The layers of autodiff-core hold: a class may use only its own package and the layers below its own. What a class
 * uses is read twice: from its compiled form (the constant pool: every class it names in code, fields, signatures
 * and annotations, fully qualified or not) and from its source's {@code import} lines (which also catch an unused
 * import). The layers, bottom to top, are {@link #LAYERS}; each package-info.java says the same.
 */
class LayeringTest {
  private static final String CORE = "dev/autodiff/core/";

  /**
   * Bottom to top; a unit may use the units of earlier layers, never those of its own layer (unless {@link #PEERS})
   * or later ones. A unit is a package below {@code dev.autodiff.core} (named relative to it), except that the root
   * package holds two units: {@code Require}, used by everyone, and the {@code Autodiff} facade, which may use
   * everything and is used by nothing in the library.
   */
  static final List<List<String>> LAYERS = List.of(
      List.of("Require"),
      List.of("tensor", "tensor.internal", "io"),
      List.of("kernels"),
      List.of("kernels.openblas"),
      List.of("graph", "graph.internal", "ops"),
      List.of("print"),
      List.of("grad"),
      List.of("exec"),
      List.of("viz", "check"),
      List.of("check.jqwik"),
      List.of("Autodiff"));

  /**
   * Units of one layer that depend on each other: an op's vector-Jacobian product is written with nodes, and
   * {@code Node}'s fluent methods build the primitive ops; a package and its unexported {@code internal} door. Value: the only classes of the first unit that may use
   * the second ({@code null}: all of them).
   */
  static final Map<List<String>, Set<String>> PEERS = Map.of(
      List.of("ops", "graph"), Set.of(),
      List.of("graph", "ops"), Set.of("dev.autodiff.core.graph.Node"),
      // the unexported doors: the class that owns the storage installs its access there, the engine above uses it
      List.of("tensor.internal", "tensor"), Set.of(),
      List.of("tensor", "tensor.internal"), Set.of("dev.autodiff.core.tensor.Tensor"),
      List.of("graph.internal", "graph"), Set.of(),
      List.of("graph", "graph.internal"), Set.of("dev.autodiff.core.graph.Parameter"));

  /** Found only through ServiceLoader or meant for users: no other unit may use them, whatever their layer. */
  static final Set<String> SEALED = Set.of("kernels.openblas", "check.jqwik", "Autodiff");

  /** Optional dependencies of autodiff-core, each confined to the one unit that is allowed to need it. */
  static final Map<String, String> OPTIONAL = Map.of(
      "org/bytedeco/", "kernels.openblas",
      "net/jqwik/", "check.jqwik");

  /**
   * Known violations of the order above, in files being reworked now: each entry is {@code "user -> used"} (top-level
   * class names). Remove an entry when its code is fixed; the test fails on an entry that no longer occurs.
   */
  static final Set<String> KNOWN_VIOLATIONS = Set.of();

  private static final Pattern CORE_CLASS = Pattern.compile("dev/autodiff/core/(?:[a-z][a-z0-9_]*/)*[A-Z][\\w$]*");
  private static final Pattern IMPORT = Pattern.compile(
      "^import\\s+(?:static\\s+)?((?:[a-z][a-z0-9_]*\\.)+)([A-Z]\\w*|\\*)", Pattern.MULTILINE);
  /** The main sources, from the module's directory (where surefire runs the tests). */
  private static final Path SOURCES = Path.of("src/main/java");

  /**
   * The printer, the executor and the drawings find what they need from an op through {@code Op} (its notation,
   * step, algebra, image geometry), never by naming an op class: a new op then prints, runs and draws untouched.
   */
  @Test
  void thePrinterTheExecutorAndTheDrawingsNameNoOpClass() throws IOException {
    List<String> offenders = new java.util.ArrayList<>();
    for (String unit : List.of("print", "exec", "viz")) {
      try (var files = Files.list(SOURCES.resolve(CORE + unit))) {
        for (Path f : files.filter(x -> x.toString().endsWith(".java")).toList()) {
          if (Files.readString(f).contains("import dev.autodiff.core.ops.")) {
            offenders.add(f.getFileName().toString());
          }
        }
      }
    }
    assertEquals(List.of(), offenders);
  }

  @Test
  void everyMainClassUsesOnlyItsOwnPackageAndTheLayersBelow() throws IOException {
    Map<String, Set<String>> uses = readMainClasses();
    assertTrue(uses.size() > 50, "read only " + uses.size() + " classes: " + uses.keySet());
    readMainSources().forEach((c, named) -> uses.computeIfAbsent(c, k -> new TreeSet<>()).addAll(named));
    List<String> problems = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (var e : uses.entrySet()) {
      String user = e.getKey();
      String from = unit(user);
      if (layer(from) < 0) {
        problems.add(user + ": package " + from + " has no layer: add it to LayeringTest.LAYERS and say where it "
            + "sits in its package-info.java");
        continue;
      }
      for (String used : e.getValue()) {
        String why = used.startsWith(CORE) ? check(user, from, name(used)) : checkOptional(from, used);
        if (why == null) {
          continue;
        }
        String edge = user + " -> " + (used.startsWith(CORE) ? name(used) : used.replace('/', '.') + "*");
        if (KNOWN_VIOLATIONS.contains(edge)) {
          seen.add(edge);
        } else {
          problems.add(edge + ": " + why);
        }
      }
    }
    for (String stale : new TreeSet<>(KNOWN_VIOLATIONS)) {
      if (!seen.contains(stale)) {
        problems.add(stale + ": listed in LayeringTest.KNOWN_VIOLATIONS but no longer happens: remove the entry");
      }
    }
    assertTrue(problems.isEmpty(), "layering of autodiff-core (bottom to top: " + LAYERS + "):\n  "
        + String.join("\n  ", problems) + "\n");
  }

  @Test
  void theSourcesAreReadToo() throws IOException {
    Map<String, Set<String>> imports = readMainSources();
    assertTrue(imports.containsKey("dev.autodiff.core.graph.Node"), imports.keySet().toString());
    assertTrue(imports.get("dev.autodiff.core.graph.Node").contains("dev/autodiff/core/ops/MatMul"),
        imports.get("dev.autodiff.core.graph.Node").toString());
  }

  @Test
  void everyPackageSaysInItsPackageInfoWhichLayerItIs() throws IOException {
    for (List<String> layer : LAYERS) {
      for (String unit : layer) {
        if (Character.isUpperCase(unit.charAt(0))) {
          continue; // the root package's two units share one package-info, which describes both
        }
        Path info = SOURCES.resolve(CORE + unit.replace('.', '/') + "/package-info.java");
        assertTrue(Files.exists(info), "missing " + info);
        assertTrue(Files.readString(info).contains("<p>Layer: "), info + " does not say which layer it is");
      }
    }
    assertTrue(Files.readString(SOURCES.resolve(CORE + "package-info.java")).contains("LayeringTest"));
  }

  @Test
  void theRulesThemselvesAreConsistent() {
    Set<String> units = new HashSet<>();
    for (List<String> layer : LAYERS) {
      for (String u : layer) {
        assertTrue(units.add(u), "unit in two layers: " + u);
      }
    }
    for (List<String> pair : PEERS.keySet()) {
      assertEquals(layer(pair.get(0)), layer(pair.get(1)), "peers must share a layer: " + pair);
    }
    assertTrue(units.containsAll(SEALED) && units.containsAll(OPTIONAL.values()));
    // printing needs only graphs, and the executor's error messages print formulas: print sits below grad and exec
    assertTrue(layer("print") < layer("exec") && layer("check.jqwik") < layer("Autodiff"));
  }

  /** Why {@code user} (in unit {@code from}) may not use core class {@code used}, or null when it may. */
  static String check(String user, String from, String used) {
    String to = unit(used);
    if (to.equals(from)) {
      return null;
    }
    int a = layer(from);
    int b = layer(to);
    if (b < 0) {
      return to + " has no layer";
    }
    if (SEALED.contains(to)) {
      return to + " is not to be used by the rest of the library";
    }
    if (b < a) {
      return null;
    }
    if (b == a) {
      Set<String> only = PEERS.get(List.of(from, to));
      if (only != null && (only.isEmpty() || only.contains(user))) {
        return null;
      }
      return only == null ? from + " and " + to + " share a layer and must not use each other"
          : "in " + from + " only " + only + " may use " + to;
    }
    return from + " (layer " + a + ") must not use " + to + " (layer " + b + ", above it)";
  }

  static String checkOptional(String from, String used) {
    for (var e : OPTIONAL.entrySet()) {
      if (used.startsWith(e.getKey()) && !from.equals(e.getValue())) {
        return "only " + e.getValue() + " may use the optional dependency " + e.getKey().replace('/', '.') + "*";
      }
    }
    return null;
  }

  /** {@code dev.autodiff.core.graph.Node} gives {@code graph}; the root package gives the class's own name. */
  static String unit(String className) {
    String rest = className.substring("dev.autodiff.core.".length());
    int dot = rest.lastIndexOf('.');
    return dot < 0 ? rest : rest.substring(0, dot);
  }

  static int layer(String unit) {
    for (int i = 0; i < LAYERS.size(); i++) {
      if (LAYERS.get(i).contains(unit)) {
        return i;
      }
    }
    return -1;
  }

  /** {@code dev/autodiff/core/graph/Node$Builder} gives {@code dev.autodiff.core.graph.Node}. */
  static String name(String internal) {
    int nested = internal.indexOf('$');
    return (nested < 0 ? internal : internal.substring(0, nested)).replace('/', '.');
  }

  /**
   * Top-level class name to what its classes (itself and nested ones) name: core classes as internal names, and
   * the packages of the optional dependencies.
   */
  static Map<String, Set<String>> readMainClasses() throws IOException {
    Path root;
    try {
      root = Path.of(Require.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IOException(e);
    }
    Map<String, Set<String>> uses = new TreeMap<>();
    if (Files.isDirectory(root)) {
      read(root, uses);
    } else {
      try (FileSystem jar = FileSystems.newFileSystem(root)) {
        read(jar.getPath("/"), uses);
      }
    }
    return uses;
  }

  private static void read(Path root, Map<String, Set<String>> uses) throws IOException {
    try (Stream<Path> files = Files.walk(root.resolve(CORE))) {
      for (Path f : (Iterable<Path>) files::iterator) {
        String rel = root.relativize(f).toString().replace('\\', '/');
        if (!rel.endsWith(".class") || rel.endsWith("package-info.class")) {
          continue;
        }
        Set<String> named = uses.computeIfAbsent(name(rel.substring(0, rel.length() - ".class".length())),
            k -> new TreeSet<>());
        try (InputStream in = Files.newInputStream(f)) {
          for (String s : constantPoolNames(in)) {
            Matcher m = CORE_CLASS.matcher(s);
            while (m.find()) {
              named.add(m.group());
            }
            for (String prefix : OPTIONAL.keySet()) {
              if (s.contains(prefix)) {
                named.add(prefix);
              }
            }
          }
        }
      }
    }
  }

  /** Top-level class name (from the file's path) to what its {@code import} lines name, as internal names. */
  static Map<String, Set<String>> readMainSources() throws IOException {
    Path root = SOURCES.resolve(CORE);
    assertTrue(Files.isDirectory(root), "no main sources at " + root.toAbsolutePath());
    Map<String, Set<String>> uses = new TreeMap<>();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        String rel = SOURCES.relativize(f).toString().replace('\\', '/');
        if (!rel.endsWith(".java") || rel.endsWith("package-info.java")) {
          continue;
        }
        Set<String> named = uses.computeIfAbsent(name(rel.substring(0, rel.length() - ".java".length())),
            k -> new TreeSet<>());
        Matcher m = IMPORT.matcher(Files.readString(f));
        while (m.find()) {
          String internal = (m.group(1) + m.group(2)).replace('.', '/');
          if (internal.startsWith(CORE)) {
            named.add(internal); // a wildcard import gives "pkg/*", which stands for the whole package
          }
          for (String prefix : OPTIONAL.keySet()) {
            if (internal.startsWith(prefix)) {
              named.add(prefix);
            }
          }
        }
      }
    }
    return uses;
  }

  /**
   * The UTF-8 entries of a class file's constant pool, except those that are only the text of string literals:
   * class names, descriptors and signatures.
   */
  static List<String> constantPoolNames(InputStream stream) throws IOException {
    DataInputStream in = new DataInputStream(stream);
    if (in.readInt() != 0xCAFEBABE) {
      throw new IOException("not a class file");
    }
    in.readUnsignedShort();
    in.readUnsignedShort();
    int count = in.readUnsignedShort();
    String[] utf8 = new String[count];
    Set<Integer> literals = new HashSet<>();
    for (int i = 1; i < count; i++) {
      int tag = in.readUnsignedByte();
      switch (tag) {
        case 1 -> utf8[i] = in.readUTF();
        case 8 -> literals.add(in.readUnsignedShort());
        case 7, 16, 19, 20 -> in.readUnsignedShort();
        case 15 -> in.skipNBytes(3);
        case 3, 4, 9, 10, 11, 12, 17, 18 -> in.skipNBytes(4);
        case 5, 6 -> {
          in.skipNBytes(8);
          i++; // longs and doubles take two entries
        }
        default -> throw new IOException("unknown constant pool tag " + tag + " at entry " + i);
      }
    }
    List<String> names = new ArrayList<>();
    for (int i = 1; i < count; i++) {
      if (utf8[i] != null && !literals.contains(i)) {
        names.add(utf8[i]);
      }
    }
    return names;
  }
}
