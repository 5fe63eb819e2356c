package dev.autodiff.examples.mnist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autodiff.examples.Run;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AutoencoderCommandTest {
  @Test
  void autoencodersReconstructDenoiseAndFlagAnomalies(@TempDir Path dir) throws IOException {
    Run r = Run.of("autoencoder", "--train", "800", "--test", "200", "--epochs", "3", "--out", dir.toString());
    assertEquals(0, r.code(), r.err() + r.out());
    Map<String, double[]> mse = new HashMap<>();
    List<String> rows = Files.readAllLines(dir.resolve("reconstruction.csv"));
    for (String row : rows.subList(1, rows.size())) {
      String[] c = row.split(",");
      mse.put(c[0].split(" ")[0], new double[] {Double.parseDouble(c[1]), Double.parseDouble(c[2])});
    }
    assertEquals(4, mse.size(), rows.toString());
    // Denoising: trained on noisy inputs, it reconstructs them better than clean-trained sparse autoencoders do.
    assertTrue(mse.get("denoising")[1] < mse.get("undercomplete")[1], rows.toString());
    assertTrue(mse.get("sparse")[0] < mse.get("undercomplete")[0], "64 units beat a 2-D code: " + rows);
    Matcher auc = Pattern.compile("ranking AUC ([0-9.]+)").matcher(r.out());
    assertTrue(auc.find(), r.out());
    assertTrue(Double.parseDouble(auc.group(1)) > 0.95, r.out());
    BufferedImage grid = ImageIO.read(dir.resolve("reconstructions.png").toFile());
    assertEquals(10 * 29 * 3, grid.getWidth());
    assertEquals(6 * 29 * 3, grid.getHeight());
    assertEquals(800, ImageIO.read(dir.resolve("code-2d.png").toFile()).getWidth());
    assertEquals(1 + 200 + 200, Files.readAllLines(dir.resolve("anomaly-scores.csv")).size());
  }
}
