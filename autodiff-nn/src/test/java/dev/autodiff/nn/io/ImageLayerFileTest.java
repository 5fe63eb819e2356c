package dev.autodiff.nn.io;

import static dev.autodiff.nn.io.ModelFileValidationTest.patched;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autodiff.core.tensor.Image;
import dev.autodiff.core.tensor.Window;
import dev.autodiff.core.tensor.Window.Padding;
import dev.autodiff.nn.Cnn;
import dev.autodiff.nn.Model;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Model files of image layers whose checksum is right but whose content is not: every truncation is refused, and
 * geometry the layers refuse, or sizes the file has no room for, are errors naming the layer before anything is
 * allocated.
 */
class ImageLayerFileTest {
  static Model cnn() {
    return Cnn.builder(Image.of(6, 6, 2)).conv2d(3, 3, Padding.VALID).maxPool(2)
        .avgPool(Window.of(3, 3, 1, 1, Padding.SAME)).flatten().dense(2).seed(1).build();
  }

  /** The conv2d codec's bytes: name, image (h, w, c), filters, window (kh, kw, sh, sw), padding. */
  static byte[] conv(String name, int h, int w, int c, int filters, int kh, int kw, String padding) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.writeUTF(name);
    for (int v : new int[] {h, w, c, filters, kh, kw, 1, 1}) {
      out.writeInt(v);
    }
    out.writeUTF(padding);
    return bytes.toByteArray();
  }

  @Test
  void everyTruncationIsRefused() throws IOException {
    byte[] bytes = ModelFile.encode(cnn());
    for (int n = 0; n < bytes.length; n++) {
      byte[] cut = Arrays.copyOf(bytes, n);
      assertThrows(ModelFileException.class, () -> ModelFile.decode(cut), "length " + n);
    }
  }

  @Test
  void aKernelTheFileHasNoRoomForIsRefusedBeforeItIsAllocated() throws IOException {
    byte[] good = conv("conv2d", 6, 6, 2, 3, 3, 3, "VALID");
    byte[] bad = patched(ModelFile.encode(cnn()), good, conv("conv2d", 6, 6, 2, 100_000, 3, 3, "VALID"));
    ModelFileException e = assertThrows(ModelFileException.class, () -> ModelFile.decode(bad));
    assertTrue(e.getMessage().startsWith("layer conv2d at network[0]: conv2d conv2d needs 1900000 values, more than"),
        e.getMessage());
    byte[] huge = patched(ModelFile.encode(cnn()), good,
        conv("conv2d", 6, 6, 2, Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE, "VALID"));
    e = assertThrows(ModelFileException.class, () -> ModelFile.decode(huge));
    assertTrue(e.getMessage().startsWith("layer conv2d at network[0]:"), e.getMessage());
  }

  @Test
  void geometryTheLayerRefusesIsAnErrorNamingIt() throws IOException {
    byte[] good = conv("conv2d", 6, 6, 2, 3, 3, 3, "VALID");
    byte[] tooBig = patched(ModelFile.encode(cnn()), good, conv("conv2d", 6, 6, 2, 3, 7, 1, "VALID"));
    ModelFileException e = assertThrows(ModelFileException.class, () -> ModelFile.decode(tooBig));
    assertTrue(e.getMessage().contains("a 7x1/1 valid window does not fit a 6x6x2 image"), e.getMessage());
    byte[] unknown = patched(ModelFile.encode(cnn()), good, conv("conv2d", 6, 6, 2, 3, 3, 3, "FULLY"));
    e = assertThrows(ModelFileException.class, () -> ModelFile.decode(unknown));
    assertTrue(e.getMessage().contains("unknown padding 'FULLY', expected VALID or SAME"), e.getMessage());
  }

  @Test
  void roundTripKeepsEveryLayer() throws IOException {
    Model m = cnn();
    Model back = ModelFile.decode(ModelFile.encode(m));
    assertEquals(m.summary(), back.summary());
  }
}
