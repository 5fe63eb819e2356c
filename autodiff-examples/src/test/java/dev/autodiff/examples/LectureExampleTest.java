package dev.autodiff.examples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LectureExampleTest {
  @Test
  void printsTheLecturesNumbersAndFormulas() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    LectureExample.run(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    String out = bytes.toString(StandardCharsets.UTF_8);
    assertTrue(out.contains("f = exp(w1*x + w0) + 1"), out);
    assertTrue(out.contains("a = w1*x = 2,  b = a + w0 = 3,  c = e^b = 20.0855,  f = c + 1 = 21.0855"), out);
    assertTrue(out.matches("(?s).*df/dw0\\s+= exp\\(w1\\*x \\+ w0\\)\\s+= 20\\.0855.*"), out);
    assertTrue(out.matches("(?s).*df/dw1\\s+= exp\\(w1\\*x \\+ w0\\)\\*x\\s+= 20\\.0855.*"), out);
    assertTrue(out.matches("(?s).*df/dx\\s+= exp\\(w1\\*x \\+ w0\\)\\*w1\\s+= 40\\.1711.*"), out);
  }
}
