package dev.meridian.server.interop;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs the real {@code dig} against one server and reads its text output: header, flags, EDNS pseudo-section and the
 * answer, authority and additional sections. Every query is asked once, with a short wait, without RD, and dig prints
 * only those parts ({@code +noall +comments +answer +authority +additional}), which keeps the format small and stable.
 */
final class Dig {
    private static final List<String> COMMON = List.of(
            "+time=2", "+tries=1", "+norecurse", "+noall", "+comments", "+answer", "+authority", "+additional");
    /** Far above what +time=2 +tries=1 can take, even over TCP; only a hung dig gets near it. */
    private static final Duration TIMEOUT = Duration.ofSeconds(15);

    private Dig() {
    }

    /** Runs {@code dig @server -p port <common options> args...} and reads its single reply. */
    static Reply query(InetAddress server, int port, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(
                List.of("dig", "@" + server.getHostAddress(), "-p", String.valueOf(port)));
        command.addAll(COMMON);
        command.addAll(List.of(args));
        Path out = Files.createTempFile("dig", ".txt");
        try {
            Process dig;
            try {
                dig = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
            } catch (IOException e) {
                throw new IOException("cannot run dig; install it (Debian: bind9-dnsutils): " + e.getMessage(), e);
            }
            if (!dig.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                dig.destroyForcibly().waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                throw new AssertionError(String.join(" ", command) + ": still running after " + TIMEOUT);
            }
            String text = Files.readString(out, StandardCharsets.UTF_8);
            // dig exits 0 whenever a reply arrived, whatever its rcode; 9 means no reply at all.
            if (dig.exitValue() != 0) {
                throw new AssertionError(String.join(" ", command) + ": exit " + dig.exitValue() + "\n" + text);
            }
            return Reply.parse(String.join(" ", command), text);
        } finally {
            Files.deleteIfExists(out);
        }
    }

    /** One resource record as dig prints it, with runs of blanks made single. */
    record Rr(String owner, long ttl, String dclass, String type, String data) {
        static Rr parse(String line) {
            String[] f = line.strip().split("\\s+", 5);
            if (f.length < 4) {
                throw new IllegalArgumentException("not a record: " + line);
            }
            return new Rr(f[0], Long.parseLong(f[1]), f[2], f[3], f.length == 5 ? f[4] : "");
        }

        @Override
        public String toString() {
            return owner + " " + ttl + " " + dclass + " " + type + " " + data;
        }
    }

    /** dig's report of one reply. {@link #toString()} is the command and dig's whole output, for assertion messages. */
    static final class Reply {
        private static final Pattern HEADER = Pattern.compile("^;; ->>HEADER<<- opcode: (\\S+), status: (\\S+),");
        private static final Pattern FLAGS = Pattern.compile("^;; flags:([^;]*);(.*)$");
        private static final Pattern COUNT = Pattern.compile("(QUERY|ANSWER|AUTHORITY|ADDITIONAL): (\\d+)");
        private static final Pattern SECTION = Pattern.compile("^;; (ANSWER|AUTHORITY|ADDITIONAL) SECTION:$");
        private static final Pattern EDNS = Pattern.compile("^; EDNS: version: (\\d+)");
        private static final Pattern NSID = Pattern.compile("^; NSID: (.*)$");
        private static final Pattern QUOTED = Pattern.compile("\"([^\"]*)\"");
        private static final Pattern HEX_BYTE = Pattern.compile("\\b[0-9a-fA-F]{2}\\b");

        private final String command;
        private final String text;
        private final String status;
        private final Set<String> flags;
        private final Map<String, Integer> counts;
        private final Map<String, List<Rr>> sections;
        private final Integer ednsVersion;
        private final String nsid;

        private Reply(String command, String text, String status, Set<String> flags, Map<String, Integer> counts,
                Map<String, List<Rr>> sections, Integer ednsVersion, String nsid) {
            this.command = command;
            this.text = text;
            this.status = status;
            this.flags = Set.copyOf(flags);
            this.counts = Map.copyOf(counts);
            this.sections = Map.copyOf(sections);
            this.ednsVersion = ednsVersion;
            this.nsid = nsid;
        }

        static Reply parse(String command, String text) {
            String status = null;
            int headers = 0;
            Set<String> flags = new HashSet<>();
            Map<String, Integer> counts = new HashMap<>();
            Map<String, List<Rr>> sections = new HashMap<>();
            for (String name : List.of("ANSWER", "AUTHORITY", "ADDITIONAL")) {
                sections.put(name, new ArrayList<>());
            }
            Integer ednsVersion = null;
            String nsid = null;
            String section = null;
            for (String line : text.split("\\R")) {
                Matcher m;
                if ((m = HEADER.matcher(line)).find()) {
                    headers++;
                    status = m.group(2);
                } else if ((m = FLAGS.matcher(line)).find()) {
                    for (String flag : m.group(1).strip().split("\\s+")) {
                        if (!flag.isEmpty()) {
                            flags.add(flag);
                        }
                    }
                    Matcher c = COUNT.matcher(m.group(2));
                    while (c.find()) {
                        counts.put(c.group(1), Integer.parseInt(c.group(2)));
                    }
                } else if ((m = SECTION.matcher(line)).find()) {
                    section = m.group(1);
                } else if ((m = EDNS.matcher(line)).find()) {
                    ednsVersion = Integer.parseInt(m.group(1));
                } else if ((m = NSID.matcher(line)).find()) {
                    nsid = nsid(m.group(1));
                } else if (line.isBlank()) {
                    section = null;
                } else if (section != null && !line.startsWith(";")) {
                    sections.get(section).add(Rr.parse(line));
                }
            }
            // A second header means dig retried (over TCP after TC, or without EDNS after BADVERS): fail, do not guess.
            if (headers != 1) {
                throw new AssertionError("expected exactly one reply in dig's output, found " + headers + "\n"
                        + command + "\n" + text);
            }
            return new Reply(command, text, status, flags, counts, sections, ednsVersion, nsid);
        }

        /** The rcode as dig names it: NOERROR, NXDOMAIN, REFUSED, BADVERS... */
        String status() {
            return status;
        }

        /** Header flags in lower case as dig prints them: qr, aa, tc, rd, ra, ad, cd. */
        Set<String> flags() {
            return flags;
        }

        /** The section count from the header, which is what a client trusts. */
        int count(String section) {
            Integer n = counts.get(section);
            if (n == null) {
                throw new AssertionError("no " + section + " count in dig's output\n" + this);
            }
            return n;
        }

        List<Rr> answer() {
            return sections.get("ANSWER");
        }

        List<Rr> authority() {
            return sections.get("AUTHORITY");
        }

        List<Rr> additional() {
            return sections.get("ADDITIONAL");
        }

        /** The EDNS version of the reply's OPT record; empty when the reply had none. */
        OptionalInt ednsVersion() {
            return ednsVersion == null ? OptionalInt.empty() : OptionalInt.of(ednsVersion);
        }

        /** The NSID the server sent, as text. */
        Optional<String> nsid() {
            return Optional.ofNullable(nsid);
        }

        /** Records of a section as single-spaced lines, for comparing with what the zone file says. */
        static List<String> lines(List<Rr> records) {
            return records.stream().map(Rr::toString).toList();
        }

        /** dig 9.18 prints {@code hex bytes ("text")}; other versions print either form alone. */
        private static String nsid(String printed) {
            Matcher quoted = QUOTED.matcher(printed);
            if (quoted.find()) {
                return quoted.group(1);
            }
            Matcher hex = HEX_BYTE.matcher(printed);
            StringBuilder text = new StringBuilder();
            while (hex.find()) {
                text.append((char) Integer.parseInt(hex.group(), 16));
            }
            return text.toString();
        }

        @Override
        public String toString() {
            return command + "\n" + text;
        }
    }
}
