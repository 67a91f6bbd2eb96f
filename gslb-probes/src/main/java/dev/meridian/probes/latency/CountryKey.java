package dev.meridian.probes.latency;

/** A country code as a number, so the query path finds a country's aggregate without hashing a string. */
public final class CountryKey {
    /** No country known. */
    public static final int NONE = 0;

    private CountryKey() {
    }

    /** The key of an ISO 3166-1 alpha-2 code ({@code null} or malformed: {@link #NONE}). */
    public static int of(String iso) {
        if (iso == null || iso.length() != 2) {
            return NONE;
        }
        return (Character.toUpperCase(iso.charAt(0)) << 16) | Character.toUpperCase(iso.charAt(1));
    }
}
