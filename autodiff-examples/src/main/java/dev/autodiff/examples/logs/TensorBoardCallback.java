package dev.autodiff.examples.logs;

import dev.autodiff.nn.train.Callback;
import dev.autodiff.nn.train.History;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a training run as a TensorBoard event file ({@code events.out.tfevents.<seconds>.<host>.<pid>.<n>} in the given
 * folder): the loss of every step as {@code step/loss}, and every metric of every epoch as {@code epoch/<metric>}.
 * Records are appended and flushed as they come, so TensorBoard can follow a run live; a crash can leave at most a
 * partial last record, which readers (this project's {@link TensorBoard#read} and TensorBoard's) detect by its
 * length and CRC. Point {@code tensorboard --logdir DIR} at the folder.
 */
public final class TensorBoardCallback implements Callback, AutoCloseable {
  private final Path file;
  private final OutputStream out;

  public TensorBoardCallback(Path dir) throws IOException {
    Files.createDirectories(dir);
    long now = System.currentTimeMillis() / 1000;
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      host = "localhost";
    }
    // as TensorFlow names them: seconds, host, process id, then a counter, so writers started in the same second on
    // one folder (from this process or another) each get a file of their own
    String base = "events.out.tfevents." + now + "." + host.replaceAll("[^A-Za-z0-9._-]", "_") + "."
        + ProcessHandle.current().pid() + ".";
    Path chosen = null;
    OutputStream opened = null;
    for (int k = 0; opened == null; k++) {
      chosen = dir.resolve(base + k);
      try {
        opened = Files.newOutputStream(chosen, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
      } catch (java.nio.file.FileAlreadyExistsException taken) {
        if (k == 10_000) {
          throw taken;
        }
      }
    }
    this.file = chosen;
    this.out = opened;
    write(TensorBoard.fileVersion(wallTime()));
  }

  public Path file() {
    return file;
  }

  private static double wallTime() {
    return System.currentTimeMillis() / 1000.0;
  }

  private void write(byte[] event) {
    try {
      out.write(TensorBoard.frame(event));
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("tensorboard: cannot write " + file, e);
    }
  }

  @Override
  public void onStep(long step, double loss) {
    write(TensorBoard.scalars(wallTime(), step, List.of("step/loss"), List.of(loss)));
  }

  @Override
  public boolean onEpochEnd(int epoch, History history) {
    List<String> tags = new ArrayList<>();
    List<Double> values = new ArrayList<>();
    for (String m : history.metrics()) {
      tags.add("epoch/" + m);
      values.add(history.last(m));
    }
    write(TensorBoard.scalars(wallTime(), epoch, tags, values));
    return false;
  }

  @Override
  public void close() throws IOException {
    out.close();
  }
}
