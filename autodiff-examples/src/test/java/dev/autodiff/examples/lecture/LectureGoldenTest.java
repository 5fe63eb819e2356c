package dev.autodiff.examples.lecture;

import dev.autodiff.core.testing.Golden;
import org.junit.jupiter.api.Test;

/**
 * The lecture subcommand's traces and drawings, byte for byte against the reviewed copies in
 * {@code src/test/resources/golden/lecture} (found relative to this module, from any working directory). After an
 * intended change, regenerate them with
 * {@code mvn -pl autodiff-examples test -Dtest=LectureGoldenTest -Dgolden.update=true}, review the diff, and commit
 * it. The copies were written by another JVM, so this is also the check that the files are the same on every run
 * (which comparing two runs in one JVM could not show); the numbers in them are checked independently of the files in
 * {@link LectureNumbersTest}.
 */
class LectureGoldenTest {
  @Test
  void filesMatchTheGoldenCopies() {
    Golden.assertMatches(LectureGoldenTest.class, "lecture", LectureFiles.all());
  }
}
