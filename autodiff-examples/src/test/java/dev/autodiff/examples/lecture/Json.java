package dev.autodiff.examples.lecture;

import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Just enough JSON for the DevTools protocol: quoting a string, and reading one string field of a message. */
final class Json {
  private Json() {}

  /** A Java string as a JSON string literal. */
  static String quote(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (char ch : s.toCharArray()) {
      switch (ch) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        default -> b.append(ch < 0x20 ? String.format("\\u%04x", (int) ch) : String.valueOf(ch));
      }
    }
    return b.append('"').toString();
  }

  /** The first string field {@code name} of a JSON text, unescaped. */
  static String stringField(String json, String name) throws IOException {
    Matcher m = Pattern.compile("\"" + Pattern.quote(name) + "\"\\s*:\\s*\"").matcher(json);
    if (!m.find()) {
      throw new IOException("chromium: no string \"" + name + "\" in " + json);
    }
    StringBuilder b = new StringBuilder();
    for (int i = m.end(); i < json.length(); i++) {
      char ch = json.charAt(i);
      if (ch == '"') {
        return b.toString();
      }
      if (ch == '\\') {
        char e = json.charAt(++i);
        switch (e) {
          case 'n' -> b.append('\n');
          case 't' -> b.append('\t');
          case 'r' -> b.append('\r');
          case 'b' -> b.append('\b');
          case 'f' -> b.append('\f');
          case 'u' -> {
            b.append((char) Integer.parseInt(json.substring(i + 1, i + 5), 16));
            i += 4;
          }
          default -> b.append(e);
        }
      } else {
        b.append(ch);
      }
    }
    throw new IOException("chromium: unterminated string \"" + name + "\" in " + json);
  }
}
