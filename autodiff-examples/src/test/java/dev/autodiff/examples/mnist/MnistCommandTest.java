package dev.autodiff.examples.mnist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autodiff.examples.Main;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MnistCommandTest {
  @Test
  void aShortRunLearnsDigitsAndWritesItsFiles(@TempDir Path dir) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = Main.run(List.of("mnist", "--train", "2000", "--test", "500", "--epochs", "3", "--hidden", "64",
        "--out", dir.toString()), new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    String text = out.toString(StandardCharsets.UTF_8);
    assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("test accuracy: ([0-9.]+)%").matcher(text);
    assertTrue(m.find(), text);
    assertTrue(Double.parseDouble(m.group(1)) > 85, "accuracy " + m.group(1));
    assertTrue(text.contains("identical predictions on all 500 test digits"), text);
    assertTrue(text.contains("confusion matrix (rows: true digit, columns: predicted):"), text);
    for (String f : List.of("history.csv", "training.log", "confusion.csv", "loss.svg", "mnist-mlp.adnn")) {
      assertTrue(Files.size(dir.resolve(f)) > 0, f);
    }
    for (String png : List.of("loss.png", "accuracy.png")) {
      BufferedImage img = ImageIO.read(dir.resolve(png).toFile());
      assertEquals(800, img.getWidth(), png);
      assertEquals(500, img.getHeight(), png);
    }
    assertEquals(4, Files.readAllLines(dir.resolve("history.csv")).size(), "header and 3 epochs");
    List<String> confusion = Files.readAllLines(dir.resolve("confusion.csv"));
    int total = 0;
    for (String line : confusion.subList(1, confusion.size())) {
      String[] cells = line.split(",");
      for (int i = 1; i < cells.length; i++) {
        total += Integer.parseInt(cells[i]);
      }
    }
    assertEquals(500, total);
  }

  @Test
  void badOptionsAreUsageErrors() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = Main.run(List.of("mnist", "--train", "9000", "--test", "2000"), new PrintStream(new ByteArrayOutputStream()),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    assertEquals(1, code);
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("9000 + 2000 samples asked, 10000 shipped"), err.toString());
    code = Main.run(List.of("mnist", "--lr", "fast"), new PrintStream(new ByteArrayOutputStream()),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    assertEquals(2, code);
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("--lr must be a number, got 'fast'"), err.toString());
  }
}
