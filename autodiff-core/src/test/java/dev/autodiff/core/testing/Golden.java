package dev.autodiff.core.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.autodiff.core.io.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Golden files: text a test produces, compared byte for byte with reviewed copies under the module's
 * {@code src/test/resources/golden/<name>/}. The copies were written by an earlier run, in another JVM, and read by
 * a person, so they are independent of the code that produces the text now, and of this JVM's state. After an
 * intended change, regenerate them with {@code -Dgolden.update=true}, review the diff and commit it.
 *
 * <p>The folder is found from the test class's own location ({@code <module>/target/test-classes}), so the test
 * works from any working directory.
 */
public final class Golden {
  private Golden() {}

  /** {@code <module>/src/test/resources/golden/<name>}, for the module whose test classes hold {@code anchor}. */
  public static Path directory(Class<?> anchor, String name) {
    Path classes = Modules.codeSource(anchor);  // <module>/target/test-classes
    Path module = classes.getParent().getParent();
    return module.resolve("src/test/resources/golden").resolve(name);
  }

  /** Asserts that {@code files} (relative path to text) are exactly the golden copies, no more and no fewer. */
  public static void assertMatches(Class<?> anchor, String name, Map<String, String> files) {
    Path dir = directory(anchor, name);
    try {
      if (Boolean.getBoolean("golden.update")) {
        if (Files.exists(dir)) {
          try (Stream<Path> old = Files.walk(dir)) {
            for (Path p : old.sorted((a, b) -> b.compareTo(a)).toList()) {
              Files.delete(p);
            }
          }
        }
        for (Map.Entry<String, String> f : files.entrySet()) {
          AtomicFiles.writeString(dir.resolve(f.getKey()), f.getValue());
        }
      }
      assertTrue(Files.isDirectory(dir), "no golden files at " + dir.toAbsolutePath());
      TreeSet<String> onDisk = new TreeSet<>();
      try (Stream<Path> walk = Files.walk(dir)) {
        walk.filter(Files::isRegularFile).forEach(p -> onDisk.add(dir.relativize(p).toString().replace('\\', '/')));
      }
      assertEquals(onDisk, new TreeSet<>(files.keySet()), "the set of files under " + dir);
      List<String> differences = new ArrayList<>();
      for (Map.Entry<String, String> f : files.entrySet()) {
        String expected = Files.readString(dir.resolve(f.getKey()), StandardCharsets.UTF_8);
        if (!expected.equals(f.getValue())) {
          differences.add(f.getKey() + ": " + firstDifference(expected, f.getValue()));
        }
      }
      if (!differences.isEmpty()) {
        fail("differs from the golden copy under " + dir + " (regenerate with -Dgolden.update=true if intended):\n"
            + String.join("\n", differences));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String firstDifference(String expected, String actual) {
    String[] e = expected.split("\n", -1);
    String[] a = actual.split("\n", -1);
    for (int i = 0; i < Math.max(e.length, a.length); i++) {
      String el = i < e.length ? e[i] : "<end>";
      String al = i < a.length ? a[i] : "<end>";
      if (!el.equals(al)) {
        return "line " + (i + 1) + "\n  expected: " + el + "\n  actual:   " + al;
      }
    }
    return "?";
  }
}
