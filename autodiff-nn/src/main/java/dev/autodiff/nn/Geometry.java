package dev.autodiff.nn;

import dev.autodiff.core.tensor.Image;
import dev.autodiff.core.tensor.Window;
import dev.autodiff.nn.io.LayerReader;
import dev.autodiff.nn.io.LayerWriter;
import dev.autodiff.nn.io.ModelFileException;
import java.io.IOException;

/** How the image layers' codecs write an {@link Image} and a {@link Window}: one place for both. */
final class Geometry {
  private Geometry() {}

  static void write(LayerWriter out, Image image) throws IOException {
    out.writeInt(image.height());
    out.writeInt(image.width());
    out.writeInt(image.channels());
  }

  static void write(LayerWriter out, Window window) throws IOException {
    out.writeInt(window.height());
    out.writeInt(window.width());
    out.writeInt(window.strideRows());
    out.writeInt(window.strideCols());
    out.writeString(window.padding().name());
  }

  static Image readImage(LayerReader in) throws IOException {
    int h = in.readInt("image height", 1, Integer.MAX_VALUE);
    int w = in.readInt("image width", 1, Integer.MAX_VALUE);
    int c = in.readInt("image channels", 1, Integer.MAX_VALUE);
    if (Image.product(h, w, c) > Integer.MAX_VALUE) {
      throw new ModelFileException("an image of " + h + "x" + w + "x" + c + " has too many elements");
    }
    return Image.of(h, w, c);
  }

  static Window readWindow(LayerReader in) throws IOException {
    int kh = in.readInt("window height", 1, Integer.MAX_VALUE);
    int kw = in.readInt("window width", 1, Integer.MAX_VALUE);
    int sh = in.readInt("stride down", 1, Integer.MAX_VALUE);
    int sw = in.readInt("stride across", 1, Integer.MAX_VALUE);
    String padding = in.readString("padding");
    for (Window.Padding p : Window.Padding.values()) {
      if (p.name().equals(padding)) {
        return Window.of(kh, kw, sh, sw, p);
      }
    }
    throw new ModelFileException("unknown padding '" + padding + "', expected VALID or SAME");
  }
}
