package dev.autodiff.core.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a class's {@code main} in a fresh JVM on this test run's class path, for checks that one JVM cannot make of
 * itself: that output is the same in another process (identity hash codes, enum and class hash codes, allocation
 * addresses all differ there), or measurements that need JVM flags of their own ({@code -Xint}).
 */
public final class ChildJvm {
  private ChildJvm() {}

  /** What the child printed and how it ended. */
  public record Result(int exitCode, String out) {}

  /** Runs {@code main}'s {@code main(args)} with the JVM options {@code jvmOptions}; waits for it to end. */
  public static Result run(Class<?> main, List<String> jvmOptions, String... args) {
    return runIn(null, main, jvmOptions, args);
  }

  /** As {@link #run}, in the working directory {@code dir} (null: this one). */
  public static Result runIn(Path dir, Class<?> main, List<String> jvmOptions, String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.add("-cp");
    // surefire runs tests from a manifest-only jar and keeps the real class path here
    command.add(System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")));
    command.add(main.getName());
    command.addAll(List.of(args));
    try {
      ProcessBuilder b = new ProcessBuilder(command).redirectErrorStream(true);
      if (dir != null) {
        b.directory(dir.toFile());
      }
      Process p = b.start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      return new Result(p.waitFor(), out);
    } catch (IOException e) {
      throw new IllegalStateException("could not start " + command, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for " + main.getName(), e);
    }
  }
}
