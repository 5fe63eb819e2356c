package dev.autodiff.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The command harness: help written from the option declarations, parsing, CSV, the listing of written files. */
class HarnessTest {
  private static final Pattern OPTION_LINE = Pattern.compile("(?m)^  (--\\S+(?: [A-Z]+)?)( +)(\\S.*)$");

  @Test
  void everyCommandsHelpListsItsDeclaredOptionsWithTheirDefaultsInOneColumn() {
    for (Command c : Main.commands().values()) {
      Run r = Run.of(c.name(), "--help");
      assertEquals(0, r.code(), c.name() + ": " + r.err());
      Matcher m = OPTION_LINE.matcher(r.out());
      int column = -1;
      int lines = 0;
      while (m.find()) {
        int at = m.start(3) - m.start();
        assertTrue(column < 0 || column == at, c.name() + ": descriptions out of line:\n" + r.out());
        column = at;
        lines++;
      }
      assertEquals(c.options().size() + (c.writesFiles() ? 1 : 0), lines, c.name() + ":\n" + r.out());
      for (Option<?> o : c.options()) {
        assertTrue(r.out().contains(o.usage()), c.name() + " --help misses " + o.usage());
        if (!o.isFlag() && o.fallback() != null) {
          assertTrue(r.out().contains(o.description()), c.name() + ": " + o.description());
        }
      }
      if (c.writesFiles()) {
        assertTrue(r.out().contains("where to write (default out/" + c.name() + ")"), r.out());
      }
    }
  }

  @Test
  void theSubcommandListIsInOneColumn() {
    Run r = Run.of("--help");
    Matcher m = Pattern.compile("(?m)^  (\\S+)( +)(\\S.*)$").matcher(r.out());
    int column = -1;
    int lines = 0;
    while (m.find()) {
      int at = m.start(3) - m.start();
      assertTrue(column < 0 || column == at, "out of line:\n" + r.out());
      column = at;
      lines++;
    }
    assertEquals(Main.commands().size(), lines, r.out());
  }

  @Test
  void optionsParseAsDeclaredAndRefuseTheRest() {
    Option<Integer> epochs = Option.integer("epochs", 30, 1, 100, "epochs");
    Option<Double> lr = Option.real("lr", 0.5, 0, 1, "rate");
    Option<Boolean> quick = Option.flag("quick", "short");
    Option<Path> dir = Option.path("data-dir", null, "where");
    List<Option<?>> all = List.of(epochs, lr, quick, dir);
    Options none = Options.parse(all, List.of());
    assertEquals(30, none.get(epochs));
    assertEquals(0.5, none.get(lr));
    assertEquals(false, none.get(quick));
    assertEquals(null, none.get(dir));
    Options some = Options.parse(all, List.of("--epochs", "7", "--lr=0.25", "--quick", "--data-dir", "d"));
    assertEquals(7, some.get(epochs));
    assertEquals(0.25, some.get(lr));
    assertEquals(true, some.get(quick));
    assertEquals(Path.of("d"), some.get(dir));
    assertTrue(some.given(epochs) && !none.given(epochs));
    Map<List<String>, String> bad = Map.of(
        List.of("--epochs", "x"), "option --epochs must be an integer, got 'x'",
        List.of("--epochs", "0"), "option --epochs must be in [1, 100], got 0",
        List.of("--lr", "2"), "option --lr must be in [0, 1], got 2",
        List.of("--colour", "red"), "unknown option --colour",
        List.of("--epochs"), "option --epochs needs a value",
        List.of("7"), "unexpected argument '7'");
    for (Map.Entry<List<String>, String> b : bad.entrySet()) {
      Options.UsageException e = assertThrows(Options.UsageException.class, () -> Options.parse(all, b.getKey()));
      assertEquals(b.getValue(), e.getMessage());
    }
  }

  @Test
  void csvQuotesOnlyWhatNeedsIt() {
    Csv t = Csv.of("name", "value").row("plain", 0.5).row("a, b", 2).row("say \"hi\"", "");
    assertEquals("name,value\nplain,0.5\n\"a, b\",2\n\"say \"\"hi\"\"\",\n", t.text());
    assertThrows(IllegalArgumentException.class, () -> t.row("one"));
  }

  @Test
  void theFilesACommandWritesAreListedOnceAtTheEnd() {
    Run r = Run.of("gradcost", "--max", "16", "--repeats", "1", "--out",
        Path.of(System.getProperty("java.io.tmpdir"), "autodiff-harness-test").toString());
    assertEquals(0, r.code(), r.err());
    String listing = r.out().substring(r.out().indexOf("\nwrote:\n"));
    assertEquals(3, listing.lines().filter(l -> l.startsWith("  ")).count(), listing);
    assertTrue(listing.contains("gradcost.csv") && listing.contains("gradcost.png") && listing.contains("gradcost.svg"));
  }
}
