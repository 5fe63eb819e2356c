package dev.autodiff.core.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;

/** Keeps README code honest: a test's code between {@code // <tag>-BEGIN} and {@code // <tag>-END} is in the README. */
public final class ReadmeSnippets {
  private ReadmeSnippets() {}

  /** Asserts that the lines between the markers in {@code testSource} (less 4 spaces of indent) are in README.md. */
  public static void assertInReadme(Path testSource, String tag) throws IOException {
    String source = Files.readString(testSource);
    String begin = "// " + tag + "-BEGIN";
    String end = "// " + tag + "-END";
    int from = source.indexOf(begin);
    int to = source.indexOf(end);
    assertTrue(from >= 0 && to > from, "no " + begin + " ... " + end + " in " + testSource);
    String snippet = source.substring(from + begin.length(), to);
    String dedented = snippet.lines().map(l -> l.length() >= 4 ? l.substring(4) : l.strip())
        .collect(Collectors.joining("\n")).strip();
    String readme = Files.readString(Path.of("../README.md"));
    assertTrue(readme.contains("```java\n" + dedented + "\n```"),
        "README.md must contain this snippet verbatim, as a whole java block:\n" + dedented);
  }
}
