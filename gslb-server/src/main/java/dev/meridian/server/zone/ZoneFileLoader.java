package dev.meridian.server.zone;

import dev.meridian.probes.config.ConfigException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Master;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;
import org.xbill.DNS.Zone;

/**
 * Loads every {@code *.zone} file of a directory with dnsjava's master-file parser, with the dynamic nodes (GSLB
 * names) its {@link DynamicNodeSource} gives. A file's origin is its name without {@code .zone}, unless the file sets
 * {@code $ORIGIN} before its first record. Any problem stops the load
 * with one message naming the file, and the line where the parser knows it.
 */
public final class ZoneFileLoader {
    private static final String SUFFIX = ".zone";
    private static final Pattern LOCATED = Pattern.compile("^.*?:(\\d+): (.*)$", Pattern.DOTALL);
    private static final Pattern ORIGIN_DIRECTIVE = Pattern.compile("^\\$ORIGIN\\s+(\\S+)", Pattern.MULTILINE);

    private ZoneFileLoader() {
    }

    /** Loads all zones of a directory; the directory must hold at least one. */
    public static ZoneSet loadDirectory(Path dir, DynamicNodeSource dynamic) throws ConfigException {
        if (!Files.isDirectory(dir)) {
            throw new ConfigException(dir, ConfigException.NO_LINE, "zones directory does not exist");
        }
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.filter(p -> p.getFileName().toString().endsWith(SUFFIX) && Files.isRegularFile(p))
                    .sorted().toList();
        } catch (IOException e) {
            throw new ConfigException(dir, ConfigException.NO_LINE, "cannot list zones directory: " + e.getMessage());
        }
        if (files.isEmpty()) {
            throw new ConfigException(dir, ConfigException.NO_LINE, "no *.zone files in the zones directory");
        }
        List<AuthoritativeZone> zones = new ArrayList<>();
        Map<Name, Path> seen = new HashMap<>();
        for (Path file : files) {
            AuthoritativeZone zone = loadFile(file, dynamic);
            Path other = seen.putIfAbsent(zone.origin(), file);
            if (other != null) {
                throw new ConfigException(file, ConfigException.NO_LINE,
                        "zone " + zone.origin() + " is already loaded from " + other);
            }
            zones.add(zone);
        }
        return new ZoneSet(zones);
    }

    /** Loads one zone file. */
    public static AuthoritativeZone loadFile(Path file, DynamicNodeSource dynamic) throws ConfigException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException(file, ConfigException.NO_LINE, "cannot read: " + e.getMessage());
        }
        Name origin = origin(file, text);
        List<Record> records = new ArrayList<>();
        try (Master master = new Master(Files.newInputStream(file), origin)) {
            Record r;
            while ((r = nextRecord(master, file, text, origin)) != null) {
                records.add(checked(file, origin, r));
            }
        } catch (IOException e) {
            throw new ConfigException(file, ConfigException.NO_LINE, "cannot read: " + e.getMessage());
        }
        if (records.stream().filter(r -> r.getType() == Type.SOA).count() != 1) {
            throw new ConfigException(file, ConfigException.NO_LINE, "the zone must have exactly one SOA, at " + origin);
        }
        checkCnames(file, records);
        Zone zone;
        try {
            zone = new Zone(origin, records.toArray(Record[]::new));
        } catch (IOException | RuntimeException e) {
            throw new ConfigException(file, ConfigException.NO_LINE, e.getMessage());
        }
        DynamicNodeSource.Loaded nodes = dynamic.load(file, origin);
        try {
            return new AuthoritativeZone(zone, nodes.nodes());
        } catch (IllegalArgumentException e) {
            throw new ConfigException(nodes.file(), ConfigException.NO_LINE, e.getMessage());
        }
    }

    /** The zone file's name without {@code .zone}: {@code shop.example.zone} → {@code shop.example}. */
    public static String baseName(Path zoneFile) {
        String name = zoneFile.getFileName().toString();
        return name.substring(0, name.length() - SUFFIX.length());
    }

    private static Record nextRecord(Master master, Path file, String text, Name origin) throws ConfigException {
        try {
            return master.nextRecord();
        } catch (TextParseException e) {
            throw parseError(file, e, text, origin);
        } catch (IOException | RuntimeException e) {
            throw new ConfigException(file, ConfigException.NO_LINE, String.valueOf(e.getMessage()));
        }
    }

    /** dnsjava reports "file:line: problem" with its own idea of the file name; keep the line, use our path. */
    private static ConfigException parseError(Path file, TextParseException e, String text, Name origin) {
        Matcher m = LOCATED.matcher(String.valueOf(e.getMessage()));
        if (!m.matches()) {
            return new ConfigException(file, ConfigException.NO_LINE, String.valueOf(e.getMessage()));
        }
        int line = Integer.parseInt(m.group(1));
        String problem = m.group(2);
        return new ConfigException(file, endsPreviousLine(text, origin, line, problem) ? line - 1 : line, problem);
    }

    /**
     * dnsjava's tokenizer counts a line's end before it sees that a record on that line is incomplete ("broken IN A"
     * with no address is reported on the next line). When the lines before the reported one fail alone with the same
     * problem, the record at fault ends on the line before.
     */
    private static boolean endsPreviousLine(String text, Name origin, int line, String problem) {
        if (line < 2) {
            return false;
        }
        String[] lines = text.split("\n", -1);
        String head = String.join("\n", java.util.Arrays.copyOf(lines, Math.min(line - 1, lines.length))) + "\n";
        try (Master master = new Master(new java.io.ByteArrayInputStream(head.getBytes(StandardCharsets.UTF_8)),
                origin)) {
            while (master.nextRecord() != null) {
                // parse to the end of the head
            }
            return false;
        } catch (TextParseException e) {
            Matcher m = LOCATED.matcher(String.valueOf(e.getMessage()));
            return m.matches() && m.group(2).equals(problem);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static Name origin(Path file, String text) throws ConfigException {
        Matcher directive = ORIGIN_DIRECTIVE.matcher(text);
        String origin = directive.find() && directive.start() < firstRecordOffset(text)
                ? directive.group(1)
                : baseName(file);
        try {
            return Name.fromString(origin, Name.root);
        } catch (TextParseException e) {
            throw new ConfigException(file, ConfigException.NO_LINE,
                    "cannot tell the zone's origin from '" + origin + "': name the file <origin>.zone or set $ORIGIN");
        }
    }

    /** Where the first line that is neither blank, a comment nor a directive begins. */
    private static int firstRecordOffset(String text) {
        int offset = 0;
        for (String line : text.split("\n", -1)) {
            String t = line.strip();
            if (!t.isEmpty() && !t.startsWith(";") && !t.startsWith("$")) {
                return offset;
            }
            offset += line.length() + 1;
        }
        return offset;
    }

    private static Record checked(Path file, Name origin, Record r) throws ConfigException {
        if (!r.getName().subdomain(origin)) {
            throw new ConfigException(file, ConfigException.NO_LINE,
                    "record '" + r + "' is outside the zone " + origin);
        }
        if (r.getDClass() != DClass.IN) {
            throw new ConfigException(file, ConfigException.NO_LINE, "record '" + r + "' is not of class IN");
        }
        if (r.getType() == Type.SOA && !r.getName().equals(origin)) {
            throw new ConfigException(file, ConfigException.NO_LINE,
                    "SOA '" + r + "' is not at the zone origin " + origin);
        }
        return r;
    }

    /** RFC 1034 section 3.6.2: a name with a CNAME has no other data, and one CNAME at most. */
    private static void checkCnames(Path file, List<Record> records) throws ConfigException {
        Map<Name, Integer> cnames = new HashMap<>();
        Map<Name, Integer> others = new HashMap<>();
        for (Record r : records) {
            Map<Name, Integer> counts = r.getType() == Type.CNAME ? cnames : others;
            counts.merge(r.getName(), 1, Integer::sum);
        }
        for (Map.Entry<Name, Integer> e : cnames.entrySet()) {
            if (e.getValue() > 1) {
                throw new ConfigException(file, ConfigException.NO_LINE, e.getKey() + " has more than one CNAME");
            }
            if (others.containsKey(e.getKey())) {
                throw new ConfigException(file, ConfigException.NO_LINE,
                        e.getKey() + " has a CNAME and other data; a CNAME must stand alone");
            }
        }
    }
}
