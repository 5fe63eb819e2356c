package dev.autodiff.examples.logs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.hash.Hashing;
import dev.autodiff.examples.Run;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TensorBoardTest {
  @Test
  void crc32cAndTheFramingMatchKnownBytes() {
    // The CRC-32C check value of "123456789" is 0xE3069283 (RFC 3720).
    assertEquals(0xE3069283, Hashing.crc32c().hashBytes("123456789".getBytes(StandardCharsets.US_ASCII)).asInt());
    // Every TensorFlow event file starts with the same 12 bytes: the length 24 of the file_version record and its
    // masked CRC (18 00 00 00 00 00 00 00 a3 7f 4b 22).
    byte[] first = TensorBoard.frame(TensorBoard.fileVersion(1.7e9));
    assertArrayEquals(new byte[] {0x18, 0, 0, 0, 0, 0, 0, 0, (byte) 0xa3, 0x7f, 0x4b, 0x22},
        Arrays.copyOf(first, 12));
    assertEquals(12 + 24 + 4, first.length);
  }

  @Test
  void aTrainingRunParsesBackRecordByRecord(@TempDir Path dir) throws IOException {
    Run r = Run.of("mnist", "--train", "300", "--test", "100", "--epochs", "2", "--hidden", "16", "--batch", "100",
        "--tensorboard", dir.resolve("tb").toString(), "--out", dir.resolve("out").toString());
    assertEquals(0, r.code(), r.err() + r.out());
    Path events;
    try (Stream<Path> s = Files.list(dir.resolve("tb"))) {
      List<Path> files = s.toList();
      assertEquals(1, files.size());
      events = files.get(0);
    }
    assertTrue(events.getFileName().toString().startsWith("events.out.tfevents."));
    byte[] bytes = Files.readAllBytes(events);
    List<TensorBoard.Scalar> scalars = TensorBoard.read(bytes);
    List<TensorBoard.Scalar> steps = scalars.stream().filter(s -> s.tag().equals("step/loss")).toList();
    assertEquals(6, steps.size(), "3 batches of 100 for 2 epochs");
    assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L), steps.stream().map(TensorBoard.Scalar::step).toList());
    List<String> epochTags = scalars.stream().filter(s -> s.step() == 2 && s.tag().startsWith("epoch/"))
        .map(TensorBoard.Scalar::tag).toList();
    assertEquals(List.of("epoch/loss", "epoch/accuracy", "epoch/val_loss", "epoch/val_accuracy", "epoch/lr",
        "epoch/seconds"), epochTags);
    List<String> csv = Files.readAllLines(dir.resolve("out/history.csv"));
    double lastLoss = Double.parseDouble(csv.get(2).split(",")[1]);
    float logged = scalars.stream().filter(s -> s.step() == 2 && s.tag().equals("epoch/loss")).findFirst()
        .orElseThrow().value();
    assertEquals(lastLoss, logged, 1e-6 * Math.abs(lastLoss));

    for (int cut : new int[] {5, 12, 30, bytes.length - 1}) {
      byte[] truncated = Arrays.copyOf(bytes, cut);
      assertThrows(IOException.class, () -> TensorBoard.read(truncated), "cut at " + cut);
    }
    java.util.Random random = new java.util.Random(3);
    for (int trial = 0; trial < 2000; trial++) {
      byte[] flipped = bytes.clone();
      int at = random.nextInt(bytes.length);
      flipped[at] = (byte) (flipped[at] ^ (1 + random.nextInt(255)));
      IOException e = assertThrows(IOException.class, () -> TensorBoard.read(flipped), "byte " + at);
      assertTrue(e.getMessage().startsWith("event file: record "), e.getMessage());
    }
  }

  @org.junit.jupiter.api.Test
  void twoWritersOnOneFolderAtOnceGetTwoFiles(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws Exception {
    // reliability issue item 14: the second writer in the same second threw FileAlreadyExistsException
    try (TensorBoardCallback a = new TensorBoardCallback(dir); TensorBoardCallback b = new TensorBoardCallback(dir)) {
      org.junit.jupiter.api.Assertions.assertNotEquals(a.file(), b.file());
      org.junit.jupiter.api.Assertions.assertTrue(a.file().getFileName().toString().contains("tfevents"));
    }
  }
}
