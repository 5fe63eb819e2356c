package dev.autodiff.examples.basics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autodiff.core.viz.Graphviz;
import dev.autodiff.examples.Run;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BasicsCommandsTest {
  @Test
  void neuronLearnsTheGatesAndNotXor(@TempDir Path dir) throws IOException {
    Run r = Run.of("neuron", "--out", dir.toString());
    assertEquals(0, r.code(), r.err());
    for (String gate : new String[] {"AND", "OR ", "NOT"}) {
      assertTrue(r.out().matches("(?s).*  " + gate + ": learned in \\d+ epochs, w = .*, correct on all inputs: true.*"),
          gate + "\n" + r.out());
    }
    assertTrue(r.out().contains("XOR: no convergence in 1000 epochs"), r.out());
    assertTrue(r.out().contains("of 25^3 weight triples in [-3, 3], 0 do"), r.out());
    assertTrue(r.out().contains("(AND learned)"), r.out());
    assertTrue(Files.readString(dir.resolve("neuron.log")).contains("== The sigmoid delta rule"));
  }

  @Test
  void xorIsSolvedByNineParametersAndDrawn(@TempDir Path dir) throws IOException {
    Run r = Run.of("xor", "--out", dir.toString());
    assertEquals(0, r.code(), r.err() + r.out());
    assertTrue(r.out().contains("parameters: 2*2 + 2 + 2*1 + 1 = 9"), r.out());
    assertTrue(r.out().contains("XOR solved"), r.out());
    assertTrue(Files.readString(dir.resolve("network.dot")).startsWith("digraph autodiff {"));
    BufferedImage loss = ImageIO.read(dir.resolve("loss.png").toFile());
    assertEquals(800, loss.getWidth());
    if (Graphviz.isAvailable()) {
      assertTrue(Files.readString(dir.resolve("network-layers.svg")).contains("<svg"));
    }
  }

  @Test
  void aDeepLinearNetworkIsOneMatrix() {
    Run r = Run.of("minsky-papert", "--layers", "10", "--width", "5");
    assertEquals(0, r.code(), r.err() + r.out());
    assertTrue(r.out().contains("10 linear layers of width 5 (300 parameters)"), r.out());
    assertTrue(r.out().contains("outputs agree"), r.out());
  }
}
