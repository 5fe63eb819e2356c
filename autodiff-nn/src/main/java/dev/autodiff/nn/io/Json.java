package dev.autodiff.nn.io;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small, strict JSON (RFC 8259) reader, for safetensors headers. Objects become {@link LinkedHashMap}s (in file
 * order; a repeated key is an error), arrays {@link List}s, numbers {@link BigDecimal}s, {@code null}
 * {@link Null#NULL}. No comments, trailing commas, leading zeros, unescaped control characters or escaped lone
 * surrogates (the text comes from strictly decoded UTF-8, so its own surrogates pair up); whitespace only around
 * values; nesting at most {@value #MAX_DEPTH} deep.
 */
final class Json {
  /** JSON's {@code null}. */
  enum Null { NULL }

  static final int MAX_DEPTH = 64;

  /** Malformed JSON; the message says what and where (a character offset). */
  static final class SyntaxError extends Exception {
    private static final long serialVersionUID = 1L;

    SyntaxError(String message) {
      super(message);
    }
  }

  private final String text;
  private int at;

  private Json(String text) {
    this.text = text;
  }

  /** The one value {@code text} holds. */
  static Object parse(String text) throws SyntaxError {
    Json p = new Json(text);
    p.space();
    Object v = p.value(0);
    p.space();
    if (p.at != text.length()) {
      throw p.error("unexpected " + p.describe() + " after the value");
    }
    return v;
  }

  private Object value(int depth) throws SyntaxError {
    if (depth > MAX_DEPTH) {
      throw error("nested deeper than " + MAX_DEPTH);
    }
    if (at >= text.length()) {
      throw error("the text ends where a value should be");
    }
    char c = text.charAt(at);
    switch (c) {
      case '{': return object(depth);
      case '[': return array(depth);
      case '"': return string();
      case 't': return literal("true", Boolean.TRUE);
      case 'f': return literal("false", Boolean.FALSE);
      case 'n': return literal("null", Null.NULL);
      default:
        if (c == '-' || (c >= '0' && c <= '9')) {
          return number();
        }
        throw error("unexpected " + describe());
    }
  }

  private Map<String, Object> object(int depth) throws SyntaxError {
    Map<String, Object> map = new LinkedHashMap<>();
    at++;
    space();
    if (peek('}')) {
      return map;
    }
    while (true) {
      space();
      if (at >= text.length() || text.charAt(at) != '"') {
        throw error("expected a key (a string), found " + describe());
      }
      int keyAt = at;
      String key = string();
      space();
      expect(':');
      space();
      Object v = value(depth + 1);
      if (map.containsKey(key)) {
        at = keyAt;
        throw error("duplicate key \"" + key + "\"");
      }
      map.put(key, v);
      space();
      if (peek('}')) {
        return map;
      }
      expect(',');
    }
  }

  private List<Object> array(int depth) throws SyntaxError {
    List<Object> list = new ArrayList<>();
    at++;
    space();
    if (peek(']')) {
      return list;
    }
    while (true) {
      space();
      list.add(value(depth + 1));
      space();
      if (peek(']')) {
        return list;
      }
      expect(',');
    }
  }

  private String string() throws SyntaxError {
    at++;
    StringBuilder b = new StringBuilder();
    while (true) {
      if (at >= text.length()) {
        throw error("the text ends inside a string");
      }
      char c = text.charAt(at++);
      if (c == '"') {
        return b.toString();
      }
      if (c < 0x20) {
        at--;
        throw error("a control character (code " + (int) c + ") inside a string must be escaped");
      }
      b.append(c == '\\' ? escape() : String.valueOf(c));
    }
  }

  private String escape() throws SyntaxError {
    if (at >= text.length()) {
      throw error("the text ends inside an escape");
    }
    char e = text.charAt(at++);
    int simple = "\"\\/bfnrt".indexOf(e);
    if (simple >= 0) {
      return String.valueOf("\"\\/\b\f\n\r\t".charAt(simple));
    }
    if (e == 'u') {
      return surrogatePair(hex4());
    }
    at--;
    throw error("bad escape \\" + e);
  }

  /** {@code first}, with the escaped low surrogate that must follow it when it is a high one. */
  private String surrogatePair(char first) throws SyntaxError {
    if (!Character.isSurrogate(first)) {
      return String.valueOf(first);
    }
    if (Character.isHighSurrogate(first) && text.startsWith("\\u", at)) {
      at += 2;
      char next = hex4();
      if (Character.isLowSurrogate(next)) {
        return new String(new char[] {first, next});
      }
    }
    throw error("a lone surrogate in a string");
  }

  private char hex4() throws SyntaxError {
    if (at + 4 > text.length()) {
      throw error("the text ends inside a \\u escape");
    }
    int v = 0;
    for (int i = 0; i < 4; i++) {
      int d = "0123456789abcdef".indexOf(Character.toLowerCase(text.charAt(at + i)));
      if (d < 0) {
        throw error("bad \\u escape");
      }
      v = v * 16 + d;
    }
    at += 4;
    return (char) v;
  }

  private BigDecimal number() throws SyntaxError {
    int start = at;
    peek('-');
    if (peek('0')) {
      if (at < text.length() && isDigit(text.charAt(at))) {
        throw error("a number with a leading zero");
      }
    } else {
      digits();
    }
    if (peek('.')) {
      digits();
    }
    if (peek('e') || peek('E')) {
      if (!peek('+')) {
        peek('-');
      }
      digits();
    }
    try {
      return new BigDecimal(text.substring(start, at));
    } catch (NumberFormatException e) {
      at = start;
      throw error("a number out of range");
    }
  }

  private void digits() throws SyntaxError {
    int start = at;
    while (at < text.length() && isDigit(text.charAt(at))) {
      at++;
    }
    if (at == start) {
      throw error("expected a digit, found " + describe());
    }
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private Object literal(String word, Object v) throws SyntaxError {
    if (!text.startsWith(word, at)) {
      throw error("unexpected " + describe());
    }
    at += word.length();
    return v;
  }

  private void space() {
    while (at < text.length() && " \t\n\r".indexOf(text.charAt(at)) >= 0) {
      at++;
    }
  }

  private boolean peek(char c) {
    if (at < text.length() && text.charAt(at) == c) {
      at++;
      return true;
    }
    return false;
  }

  private void expect(char c) throws SyntaxError {
    if (!peek(c)) {
      throw error("expected '" + c + "', found " + describe());
    }
  }

  private String describe() {
    return at >= text.length() ? "the end of the text" : "'" + text.charAt(at) + "'";
  }

  private SyntaxError error(String message) {
    return new SyntaxError(message + " at character " + at);
  }
}
