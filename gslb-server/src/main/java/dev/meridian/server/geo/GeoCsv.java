package dev.meridian.server.geo;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the CSV that {@code geo-build} turns into a database: a header {@code
 * network,continent,country,subdivision,latitude,longitude} (optionally {@code ,accuracy_radius}), then one network
 * per line. Cells may be empty; an empty continent is the country's. Blank lines and lines starting with {@code #}
 * are skipped. The first problem stops the read with {@code FILE:LINE: problem}.
 */
final class GeoCsv {
    private static final String HEADER = "network,continent,country,subdivision,latitude,longitude";
    private static final String HEADER_WITH_RADIUS = HEADER + ",accuracy_radius";
    private static final Pattern SUBDIVISION = Pattern.compile("([A-Z]{2})-([A-Z0-9]{1,3})");
    private static final int MAX_ACCURACY_RADIUS = 0xFFFF;

    /**
     * One network and what is known about it.
     *
     * @param network the network
     * @param location its location; {@code networkPrefix} is the network's prefix length
     * @param accuracyRadius kilometres around the coordinates, when given
     */
    record Row(Cidr network, GeoLocation location, OptionalInt accuracyRadius) {
    }

    private GeoCsv() {
    }

    static List<Row> read(Path file) throws GeoDatabaseException {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new GeoDatabaseException(file, "no such file");
        } catch (CharacterCodingException e) {
            throw new GeoDatabaseException(file, "not UTF-8 text");
        } catch (IOException e) {
            throw new GeoDatabaseException(file, "cannot read: " + e.getMessage(), e);
        }
        CountryContinents continents = CountryContinents.standard();
        List<Row> rows = new ArrayList<>();
        Map<Cidr, Integer> firstLine = new HashMap<>();
        int columns = 0;
        for (int i = 0; i < lines.size(); i++) {
            int number = i + 1;
            // Spreadsheets often save CSV with a byte-order mark, which would otherwise spoil the header.
            String line = (i == 0 ? lines.get(i).replace("\uFEFF", "") : lines.get(i)).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (columns == 0) {
                columns = header(file, number, line);
                continue;
            }
            String[] cells = line.split(",", -1);
            if (cells.length != columns) {
                throw new GeoDatabaseException(file, number, "expected " + columns + " cells, found " + cells.length);
            }
            Row row;
            try {
                row = row(cells, continents);
            } catch (IllegalArgumentException e) {
                throw new GeoDatabaseException(file, number, e.getMessage());
            }
            Integer other = firstLine.putIfAbsent(row.network(), number);
            if (other != null) {
                throw new GeoDatabaseException(file, number,
                        "network " + cells[0].strip() + " is already listed on line " + other);
            }
            rows.add(row);
        }
        if (columns == 0) {
            throw new GeoDatabaseException(file, "no header line '" + HEADER + "'");
        }
        if (rows.isEmpty()) {
            throw new GeoDatabaseException(file, "no networks");
        }
        return List.copyOf(rows);
    }

    private static int header(Path file, int number, String line) throws GeoDatabaseException {
        String header = line.replace(" ", "");
        if (header.equals(HEADER)) {
            return 6;
        }
        if (header.equals(HEADER_WITH_RADIUS)) {
            return 7;
        }
        throw new GeoDatabaseException(file, number,
                "expected the header '" + HEADER + "' (optionally ',accuracy_radius'), found '" + line + "'");
    }

    private static Row row(String[] cells, CountryContinents continents) {
        Cidr network = Cidr.parse(cells[0].strip());
        String continent = cells[1].strip();
        String country = cells[2].strip();
        String subdivision = cells[3].strip();
        String latitude = cells[4].strip();
        String longitude = cells[5].strip();
        String radius = cells.length > 6 ? cells[6].strip() : "";

        if (!country.isEmpty() && !continents.isCountry(country)) {
            throw new IllegalArgumentException("unknown country '" + country
                    + "': expected an upper-case ISO 3166-1 alpha-2 code such as GB");
        }
        if (!continent.isEmpty() && !CountryContinents.CONTINENTS.contains(continent)) {
            throw new IllegalArgumentException("unknown continent '" + continent + "': expected one of "
                    + String.join(", ", CountryContinents.CONTINENTS.stream().sorted().toList()));
        }
        if (!subdivision.isEmpty()) {
            Matcher code = SUBDIVISION.matcher(subdivision);
            if (!code.matches()) {
                throw new IllegalArgumentException("subdivision '" + subdivision
                        + "' is not an ISO 3166-2 code such as US-WA");
            }
            if (!code.group(1).equals(country)) {
                throw new IllegalArgumentException("subdivision '" + subdivision + "' needs country " + code.group(1));
            }
        }
        if (latitude.isEmpty() != longitude.isEmpty()) {
            throw new IllegalArgumentException("give both latitude and longitude, or neither");
        }
        boolean hasCoordinates = !latitude.isEmpty();
        double lat = hasCoordinates ? degrees("latitude", latitude, 90) : 0;
        double lon = hasCoordinates ? degrees("longitude", longitude, 180) : 0;
        OptionalInt accuracyRadius = OptionalInt.empty();
        if (!radius.isEmpty()) {
            if (!hasCoordinates) {
                throw new IllegalArgumentException("accuracy_radius needs latitude and longitude");
            }
            accuracyRadius = OptionalInt.of(accuracyRadius(radius));
        }
        GeoLocation location = new GeoLocation(
                country.isEmpty() ? null : country,
                continent.isEmpty() ? continents.continentOf(country) : continent,
                subdivision.isEmpty() ? null : subdivision,
                lat, lon, hasCoordinates, network.prefixLength());
        return new Row(network, location, accuracyRadius);
    }

    private static double degrees(String name, String text, double limit) {
        double value;
        try {
            value = Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " '" + text + "' is not a number");
        }
        if (!(value >= -limit && value <= limit)) {
            throw new IllegalArgumentException(name + " " + text + " is outside -" + (int) limit + ".." + (int) limit);
        }
        return value;
    }

    private static int accuracyRadius(String text) {
        try {
            int value = Integer.parseInt(text);
            if (value >= 1 && value <= MAX_ACCURACY_RADIUS) {
                return value;
            }
        } catch (NumberFormatException e) {
            // Reported below together with out-of-range values.
        }
        throw new IllegalArgumentException(
                "accuracy_radius '" + text + "' is not a whole number of kilometres from 1 to " + MAX_ACCURACY_RADIUS);
    }
}
