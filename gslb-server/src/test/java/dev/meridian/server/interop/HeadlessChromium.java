package dev.meridian.server.interop;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Debian's headless Chromium showing one page, driven over the DevTools protocol on a loopback websocket: the test
 * reads the live page (which keeps updating itself) and takes screenshots. Its profile is a directory the test owns;
 * it never reaches beyond loopback (no name is resolved, anything else goes to a closed proxy port); it is stopped
 * by its PID.
 */
final class HeadlessChromium implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(20);

    private final Process process;
    private final WebSocket socket;
    private final Map<Integer, CompletableFuture<JsonObject>> pending = new ConcurrentHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();

    private HeadlessChromium(Process process, WebSocket.Builder builder, URI target) throws Exception {
        this.process = process;
        this.socket = builder.buildAsync(target, new Replies()).get(CALL_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }

    /** Starts Chromium on {@code url}, its profile in {@code profile} (a new directory), its output in {@code log}. */
    static HeadlessChromium open(String url, Path profile, Path log) throws Exception {
        Files.createDirectories(profile);
        List<String> command = new ArrayList<>(List.of("chromium", "--headless", "--disable-gpu",
                "--user-data-dir=" + profile, "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0",
                "--window-size=1400,1100", "--no-first-run", "--no-default-browser-check", "--disable-extensions",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-default-apps", "--no-pings", "--disable-domain-reliability",
                "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
                "--proxy-server=127.0.0.1:9", "--proxy-bypass-list=127.0.0.1"));
        if ("root".equals(System.getProperty("user.name"))) {
            // Chromium refuses to run as root inside its sandbox; CI runs as root.
            command.add("--no-sandbox");
        }
        command.add(url);
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot run chromium (.ci/run installs Debian's chromium): "
                    + e.getMessage(), e);
        }
        try {
            int port = devToolsPort(profile, process, log);
            HttpClient http = HttpClient.newBuilder().connectTimeout(CALL_TIMEOUT).build();
            URI page = pageTarget(http, port);
            return new HeadlessChromium(process, http.newWebSocketBuilder(), page);
        } catch (Exception | Error e) {
            MeridianProcess.stop(process);
            throw e;
        }
    }

    /** Evaluates a JavaScript expression in the page and returns its value as text. */
    String evaluate(String expression) throws Exception {
        JsonObject result = call("Runtime.evaluate", new JsonObject().put("expression", expression)
                .put("returnByValue", true));
        if (result.containsKey("exceptionDetails")) {
            throw new IllegalStateException(expression + " threw: " + result.getJsonObject("exceptionDetails"));
        }
        return String.valueOf(result.getJsonObject("result").getValue("value"));
    }

    /** Writes what the page shows now as a PNG. */
    void screenshot(Path file) throws Exception {
        JsonObject shot = call("Page.captureScreenshot", new JsonObject().put("format", "png"));
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.write(file, Base64.getDecoder().decode(shot.getString("data")));
    }

    private JsonObject call(String method, JsonObject params) throws Exception {
        int id = ids.incrementAndGet();
        CompletableFuture<JsonObject> reply = new CompletableFuture<>();
        pending.put(id, reply);
        socket.sendText(new JsonObject().put("id", id).put("method", method).put("params", params).encode(), true)
                .get(CALL_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        JsonObject answer = reply.get(CALL_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        if (answer.containsKey("error")) {
            throw new IllegalStateException(method + ": " + answer.getJsonObject("error"));
        }
        return answer.getJsonObject("result");
    }

    @Override
    public void close() {
        socket.abort();
        MeridianProcess.stop(process);
    }

    /** The DevTools port Chromium chose, from the file it writes in its profile once it listens. */
    private static int devToolsPort(Path profile, Process process, Path log) throws Exception {
        Path file = profile.resolve("DevToolsActivePort");
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("chromium exited with " + process.exitValue() + ":\n"
                        + Files.readString(log));
            }
            if (Files.isRegularFile(file)) {
                List<String> lines = Files.readAllLines(file);
                if (lines.size() >= 2) {
                    return Integer.parseInt(lines.get(0).strip());
                }
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("chromium did not open its DevTools port within " + START_TIMEOUT + ":\n"
                + Files.readString(log));
    }

    /** The websocket of the page Chromium opened, from its target list. */
    private static URI pageTarget(HttpClient http, int port) throws Exception {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            HttpResponse<String> list = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/json/list")).timeout(CALL_TIMEOUT).build(),
                    HttpResponse.BodyHandlers.ofString());
            last = list.body();
            for (Object o : new JsonArray(last)) {
                JsonObject target = (JsonObject) o;
                if ("page".equals(target.getString("type")) && target.containsKey("webSocketDebuggerUrl")) {
                    return URI.create(target.getString("webSocketDebuggerUrl"));
                }
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("chromium lists no page: " + last);
    }

    /** Joins each message's fragments and hands replies to their callers; events are not asked for and ignored. */
    private final class Replies implements WebSocket.Listener {
        private final StringBuilder text = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                JsonObject message = new JsonObject(text.toString());
                text.setLength(0);
                CompletableFuture<JsonObject> reply = message.containsKey("id")
                        ? pending.remove(message.getInteger("id")) : null;
                if (reply != null) {
                    reply.complete(message);
                }
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            pending.values().forEach(reply -> reply.completeExceptionally(error));
        }
    }
}
