package dev.meridian.server.interop;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs Knot's {@code kdig} against one server with a DNS cookie and reads the status and the cookie it printed. It
 * asks once over UDP ({@code +notcp}), and never repeats a query on BADCOOKIE ({@code +nobadcookie}), so the reply
 * read is the reply to the cookie given.
 */
final class Kdig {
    private static final List<String> COMMON = List.of("+time=2", "+retry=0", "+notcp", "+norecurse", "+nobadcookie");
    private static final Duration TIMEOUT = Duration.ofSeconds(15);
    private static final Pattern STATUS = Pattern.compile(";; ->>HEADER<<- opcode: \\S+; status: (\\S+);");
    private static final Pattern ANSWER = Pattern.compile(";; Flags: [^;]*; QUERY: \\d+; ANSWER: (\\d+);");
    private static final Pattern COOKIE = Pattern.compile(";; COOKIE: ([0-9A-Fa-f]+)");

    private Kdig() {
    }

    /**
     * Asks {@code name A} with {@code +cookie}, or {@code +cookie=HEX} to send a cookie back.
     *
     * @param cookie the whole cookie to send in hex, or {@code null} for a fresh client cookie
     */
    static Reply query(InetAddress server, int port, String name, String cookie)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("kdig", "@" + server.getHostAddress(), "-p",
                String.valueOf(port)));
        command.addAll(COMMON);
        command.add(cookie == null ? "+cookie" : "+cookie=" + cookie);
        command.addAll(List.of(name, "A"));
        Path out = Files.createTempFile("kdig", ".txt");
        try {
            Process kdig;
            try {
                kdig = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
            } catch (IOException e) {
                throw new IOException("cannot run kdig; install it (Debian: knot-dnsutils): " + e.getMessage(), e);
            }
            if (!kdig.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                kdig.destroyForcibly().waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                throw new AssertionError(String.join(" ", command) + ": still running after " + TIMEOUT);
            }
            String text = Files.readString(out, StandardCharsets.UTF_8);
            return Reply.parse(String.join(" ", command), text);
        } finally {
            Files.deleteIfExists(out);
        }
    }

    /** kdig's report of one reply; {@link #toString()} is the command and kdig's whole output. */
    record Reply(String command, String text, String status, int answers, String cookie) {
        static Reply parse(String command, String text) {
            Matcher status = STATUS.matcher(text);
            Matcher answer = ANSWER.matcher(text);
            Matcher cookie = COOKIE.matcher(text);
            if (!status.find() || !answer.find()) {
                throw new AssertionError("no reply in kdig's output\n" + command + "\n" + text);
            }
            return new Reply(command, text, status.group(1), Integer.parseInt(answer.group(1)),
                    cookie.find() ? cookie.group(1).toUpperCase(java.util.Locale.ROOT) : "");
        }

        /** The cookie's length in bytes: 8 for a client cookie alone, 24 with an RFC 9018 server cookie. */
        int cookieBytes() {
            return cookie.length() / 2;
        }

        @Override
        public String toString() {
            return command + "\n" + text;
        }
    }
}
