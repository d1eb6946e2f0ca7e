package dev.sngrad.bench.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A headless Chromium driven over the Chrome DevTools Protocol (a WebSocket of JSON messages), for
 * tests that open a page and ask what a person would see: did it load without errors, are its
 * images decoded and laid out. The DevTools protocol is used rather than {@code --dump-dom} with
 * logging on standard error because it reports console errors, uncaught exceptions and browser
 * log entries (failed loads, Content-Security-Policy violations) as typed events, and evaluates a
 * check in the loaded page, instead of leaving both to the wording of log lines.
 */
final class HeadlessChromium implements AutoCloseable {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final List<String> NAMES = List.of("chromium", "chromium-browser", "google-chrome", "google-chrome-stable");

  private final Process process;
  private final Path log;
  private final WebSocket socket;
  private final BlockingQueue<JsonNode> messages;
  private final ObjectMapper json = new ObjectMapper();
  private int nextId = 1;

  /** What opening a page produced: the errors it reported and the value of the check expression. */
  record Outcome(List<String> errors, JsonNode value) {}

  private HeadlessChromium(Process process, Path log, WebSocket socket, BlockingQueue<JsonNode> messages) {
    this.process = process;
    this.log = log;
    this.socket = socket;
    this.messages = messages;
  }

  /** The first Chromium or Chrome executable on the {@code PATH}. */
  static Optional<Path> find() {
    String path = System.getenv().getOrDefault("PATH", "");
    for (String name : NAMES) {
      for (String folder : path.split(File.pathSeparator)) {
        Path candidate = Path.of(folder.isEmpty() ? "." : folder, name);
        if (Files.isExecutable(candidate) && !Files.isDirectory(candidate)) {
          return Optional.of(candidate);
        }
      }
    }
    return Optional.empty();
  }

  /** Starts {@code executable} headless with its profile in {@code profile} (an empty folder) and attaches to its page. */
  static HeadlessChromium start(Path executable, Path profile) throws IOException, InterruptedException {
    Path log = profile.resolve("chromium.log");
    Process process = new ProcessBuilder(executable.toString(), "--headless", "--no-sandbox", "--disable-gpu",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
        "--no-default-browser-check", "--user-data-dir=" + profile.toAbsolutePath(), "--remote-debugging-port=0", "about:blank")
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
    try {
      int port = devToolsPort(process, profile.resolve("DevToolsActivePort"), log);
      HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
      String pageSocket = pageWebSocketUrl(http, port, process, log);
      BlockingQueue<JsonNode> messages = new LinkedBlockingQueue<>();
      WebSocket socket = http.newWebSocketBuilder().connectTimeout(TIMEOUT)
          .buildAsync(URI.create(pageSocket), new Listener(messages)).join();
      return new HeadlessChromium(process, log, socket, messages);
    } catch (IOException | InterruptedException | RuntimeException e) {
      process.destroyForcibly();
      throw e;
    }
  }

  /** The port Chromium chose, from the file it writes into its profile once it listens. */
  private static int devToolsPort(Process process, Path portFile, Path log) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IOException("chromium exited with " + process.exitValue() + " before listening:\n" + Files.readString(log));
      }
      if (Files.exists(portFile)) {
        List<String> lines = Files.readAllLines(portFile);
        if (!lines.isEmpty() && !lines.get(0).isBlank()) {
          return Integer.parseInt(lines.get(0).strip());
        }
      }
      Thread.sleep(50);
    }
    throw new IOException("chromium wrote no " + portFile + " within " + TIMEOUT + ":\n" + Files.readString(log));
  }

  /** The DevTools WebSocket of Chromium's first page (about:blank). */
  private static String pageWebSocketUrl(HttpClient http, int port, Process process, Path log) throws IOException, InterruptedException {
    ObjectMapper json = new ObjectMapper();
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (System.nanoTime() < deadline && process.isAlive()) {
      HttpResponse<String> targets = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/list"))
          .timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
      for (JsonNode target : json.readTree(targets.body())) {
        if ("page".equals(target.path("type").asText())) {
          return target.path("webSocketDebuggerUrl").asText();
        }
      }
      Thread.sleep(50);
    }
    throw new IOException("chromium on port " + port + " showed no page target:\n" + Files.readString(log));
  }

  /**
   * Opens {@code file}, waits for its load event, then evaluates {@code expression} in the page
   * (awaiting it if it is a promise). The errors are console errors and assertions, uncaught
   * exceptions, error-level browser log entries and a failed navigation, each as one line.
   */
  Outcome open(Path file, String expression) throws IOException, InterruptedException {
    List<String> errors = new ArrayList<>();
    call("Runtime.enable", json.createObjectNode(), errors);
    call("Log.enable", json.createObjectNode(), errors);
    call("Page.enable", json.createObjectNode(), errors);
    JsonNode navigated = call("Page.navigate", json.createObjectNode().put("url", file.toUri().toString()), errors);
    if (navigated.hasNonNull("errorText")) {
      errors.add("navigation failed: " + navigated.get("errorText").asText());
    } else {
      awaitEvent("Page.loadEventFired", errors);
    }
    JsonNode evaluated = call("Runtime.evaluate", json.createObjectNode().put("expression", expression)
        .put("awaitPromise", true).put("returnByValue", true), errors);
    if (evaluated.has("exceptionDetails")) {
      errors.add("check failed: " + evaluated.get("exceptionDetails"));
    }
    return new Outcome(errors, evaluated.path("result").path("value"));
  }

  /** Sends a command and returns its result; events that arrive meanwhile go to {@code errors} when they are errors. */
  private JsonNode call(String method, ObjectNode params, List<String> errors) throws IOException, InterruptedException {
    int id = nextId++;
    ObjectNode message = json.createObjectNode().put("id", id).put("method", method);
    message.set("params", params);
    socket.sendText(json.writeValueAsString(message), true).join();
    while (true) {
      JsonNode m = next(method);
      if (m.path("id").asInt(-1) == id) {
        if (m.has("error")) {
          throw new IOException(method + " failed: " + m.get("error"));
        }
        return m.path("result");
      }
      collectError(m, errors);
    }
  }

  private void awaitEvent(String event, List<String> errors) throws IOException, InterruptedException {
    while (true) {
      JsonNode m = next(event);
      if (event.equals(m.path("method").asText())) {
        return;
      }
      collectError(m, errors);
    }
  }

  private JsonNode next(String waitingFor) throws IOException, InterruptedException {
    JsonNode m = messages.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    if (m == null) {
      throw new IOException("no answer to " + waitingFor + " within " + TIMEOUT + ":\n" + Files.readString(log));
    }
    return m;
  }

  private static void collectError(JsonNode m, List<String> errors) {
    JsonNode p = m.path("params");
    switch (m.path("method").asText()) {
      case "Runtime.exceptionThrown" -> errors.add("exception: " + p.path("exceptionDetails").path("exception")
          .path("description").asText(p.path("exceptionDetails").path("text").asText()));
      case "Runtime.consoleAPICalled" -> {
        String type = p.path("type").asText();
        if (type.equals("error") || type.equals("assert")) {
          List<String> args = new ArrayList<>();
          p.path("args").forEach(a -> args.add(a.path("value").asText(a.path("description").asText())));
          errors.add("console." + type + ": " + String.join(" ", args));
        }
      }
      case "Log.entryAdded" -> {
        JsonNode entry = p.path("entry");
        if (entry.path("level").asText().equals("error")) {
          errors.add("log (" + entry.path("source").asText() + "): " + entry.path("text").asText() + " " + entry.path("url").asText(""));
        }
      }
      default -> {}
    }
  }

  @Override
  public void close() throws InterruptedException {
    // asked to close, Chromium removes its singleton socket folder from /tmp; killed, it leaves it
    try {
      socket.sendText("{\"id\": 0, \"method\": \"Browser.close\"}", true).get(10, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      // the socket is gone already; the process is ended below
    }
    if (process.waitFor(10, TimeUnit.SECONDS)) {
      socket.abort();
      return;
    }
    socket.abort();
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    }
  }

  /** Hands every complete text message, parsed, to the queue. */
  private static final class Listener implements WebSocket.Listener {
    private final BlockingQueue<JsonNode> messages;
    private final ObjectMapper json = new ObjectMapper();
    private final StringBuilder partial = new StringBuilder();

    Listener(BlockingQueue<JsonNode> messages) {
      this.messages = messages;
    }

    @Override
    public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        try {
          messages.add(json.readTree(partial.toString()));
        } catch (IOException e) {
          messages.add(json.createObjectNode().put("method", "Runtime.exceptionThrown").set("params",
              json.createObjectNode().set("exceptionDetails", json.createObjectNode().put("text", "unreadable DevTools message: " + e))));
        }
        partial.setLength(0);
      }
      socket.request(1);
      return null;
    }
  }
}
