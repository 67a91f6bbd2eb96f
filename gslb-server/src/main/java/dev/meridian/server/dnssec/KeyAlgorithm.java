package dev.meridian.server.dnssec;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import org.xbill.DNS.DNSSEC;

/** The signing algorithms a zone key may use, named as operators write them on the command line. */
public enum KeyAlgorithm {
    /** ECDSA on P-256 with SHA-256: small signatures, validated everywhere; the default (RFC 8624 MUST). */
    ECDSAP256SHA256(DNSSEC.Algorithm.ECDSAP256SHA256, "EC"),
    /** Ed25519 (RFC 8080): faster and deterministic, validated by most but not all resolvers in the wild. */
    ED25519(DNSSEC.Algorithm.ED25519, "Ed25519");

    private final int number;
    private final String jca;

    KeyAlgorithm(int number, String jca) {
        this.number = number;
        this.jca = jca;
    }

    /** The DNSSEC algorithm number (13 or 15). */
    public int number() {
        return number;
    }

    /** The name of the key type in the Java security API, for reading private keys back. */
    String jcaName() {
        return jca;
    }

    /** The algorithm with DNSSEC number {@code number}, or {@code null} when it is not one we sign with. */
    static KeyAlgorithm of(int number) {
        for (KeyAlgorithm a : values()) {
            if (a.number == number) {
                return a;
            }
        }
        return null;
    }

    KeyPair generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(jca);
            if (this == ECDSAP256SHA256) {
                generator.initialize(new ECGenParameterSpec("secp256r1"));
            }
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this Java runtime cannot make " + name() + " keys", e);
        }
    }
}
