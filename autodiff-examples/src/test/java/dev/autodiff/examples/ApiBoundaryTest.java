package dev.autodiff.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autodiff.core.Autodiff;
import dev.autodiff.nn.Model;
import java.io.IOException;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * autodiff-nn and the examples use only what autodiff-core's module exports (nn's own module descriptor makes the
 * compiler hold nn to that; the examples are a class-path application, so their class files are read here).
 */
class ApiBoundaryTest {
  private static final Pattern CORE_CLASS = Pattern.compile("dev/autodiff/core/((?:[a-z][a-z0-9_]*/)*)[A-Z]");

  @Test
  void nnAndTheExamplesUseOnlyCoresExportedPackages() throws IOException {
    Set<String> exported = exports(codeSource(Autodiff.class), "dev.autodiff.core");
    assertTrue(exported.contains("dev.autodiff.core.graph") && !exported.contains("dev.autodiff.core.tensor.internal"),
        "read core's exports: " + exported);
    TreeMap<String, Set<String>> offenders = new TreeMap<>();
    int[] read = new int[1];
    for (Path root : List.of(codeSource(Model.class), codeSource(Main.class))) {
      classes(root, (name, bytes) -> {
        read[0]++;
        Matcher m = CORE_CLASS.matcher(new String(bytes, StandardCharsets.ISO_8859_1));
        while (m.find()) {
          String pkg = ("dev/autodiff/core/" + m.group(1)).replaceAll("/$", "").replace('/', '.');
          if (!exported.contains(pkg)) {
            offenders.computeIfAbsent(name, k -> new TreeSet<>()).add(pkg);
          }
        }
      });
    }
    assertTrue(read[0] > 50, "read only " + read[0] + " classes");
    assertEquals(new TreeMap<>(), offenders, "classes of nn and the examples using packages core does not export");
  }

  @Test
  void theScanSeesAnInternalReference() {
    // the pattern the test relies on, against the bytes a class referring to the door would hold
    Matcher m = CORE_CLASS.matcher("Ldev/autodiff/core/tensor/internal/TensorStorage;");
    assertTrue(m.find());
    assertEquals("tensor/internal/", m.group(1));
    assertFalse(CORE_CLASS.matcher("Ldev/autodiff/nn/Model;").find());
  }

  /** The packages a module descriptor exports to everyone. */
  static Set<String> exports(Path location, String module) {
    ModuleDescriptor d = ModuleFinder.of(location).find(module).orElseThrow(
        () -> new AssertionError(location + " holds no module " + module)).descriptor();
    return d.exports().stream().filter(e -> !e.isQualified()).map(ModuleDescriptor.Exports::source)
        .collect(Collectors.toCollection(TreeSet::new));
  }

  interface ClassVisitor {
    void visit(String name, byte[] bytes) throws IOException;
  }

  static void classes(Path root, ClassVisitor v) throws IOException {
    if (Files.isDirectory(root)) {
      walk(root, v);
    } else {
      try (FileSystem jar = FileSystems.newFileSystem(root)) {
        walk(jar.getPath("/"), v);
      }
    }
  }

  private static void walk(Path root, ClassVisitor v) throws IOException {
    List<Path> files;
    try (Stream<Path> s = Files.walk(root)) {
      files = s.filter(p -> p.toString().endsWith(".class") && !p.endsWith("module-info.class"))
          .collect(Collectors.toCollection(ArrayList::new));
    }
    for (Path p : files) {
      v.visit(root.relativize(p).toString(), Files.readAllBytes(p));
    }
  }

  static Path codeSource(Class<?> c) {
    try {
      return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
