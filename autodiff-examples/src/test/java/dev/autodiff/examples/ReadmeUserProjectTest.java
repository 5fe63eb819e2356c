package dev.autodiff.examples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The README's dependency and plugin blocks are the ones the user project under {@code src/it/user-project} uses
 * (which the Maven invoker builds against the installed artifacts in {@code mvn verify}), word for word.
 */
class ReadmeUserProjectTest {
  private static final Path POM = Path.of("src/it/user-project/pom.xml");

  @Test
  void theReadmeShowsTheUserProjectsBlocks() throws IOException {
    String pom = Files.readString(POM, StandardCharsets.UTF_8);
    String readme = Files.readString(Path.of("../README.md"), StandardCharsets.UTF_8);
    for (String tag : List.of("DEPENDENCIES", "PLUGINS")) {
      String block = block(pom, tag);
      assertTrue(block.contains("<artifactId>"), tag + " block is empty");
      assertTrue(readme.contains("```xml\n" + block + "\n```"),
          () -> "README.md lacks the " + tag + " block of " + POM + ":\n" + block);
    }
    // the coordinates the blocks give are this build's
    assertTrue(block(pom, "DEPENDENCIES").contains("<version>" + projectVersion() + "</version>"),
        "the README's autodiff version is not the project's " + projectVersion());
  }

  /** The lines between the markers, less the first line's indentation. */
  static String block(String text, String tag) {
    String begin = "<!-- README-" + tag + "-BEGIN -->";
    String end = "<!-- README-" + tag + "-END -->";
    int from = text.indexOf('\n', text.indexOf(begin)) + 1;
    int to = text.lastIndexOf('\n', text.indexOf(end)) + 1;
    assertTrue(text.contains(begin) && to > from, "no " + tag + " markers");
    List<String> lines = text.substring(from, to).lines().toList();
    int indent = lines.get(0).length() - lines.get(0).stripLeading().length();
    return lines.stream().map(l -> l.length() >= indent ? l.substring(indent) : l.strip())
        .collect(Collectors.joining("\n"));
  }

  private static String projectVersion() throws IOException {
    String pom = Files.readString(Path.of("pom.xml"), StandardCharsets.UTF_8);
    int parent = pom.indexOf("<parent>");
    int v = pom.indexOf("<version>", parent) + "<version>".length();
    return pom.substring(v, pom.indexOf("</version>", v));
  }
}
