package dev.autodiff.examples.lecture;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A headless Chromium driven through the DevTools protocol over a loopback WebSocket, with the JDK's own HTTP
 * client: no driver binary and no dependency. Every call waits at most {@link #TIMEOUT}; {@link #close} kills the
 * browser and what it started.
 */
final class Chromium implements AutoCloseable {
  static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final List<String> NAMES = List.of("chromium", "chromium-browser", "google-chrome");

  private final Process process;
  private final Path profile;
  private final WebSocket socket;
  private final AtomicInteger ids = new AtomicInteger();
  private final Map<Integer, CompletableFuture<String>> pending = new ConcurrentHashMap<>();
  private final List<String> events = java.util.Collections.synchronizedList(new ArrayList<>());

  private Chromium(Process process, Path profile, WebSocket.Builder builder, URI page) throws IOException {
    this.process = process;
    this.profile = profile;
    this.socket = await(builder.buildAsync(page, new Listener()), "connect to " + page);
  }

  /** The browser on the PATH ({@code chromium} on Debian), or the system property {@code autodiff.chromium}. */
  static Optional<Path> executable() {
    String set = System.getProperty("autodiff.chromium");
    if (set != null) {
      return Optional.of(Path.of(set)).filter(Files::isExecutable);
    }
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      for (String name : NAMES) {
        Path p = Path.of(dir, name);
        if (!dir.isEmpty() && Files.isExecutable(p)) {
          return Optional.of(p);
        }
      }
    }
    return Optional.empty();
  }

  /** Starts {@code exe} headless on a free loopback port, with its profile in {@code profile}, on a blank page. */
  static Chromium launch(Path exe, Path profile) throws IOException {
    Process p = new ProcessBuilder(exe.toString(), "--headless=new", "--no-sandbox", "--disable-dev-shm-usage",
        "--disable-gpu",
        "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0", "--user-data-dir=" + profile,
        "--no-first-run", "--no-default-browser-check", "--disable-extensions", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--window-size=1200,1000", "about:blank")
        .redirectErrorStream(true).redirectOutput(profile.resolveSibling("chromium.log").toFile()).start();
    try {
      int port = port(profile.resolve("DevToolsActivePort"), p);
      HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
      HttpRequest list = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/list"))
          .timeout(TIMEOUT).build();
      String json = http.send(list, HttpResponse.BodyHandlers.ofString()).body();
      // Only a page on loopback: the test talks to nothing else.
      Matcher m = Pattern.compile("\"webSocketDebuggerUrl\"\\s*:\\s*\"(ws://127\\.0\\.0\\.1:\\d+/devtools/page/"
          + "[^\"]+)\"").matcher(json);
      if (!m.find()) {
        throw new IOException("chromium: no page target in " + json);
      }
      return new Chromium(p, profile, http.newWebSocketBuilder().connectTimeout(TIMEOUT), URI.create(m.group(1)));
    } catch (IOException | RuntimeException e) {
      kill(p);
      throw e;
    } catch (InterruptedException e) {
      kill(p);
      Thread.currentThread().interrupt();
      throw new IOException("chromium: interrupted while starting", e);
    }
  }

  /** The port the browser wrote into its profile once it listens; polled, for at most {@link #TIMEOUT}. */
  private static int port(Path file, Process p) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (Files.exists(file)) {
        List<String> lines = Files.readAllLines(file);
        if (!lines.isEmpty() && lines.get(0).matches("\\d+")) {
          return Integer.parseInt(lines.get(0));
        }
      }
      if (!p.isAlive()) {
        throw new IOException("chromium: exited with " + p.exitValue() + " before listening");
      }
      Thread.sleep(50);
    }
    throw new IOException("chromium: no " + file + " after " + TIMEOUT.toSeconds() + " s");
  }

  /** Sends one protocol command and returns its whole response (JSON), or throws with the browser's error. */
  String call(String method, String paramsJson) throws IOException {
    int id = ids.incrementAndGet();
    CompletableFuture<String> answer = new CompletableFuture<>();
    pending.put(id, answer);
    String message = "{\"id\":" + id + ",\"method\":\"" + method + "\",\"params\":" + paramsJson + "}";
    await(socket.sendText(message, true), method);
    String response = await(answer, method);
    if (response.contains("\"error\":{")) {
      throw new IOException("chromium: " + method + " failed: " + response);
    }
    return response;
  }

  /** Evaluates a JavaScript expression in the page and returns its value, which must be a string. */
  String evaluate(String expression) throws IOException {
    String r = call("Runtime.evaluate", "{\"expression\":" + Json.quote(expression) + ",\"returnByValue\":true}");
    if (r.contains("\"exceptionDetails\"")) {
      throw new IOException("chromium: script failed: " + r);
    }
    return Json.stringField(r, "value");
  }

  /** A PNG of the viewport. */
  byte[] screenshot() throws IOException {
    return Base64.getDecoder().decode(Json.stringField(call("Page.captureScreenshot", "{\"format\":\"png\"}"), "data"));
  }

  /** The protocol events received so far (JSON), for example {@code Network.requestWillBeSent}. */
  List<String> events() {
    synchronized (events) {
      return List.copyOf(events);
    }
  }

  @Override
  public void close() throws IOException {
    socket.abort();
    kill(process);
    // The profile's SingletonSocket links to a folder of its own in /tmp, which the browser leaves behind.
    Path link = profile.resolve("SingletonSocket");
    if (Files.isSymbolicLink(link)) {
      Path dir = Files.readSymbolicLink(link).getParent();
      if (dir != null && dir.getFileName().toString().startsWith("org.chromium.Chromium.")) {
        try (var files = Files.walk(dir)) {
          for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
            Files.deleteIfExists(f);
          }
        }
      }
    }
  }

  /** Asks the browser to quit, so it ends its helpers itself, and kills what is left after a few seconds. */
  private static void kill(Process p) {
    List<ProcessHandle> helpers = p.descendants().toList();
    p.destroy();
    try {
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        p.waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      helpers.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }
  }

  private static <T> T await(CompletionStage<T> stage, String what) throws IOException {
    try {
      return stage.toCompletableFuture().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      throw new IOException("chromium: " + what + " took longer than " + TIMEOUT.toSeconds() + " s", e);
    } catch (ExecutionException e) {
      throw new IOException("chromium: " + what + " failed", e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("chromium: interrupted during " + what, e);
    }
  }

  /** Collects whole messages (they may come in parts): answers complete their calls, the rest are events. */
  private final class Listener implements WebSocket.Listener {
    private final StringBuilder part = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      part.append(data);
      if (last) {
        String message = part.toString();
        part.setLength(0);
        Matcher m = Pattern.compile("^\\{\"id\":(\\d+),").matcher(message);
        if (m.find() && pending.containsKey(Integer.parseInt(m.group(1)))) {
          pending.remove(Integer.parseInt(m.group(1))).complete(message);
        } else {
          events.add(message);
        }
      }
      ws.request(1);
      return null;
    }
  }
}
