package dev.meridian.server.zone;

import java.nio.file.Path;
import org.xbill.DNS.Record;

/**
 * A record read from a zone file, with the file and line it was written on, so checks made after parsing (CNAME and
 * other data, a second SOA, a GSLB name that clashes) still name the line.
 *
 * @param file the zone file or the file it includes
 * @param line the line the record starts on
 */
public record ZoneRecord(Record record, Path file, int line) {
}
