package dev.meridian.server.zone;

import dev.meridian.probes.config.ConfigException;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Generator;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.TTL;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Tokenizer;
import org.xbill.DNS.Type;

/**
 * Reads the records of an RFC 1035 master file, each with the file and line it starts on.
 *
 * <p>dnsjava's {@link Tokenizer} reads the tokens and {@link Record#fromString} each record's data, as its
 * {@code Master} does; this class does the part of {@code Master} that decides where a record starts and what the
 * directives mean, because {@code Master} gives no record's line, silently clamps a TTL of 2^31 or more, reports a
 * TTL of 2^32 or more as an invalid type, and cannot find a relative {@code $INCLUDE} when reading a stream.
 * {@code $INCLUDE} files are taken from the including file's directory; {@code $GENERATE} is expanded by dnsjava's
 * {@link Generator}, every record it makes named at the directive's line.
 */
final class ZoneFileReader {
    private static final Pattern LOCATED = Pattern.compile("^.*?:(\\d+): (.*)$", Pattern.DOTALL);
    private static final Pattern DIGITS = Pattern.compile("\\d+");
    private static final Pattern RANGE = Pattern.compile("(\\d{1,9})-(\\d{1,9})(?:/(\\d{1,9}))?");
    /** Records one {@code $GENERATE} may make: far beyond a /16 of PTRs, far below running out of memory. */
    private static final int MAX_GENERATED = 65_536;
    /** Deep enough for any real layout; a file that includes itself stops here. */
    private static final int MAX_INCLUDE_DEPTH = 8;

    private final Path file;
    private final String[] lines;
    private final LineCounter in;
    private final Tokenizer st;
    private final int depth;
    /** Every file an {@code $INCLUDE} of this read opened, shared by the nested readers. */
    private final List<Path> includes;
    private Name origin;
    private long defaultTtl;
    private Record last;
    private int recordLine;

    private ZoneFileReader(Path file, String text, Name origin, long defaultTtl, int depth, List<Path> includes) {
        this.file = file;
        this.includes = includes;
        this.lines = text.split("\n", -1);
        this.in = new LineCounter(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
        this.st = new Tokenizer(in);
        this.origin = origin;
        this.defaultTtl = defaultTtl;
        this.depth = depth;
    }

    /**
     * A zone file's records and the files it included.
     *
     * @param records every record of the file and the files it includes, in file order
     * @param includes the files {@code $INCLUDE} read, in the order they were read
     */
    record Read(List<ZoneRecord> records, List<Path> includes) {
    }

    /** Reads {@code file}, whose content is {@code text}, and the files it includes. */
    static Read read(Path file, String text, Name origin) throws ConfigException {
        List<ZoneRecord> out = new ArrayList<>();
        List<Path> includes = new ArrayList<>();
        new ZoneFileReader(file, text, origin, -1, 0, includes).readInto(out);
        return new Read(List.copyOf(out), List.copyOf(includes));
    }

    private static ZoneFileReader open(Path file, Name origin, long defaultTtl, int depth, List<Path> includes)
            throws ConfigException {
        try {
            return new ZoneFileReader(file, Files.readString(file, StandardCharsets.UTF_8), origin, defaultTtl, depth,
                    includes);
        } catch (NoSuchFileException e) {
            throw new ConfigException(file, ConfigException.NO_LINE, "no such file");
        } catch (IOException e) {
            throw new ConfigException(file, ConfigException.NO_LINE, "cannot read: " + e.getMessage());
        }
    }

    private void readInto(List<ZoneRecord> out) throws ConfigException {
        try {
            Record r;
            while ((r = next(out)) != null) {
                out.add(new ZoneRecord(r, file, recordLine));
            }
        } catch (TextParseException e) {
            throw parseError(e);
        } catch (IOException | RuntimeException e) {
            // dnsjava signals some bad data (a relative name, a value out of range) with unchecked exceptions.
            throw new ConfigException(file, recordLine, String.valueOf(e.getMessage()));
        }
    }

    /** The next record, after any directives; records of included files go straight to {@code out}. */
    private Record next(List<ZoneRecord> out) throws IOException, ConfigException {
        while (true) {
            Tokenizer.Token token = st.get(true, false);
            recordLine = in.newlines() + 1;
            Name name;
            if (token.type() == Tokenizer.WHITESPACE) {
                Tokenizer.Token following = st.get();
                if (following.type() == Tokenizer.EOL) {
                    continue;
                }
                if (following.type() == Tokenizer.EOF) {
                    return null;
                }
                st.unget();
                if (last == null) {
                    throw error("a record with no owner name: the first record must name its owner");
                }
                name = last.getName();
            } else if (token.type() == Tokenizer.EOL) {
                continue;
            } else if (token.type() == Tokenizer.EOF) {
                return null;
            } else if (token.value().startsWith("$")) {
                directive(token.value(), out);
                continue;
            } else {
                name = Name.fromString(token.value(), origin);
            }
            return record(name);
        }
    }

    private void directive(String directive, List<ZoneRecord> out) throws IOException, ConfigException {
        switch (directive.toUpperCase(Locale.ROOT)) {
            case "$ORIGIN" -> {
                origin = st.getName(Name.root);
                st.getEOL();
            }
            case "$TTL" -> {
                defaultTtl = ttl(st.getIdentifier());
                st.getEOL();
            }
            case "$INCLUDE" -> include(out);
            case "$GENERATE" -> generate(out);
            default -> throw error("unknown directive " + directive);
        }
    }

    private void include(List<ZoneRecord> out) throws IOException, ConfigException {
        int line = recordLine;
        String name = st.getString();
        Name includeOrigin = origin;
        Tokenizer.Token token = st.get();
        if (token.isString()) {
            includeOrigin = Name.fromString(token.value(), Name.root);
            st.getEOL();
        }
        Path included = file.resolveSibling(name).normalize();
        if (!Files.isRegularFile(included)) {
            throw new ConfigException(file, line, "$INCLUDE file " + included + " does not exist");
        }
        if (depth >= MAX_INCLUDE_DEPTH) {
            throw new ConfigException(file, line, "$INCLUDE nested more than " + MAX_INCLUDE_DEPTH
                    + " files deep; does a file include itself?");
        }
        includes.add(included);
        open(included, includeOrigin, defaultTtl, depth + 1, includes).readInto(out);
    }

    /** The rest of a record after its owner: [class] [TTL] [class] type, then its data. */
    private Record record(Name name) throws IOException, ConfigException {
        Fields fields = fields();
        // An SOA still to take its MINIMUM as its TTL is parsed with 0 meanwhile.
        Record record = Record.fromString(name, fields.type(), fields.dclass(), Math.max(fields.ttl(), 0), st,
                origin);
        if (fields.ttl() < 0) {
            // As BIND does: an SOA with no TTL and no $TTL before it takes its MINIMUM field.
            SOARecord soa = (SOARecord) record;
            record = new SOARecord(name, fields.dclass(), soa.getMinimum(), soa.getHost(), soa.getAdmin(),
                    soa.getSerial(), soa.getRefresh(), soa.getRetry(), soa.getExpire(), soa.getMinimum());
            defaultTtl = soa.getMinimum();
        }
        last = record;
        return record;
    }

    /** Class, TTL and type as a record writes them; a TTL of -1 only for an SOA that takes its MINIMUM. */
    private record Fields(int dclass, long ttl, int type) {
    }

    /** [class] [TTL] [class] type, in any of the orders RFC 1035 allows; the TTL from $TTL or before when absent. */
    private Fields fields() throws IOException, ConfigException {
        String s = st.getString();
        int dclass = DClass.value(s);
        boolean seenClass = dclass >= 0;
        if (seenClass) {
            s = st.getString();
        }
        long ttl = -1;
        if (Character.isDigit(s.charAt(0))) {
            ttl = ttl(s);
            s = st.getString();
        }
        if (!seenClass) {
            dclass = DClass.value(s);
            if (dclass >= 0) {
                s = st.getString();
            } else {
                dclass = DClass.IN;
            }
        }
        int type = Type.value(s);
        if (type < 0) {
            throw error("unknown record type '" + s + "'");
        }
        if (ttl < 0) {
            if (defaultTtl >= 0) {
                ttl = defaultTtl;
            } else if (last != null) {
                ttl = last.getTTL();
            } else if (type != Type.SOA) {
                throw error("the record has no TTL: give it one or set $TTL before it");
            }
        }
        return new Fields(dclass, ttl, type);
    }

    /** {@code $GENERATE start-stop[/step] owner [TTL] [class] type rdata}, expanded by dnsjava's Generator. */
    private void generate(List<ZoneRecord> out) throws IOException, ConfigException {
        int line = recordLine;
        String range = st.getIdentifier();
        Matcher m = RANGE.matcher(range);
        if (!m.matches()) {
            throw error("$GENERATE range '" + range + "' is not START-STOP or START-STOP/STEP");
        }
        long start = Long.parseLong(m.group(1));
        long stop = Long.parseLong(m.group(2));
        long step = m.group(3) == null ? 1 : Long.parseLong(m.group(3));
        if (start > stop || step == 0) {
            throw error("$GENERATE range '" + range + "' is empty: START must not be above STOP, STEP not 0");
        }
        if ((stop - start) / step + 1 > MAX_GENERATED) {
            throw error("$GENERATE range '" + range + "' makes more than " + MAX_GENERATED + " records");
        }
        String owner = st.getIdentifier();
        Fields fields = fields();
        if (fields.ttl() < 0 || !Generator.supportedType(fields.type())) {
            throw error("$GENERATE makes A, AAAA, CNAME, DNAME, NS and PTR records only, not "
                    + Type.string(fields.type()));
        }
        String rdata = st.getIdentifier();
        st.getEOL();
        Generator generator = new Generator(start, stop, step, owner, fields.type(), fields.dclass(), fields.ttl(),
                rdata, origin);
        Record r;
        while ((r = generator.nextRecord()) != null) {
            out.add(new ZoneRecord(r, file, line));
        }
    }

    /** RFC 2181 section 8: a TTL is at most 2^31 - 1; a larger one is an error here, never clamped. */
    private long ttl(String text) throws ConfigException {
        if (DIGITS.matcher(text).matches() && (text.length() > 10 || Long.parseLong(text) > TTL.MAX_VALUE)) {
            throw error("TTL " + text + " is too large: a TTL is at most " + TTL.MAX_VALUE
                    + " seconds (RFC 2181 section 8)");
        }
        long ttl;
        try {
            ttl = TTL.parse(text, false);
        } catch (NumberFormatException e) {
            throw error("'" + text + "' is not a TTL; write seconds (3600) or units (1h, 2d, 1w)");
        }
        if (ttl > TTL.MAX_VALUE) {
            throw error("TTL " + text + " is too large: a TTL is at most " + TTL.MAX_VALUE
                    + " seconds (RFC 2181 section 8)");
        }
        return ttl;
    }

    private ConfigException error(String problem) {
        return new ConfigException(file, recordLine, problem);
    }

    /**
     * dnsjava names the line where its tokenizer stands, which for a record cut short at the end of its line is the
     * next one; the record's own first line is the one to fix, unless it spans lines in parentheses.
     */
    private ConfigException parseError(TextParseException e) {
        Matcher m = LOCATED.matcher(String.valueOf(e.getMessage()));
        if (!m.matches()) {
            return error(String.valueOf(e.getMessage()));
        }
        int reported = Integer.parseInt(m.group(1));
        boolean multiline = recordLine >= 1 && recordLine <= lines.length
                && withoutComment(lines[recordLine - 1]).contains("(");
        return new ConfigException(file, multiline ? reported : recordLine, m.group(2));
    }

    private static String withoutComment(String line) {
        int semicolon = line.indexOf(';');
        return semicolon < 0 ? line : line.substring(0, semicolon);
    }

    /**
     * Counts the line ends the tokenizer has read. The tokenizer reads one byte at a time and looks at most one byte
     * past a token, never past the line end that follows an owner name, so at a record's first token the count is
     * the number of lines before it.
     */
    private static final class LineCounter extends BufferedInputStream {
        private int newlines;

        LineCounter(InputStream in) {
            super(in);
        }

        @Override
        public synchronized int read() throws IOException {
            int c = super.read();
            if (c == '\n') {
                newlines++;
            }
            return c;
        }

        int newlines() {
            return newlines;
        }
    }
}
