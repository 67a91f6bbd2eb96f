package dev.meridian.server.ctl;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** One node's admin API over HTTP(S), with a bearer token; every answer is read as JSON. */
final class AdminClient {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    /** An answer of the API: its status and JSON body. */
    record Reply(int status, JsonObject body) {
        boolean ok() {
            return status / 100 == 2;
        }

        /** The API's own error line: {@code error: detail}. */
        String problem() {
            return body.getString("error", "HTTP " + status) + ": " + body.getString("detail", "");
        }
    }

    /** The API could not be asked, or did not answer JSON. */
    static final class Unreachable extends Exception {
        Unreachable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final URI base;
    private final String token;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    AdminClient(URI base, String token) {
        this.base = base;
        this.token = token;
    }

    Reply send(String method, String path, JsonObject body) throws Unreachable {
        return send(method, path, "application/json", body == null ? null : body.encode());
    }

    /** Sends {@code body} (none when {@code null}) as {@code contentType}. */
    Reply send(String method, String path, String contentType, String body) throws Unreachable {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(TIMEOUT)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("content-type", contentType);
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new Unreachable("cannot reach the admin API at " + base + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unreachable("interrupted", e);
        }
        try {
            return new Reply(response.statusCode(), new JsonObject(response.body()));
        } catch (DecodeException e) {
            throw new Unreachable(base.resolve(path) + " answered HTTP " + response.statusCode()
                    + " without JSON: is this a Meridian admin API?", e);
        }
    }
}
