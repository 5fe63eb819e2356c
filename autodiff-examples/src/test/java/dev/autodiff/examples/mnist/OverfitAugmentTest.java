package dev.autodiff.examples.mnist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autodiff.examples.Run;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OverfitAugmentTest {
  @Test
  void aSmallTrainingSetIsLearnedByHeartAndValidationLags(@TempDir Path dir) throws IOException {
    Run r = Run.of("overfit", "--train", "200", "--valid", "300", "--epochs", "20", "--out", dir.toString());
    assertEquals(0, r.code(), r.err() + r.out());
    List<String> rows = Files.readAllLines(dir.resolve("overfit.csv"));
    assertEquals(5, rows.size(), rows.toString());
    String[] plain = rows.get(1).split(",");
    assertEquals("plain", plain[0]);
    double trainAcc = Double.parseDouble(plain[5]);
    double valAcc = Double.parseDouble(plain[6]);
    assertTrue(trainAcc > 0.99 && valAcc < trainAcc - 0.05, rows.get(1));
    assertTrue(rows.get(4).startsWith("early stopping (5),"), rows.get(4));
    assertEquals(800, ImageIO.read(dir.resolve("validation-loss.png").toFile()).getWidth());
  }

  @Test
  void augmentationRunsBothVariantsAndDrawsExamples(@TempDir Path dir) throws IOException {
    Run r = Run.of("augment", "--train", "300", "--test", "300", "--epochs", "5", "--out", dir.toString());
    assertEquals(0, r.code(), r.err() + r.out());
    List<String> rows = Files.readAllLines(dir.resolve("augment.csv"));
    assertEquals(List.of("plain", "augmented"), rows.subList(1, 3).stream().map(s -> s.split(",")[0]).toList());
    assertTrue(r.out().contains("augmentation changed the final test accuracy by"), r.out());
    BufferedImage grid = ImageIO.read(dir.resolve("augmented-examples.png").toFile());
    assertEquals(8 * 29 * 3, grid.getWidth());
    assertEquals(3 * 29 * 3, grid.getHeight());
  }
}
