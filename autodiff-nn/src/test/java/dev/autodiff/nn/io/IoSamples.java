package dev.autodiff.nn.io;

import dev.autodiff.core.graph.Graph;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/** Writers and readers as a codec gets them, for tests outside this package (the misuse probe's samples). */
public final class IoSamples {
  private IoSamples() {}

  /** A writer for a top-level layer. */
  public static LayerWriter writer() {
    return new LayerWriter("sample", "network", 0);
  }

  /** A reader over the settings of a dense layer {@code d} 2 -> 2 (name, inputs, outputs), with room for values. */
  public static LayerReader reader(Graph graph) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.writeUTF("d");
    out.writeInt(2);
    out.writeInt(2);
    int settings = bytes.size();
    out.write(new byte[64]);
    ModelBytes in = new ModelBytes(bytes.toByteArray(), 0, bytes.size());
    in.limit(settings);
    return new LayerReader(in, graph, true, "dense", "network", 0);
  }
}
