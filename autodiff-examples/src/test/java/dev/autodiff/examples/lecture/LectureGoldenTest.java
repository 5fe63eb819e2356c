package dev.autodiff.examples.lecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.autodiff.core.io.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The lecture subcommand's traces and drawings, byte for byte against the reviewed copies in
 * {@code src/test/resources/golden/lecture}. After an intended change, regenerate them with
 * {@code mvn -pl autodiff-examples test -Dtest=LectureGoldenTest -Dgolden.update=true}, review the diff, and
 * commit it. The numbers in these files are checked independently of the files in {@link LectureNumbersTest}.
 */
class LectureGoldenTest {
  private static final Path GOLDEN = Path.of("src/test/resources/golden/lecture");

  @Test
  void filesMatchTheGoldenCopies() throws IOException {
    Map<String, String> files = LectureFiles.all();
    if (Boolean.getBoolean("golden.update")) {
      if (Files.exists(GOLDEN)) {
        try (Stream<Path> old = Files.walk(GOLDEN)) {
          for (Path p : old.sorted((a, b) -> b.compareTo(a)).toList()) {
            Files.delete(p);
          }
        }
      }
      for (Map.Entry<String, String> f : files.entrySet()) {
        AtomicFiles.writeString(GOLDEN.resolve(f.getKey()), f.getValue());
      }
    }
    assertTrue(Files.isDirectory(GOLDEN), "no golden files at " + GOLDEN.toAbsolutePath());
    TreeSet<String> onDisk = new TreeSet<>();
    try (Stream<Path> walk = Files.walk(GOLDEN)) {
      walk.filter(Files::isRegularFile).forEach(p -> onDisk.add(GOLDEN.relativize(p).toString().replace('\\', '/')));
    }
    assertEquals(onDisk, new TreeSet<>(files.keySet()), "the set of files");
    List<String> differences = new ArrayList<>();
    for (Map.Entry<String, String> f : files.entrySet()) {
      String expected = Files.readString(GOLDEN.resolve(f.getKey()), StandardCharsets.UTF_8);
      if (!expected.equals(f.getValue())) {
        differences.add(f.getKey() + ": " + firstDifference(expected, f.getValue()));
      }
    }
    if (!differences.isEmpty()) {
      fail("differs from the golden copy (regenerate with -Dgolden.update=true if intended):\n"
          + String.join("\n", differences));
    }
  }

  @Test
  void filesAreTheSameOnEveryRun() {
    assertEquals(LectureFiles.all(), LectureFiles.all());
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
