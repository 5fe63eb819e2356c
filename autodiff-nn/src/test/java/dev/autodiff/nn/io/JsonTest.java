package dev.autodiff.nn.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The safetensors header's JSON reader: RFC 8259 and nothing more. */
class JsonTest {
  @Test
  void readsEveryKindOfValue() throws Json.SyntaxError {
    Object v = Json.parse(" {\"a\": [1, -2.5e3, 0, true, false, null, \"x\\u00e9\\ud83d\\ude00\\n\\/\"],\r\n\t\"b\": {}} ");
    assertEquals(Map.of("a", List.of(new BigDecimal("1"), new BigDecimal("-2.5e3"), new BigDecimal("0"), true, false,
        Json.Null.NULL, "x\u00e9\ud83d\ude00\n/"), "b", Map.of()), v);
    assertEquals("h\u00e9", Json.parse("\"h\u00e9\""));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
      "{\"a\": 1,}             | expected a key (a string), found '}' at character 8",
      "{\"a\": 1, \"a\": 2}    | duplicate key \"a\" at character 9",
      "{\"a\" 1}               | expected ':', found '1' at character 5",
      "[1, 2,]                 | unexpected ']' at character 6",
      "[01]                    | a number with a leading zero at character 2",
      "[1.]                    | expected a digit, found ']' at character 3",
      "[-]                     | expected a digit, found ']' at character 2",
      "[+1]                    | unexpected '+' at character 1",
      "[1e]                    | expected a digit, found ']' at character 3",
      "1e9999999999            | a number out of range at character 0",
      "{\"a\": 1} x            | unexpected 'x' after the value at character 9",
      "\"\\x\"                 | bad escape \\x at character 2",
      "\"\\u12G4\"             | bad \\u escape at character 3",
      "\"\\ud800\"             | a lone surrogate in a string at character 7",
      "\"\\udc00\\ud800\"      | a lone surrogate in a string at character 7",
      "\"abc                   | the text ends inside a string at character 4",
      "nul                     | unexpected 'n' at character 0",
      "True                    | unexpected 'T' at character 0",
      "// no comments          | unexpected '/' at character 0",
  })
  void refusesWhatRfc8259Refuses(String text, String message) {
    Json.SyntaxError e = assertThrows(Json.SyntaxError.class, () -> Json.parse(text));
    assertEquals(message, e.getMessage());
  }

  @Test
  void refusesBlankTextRawControlCharactersNonAsciiHexDigitsAndDeepNesting() {
    assertEquals("the text ends where a value should be at character 3",
        assertThrows(Json.SyntaxError.class, () -> Json.parse("   ")).getMessage());
    assertEquals("a control character (code 9) inside a string must be escaped at character 2",
        assertThrows(Json.SyntaxError.class, () -> Json.parse("\"a\tb\"")).getMessage());
    assertEquals("bad \\u escape at character 3",
        assertThrows(Json.SyntaxError.class, () -> Json.parse("\"\\u\u0660\u0660\u0660\u0660\"")).getMessage());
    assertEquals("nested deeper than 64 at character 65",
        assertThrows(Json.SyntaxError.class, () -> Json.parse("[".repeat(100) + "]".repeat(100))).getMessage());
  }
}
