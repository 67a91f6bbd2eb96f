package dev.meridian.server.notify;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs a body the way receivers check it: HMAC-SHA256 with the shared secret over {@code timestamp + "." + body},
 * sent as {@code X-Meridian-Signature: v1=<hex>} beside {@code X-Meridian-Timestamp: <unix seconds>}. The timestamp
 * is inside the signature so a receiver can refuse an old request replayed.
 */
public final class WebhookSigner {
    public static final String SIGNATURE_HEADER = "X-Meridian-Signature";
    public static final String TIMESTAMP_HEADER = "X-Meridian-Timestamp";
    private static final String ALGORITHM = "HmacSHA256";

    private final SecretKeySpec key;

    public WebhookSigner(byte[] secret) {
        if (secret.length == 0) {
            throw new IllegalArgumentException("the webhook secret is empty");
        }
        this.key = new SecretKeySpec(secret, ALGORITHM);
    }

    /** The signature header's value for a body sent at {@code epochSeconds}. */
    public String sign(long epochSeconds, byte[] body) {
        try {
            // A Mac is not thread-safe and cheap to make next to an HTTP request.
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            mac.update((epochSeconds + ".").getBytes(StandardCharsets.US_ASCII));
            return "v1=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is part of every Java runtime", e);
        }
    }
}
