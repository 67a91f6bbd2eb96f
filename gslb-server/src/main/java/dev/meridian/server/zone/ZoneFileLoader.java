package dev.meridian.server.zone;

import dev.meridian.probes.config.ConfigException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * Loads every {@code *.zone} file of a directory ({@link ZoneFileReader}, then {@link AuthoritativeZone}), with the
 * dynamic nodes (GSLB names) its {@link DynamicNodeSource} gives. A file's origin is its name without {@code .zone},
 * unless the file sets {@code $ORIGIN} before its first record. Any problem stops the load with one message naming
 * the file and the line of the record at fault (only a zone-wide lack, such as no SOA, has no line).
 */
public final class ZoneFileLoader {
    private static final String SUFFIX = ".zone";
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
        Set<Path> includes = new LinkedHashSet<>();
        Map<Name, Path> seen = new HashMap<>();
        for (Path file : files) {
            AuthoritativeZone zone = load(file, dynamic, includes);
            Path other = seen.putIfAbsent(zone.origin(), file);
            if (other != null) {
                throw new ConfigException(file, ConfigException.NO_LINE,
                        "zone " + zone.origin() + " is already loaded from " + other);
            }
            zones.add(zone);
        }
        return new ZoneSet(zones, List.copyOf(includes));
    }

    /** Loads one zone file. */
    public static AuthoritativeZone loadFile(Path file, DynamicNodeSource dynamic) throws ConfigException {
        return load(file, dynamic, new LinkedHashSet<>());
    }

    /** Loads one zone file, adding the files it includes to {@code includes}. */
    private static AuthoritativeZone load(Path file, DynamicNodeSource dynamic, Set<Path> includes)
            throws ConfigException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException(file, ConfigException.NO_LINE, "cannot read: " + e.getMessage());
        }
        Name origin = origin(file, text);
        // The zone's dynamic nodes (a policy file of up to 100 000 names) are read on a second thread while this one
        // reads the zone file: the two are independent and each is about half of a large zone's load. A problem in
        // the zone file is still the one reported when both have one; the other read then finishes unheeded.
        CompletableFuture<DynamicNodeSource.Loaded> dynamicNodes = CompletableFuture.supplyAsync(() -> {
            try {
                return dynamic.load(file, origin);
            } catch (ConfigException e) {
                throw new CompletionException(e);
            }
        });
        ZoneFileReader.Read read = ZoneFileReader.read(file, text, origin);
        includes.addAll(read.includes());
        List<ZoneRecord> records = read.records();
        for (ZoneRecord r : records) {
            checked(origin, r);
        }
        checkSoa(file, origin, records);
        checkApexNs(file, origin, records);
        checkCnames(records);
        DynamicNodeSource.Loaded nodes = loaded(dynamicNodes);
        try {
            return new AuthoritativeZone(origin, records.stream().map(ZoneRecord::record).toList(), nodes.nodes());
        } catch (DynamicNodeConflict e) {
            Name name = e.node().name();
            String zoneData = records.stream().filter(r -> r.record().getName().equals(name)).findFirst()
                    .map(r -> " (" + r.file() + ":" + r.line() + ")").orElse("");
            throw new ConfigException(nodes.file(), nodes.lineOf(e.node()), e.getMessage() + zoneData);
        }
    }

    private static DynamicNodeSource.Loaded loaded(CompletableFuture<DynamicNodeSource.Loaded> dynamicNodes)
            throws ConfigException {
        try {
            return dynamicNodes.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof ConfigException config) {
                throw config;
            }
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    /** The zone file's name without {@code .zone}: {@code shop.example.zone} → {@code shop.example}. */
    public static String baseName(Path zoneFile) {
        String name = zoneFile.getFileName().toString();
        return name.substring(0, name.length() - SUFFIX.length());
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

    private static void checked(Name origin, ZoneRecord located) throws ConfigException {
        Record r = located.record();
        if (!r.getName().subdomain(origin)) {
            throw error(located, "record '" + r + "' is outside the zone " + origin);
        }
        if (r.getDClass() != DClass.IN) {
            throw error(located, "record '" + r + "' is of class " + DClass.string(r.getDClass())
                    + "; a zone holds class IN only");
        }
        if (r.getType() == Type.SOA && !r.getName().equals(origin)) {
            throw error(located, "SOA '" + r + "' is not at the zone apex " + origin);
        }
        if (r.getType() == Type.CNAME && r.getName().equals(origin)) {
            throw error(located, "a CNAME cannot be at the zone apex " + origin + ", where the SOA and NS are");
        }
    }

    private static void checkSoa(Path file, Name origin, List<ZoneRecord> records) throws ConfigException {
        ZoneRecord first = null;
        for (ZoneRecord r : records) {
            if (r.record().getType() == Type.SOA) {
                if (first != null) {
                    throw error(r, "a second SOA; the zone's SOA is on line " + first.line() + " of " + first.file());
                }
                first = r;
            }
        }
        if (first == null) {
            throw new ConfigException(file, ConfigException.NO_LINE, "the zone has no SOA; it needs one at " + origin);
        }
    }

    /** RFC 1034 section 4.2.1: the apex names the zone's servers. */
    private static void checkApexNs(Path file, Name origin, List<ZoneRecord> records) throws ConfigException {
        for (ZoneRecord r : records) {
            if (r.record().getType() == Type.NS && r.record().getName().equals(origin)) {
                return;
            }
        }
        throw new ConfigException(file, ConfigException.NO_LINE, "the zone has no NS; it needs one at " + origin);
    }

    /** RFC 1034 section 3.6.2: a name with a CNAME has no other data, and one CNAME at most. */
    private static void checkCnames(List<ZoneRecord> records) throws ConfigException {
        Map<Name, ZoneRecord> cnames = new HashMap<>();
        Map<Name, ZoneRecord> others = new HashMap<>();
        for (ZoneRecord r : records) {
            Name name = r.record().getName();
            boolean cname = r.record().getType() == Type.CNAME;
            ZoneRecord earlierCname = cnames.get(name);
            if (earlierCname != null) {
                throw error(r, cname ? name + " has a second CNAME; the first is on line " + earlierCname.line()
                        : name + " has a CNAME on line " + earlierCname.line() + " and other data; a CNAME must "
                        + "stand alone");
            }
            if (cname && others.containsKey(name)) {
                throw error(r, name + " has a CNAME and other data (line " + others.get(name).line()
                        + "); a CNAME must stand alone");
            }
            (cname ? cnames : others).putIfAbsent(name, r);
        }
    }

    private static ConfigException error(ZoneRecord r, String problem) {
        return new ConfigException(r.file(), r.line(), problem);
    }
}
