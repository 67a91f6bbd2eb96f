package dev.meridian.probes.vote;

import dev.meridian.probes.observe.HealthStatus;
import dev.meridian.probes.observe.Observation;
import dev.meridian.probes.observe.VoteBatch;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The wire form of a {@link VoteBatch}: one length-prefixed frame per batch, so a reader needs no delimiter search
 * and a batch is applied whole or not at all. Fixed-width fields rather than Java serialization: a frame costs a
 * few dozen bytes per vote, decodes without reflection, and a newer agent's frame is refused by its version byte
 * instead of being misread.
 *
 * <pre>
 * frame  = length:u32 (of what follows) version:u8 (=1) kind:u8 (0 changes, 1 all) vantage:str count:u32 vote*
 * vote   = endpointKey:str status:u8 (0 up, 1 down) failingStreak:u16 smoothedRtt:f32 p95Rtt:f32
 *          since:i64 observed:i64 (milliseconds since the epoch)
 * str    = length:u16 UTF-8 bytes
 * </pre>
 */
final class VoteCodec {
    static final int VERSION = 1;
    /** Larger frames are refused: 64 MiB holds a million votes, far beyond any plan. */
    static final int MAX_FRAME = 64 << 20;
    private static final byte CHANGES = 0;
    private static final byte ALL = 1;

    private VoteCodec() {
    }

    /** The whole frame, length prefix included. */
    static Buffer encode(VoteBatch batch) {
        Buffer out = Buffer.buffer(32 + batch.votes().size() * 64);
        out.appendInt(0);
        out.appendByte((byte) VERSION);
        out.appendByte(batch.full() ? ALL : CHANGES);
        appendString(out, batch.vantage());
        out.appendInt(batch.votes().size());
        for (Observation vote : batch.votes()) {
            appendString(out, vote.endpointKey());
            out.appendByte((byte) (vote.status() == HealthStatus.UP ? 0 : 1));
            out.appendShort((short) Math.min(vote.failingStreak(), 0xFFFF));
            out.appendFloat((float) vote.smoothedRttMillis());
            out.appendFloat((float) vote.p95RttMillis());
            out.appendLong(vote.sinceEpochMillis());
            out.appendLong(vote.observedEpochMillis());
        }
        out.setInt(0, out.length() - 4);
        return out;
    }

    /**
     * Decodes a frame body (what follows the length prefix).
     *
     * @throws IllegalArgumentException when the frame is of another version or malformed
     */
    static VoteBatch decode(Buffer body) {
        try {
            int version = body.getUnsignedByte(0);
            if (version != VERSION) {
                throw new IllegalArgumentException("vote frame version " + version + ", expected " + VERSION);
            }
            byte kind = body.getByte(1);
            if (kind != CHANGES && kind != ALL) {
                throw new IllegalArgumentException("vote frame kind " + kind);
            }
            int[] at = {2};
            String vantage = readString(body, at);
            int count = body.getInt(at[0]);
            at[0] += 4;
            if (count < 0 || count > body.length()) {
                throw new IllegalArgumentException("vote frame count " + count);
            }
            List<Observation> votes = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                String key = readString(body, at);
                int p = at[0];
                HealthStatus status = body.getByte(p) == 0 ? HealthStatus.UP : HealthStatus.DOWN;
                int failing = body.getUnsignedShort(p + 1);
                double smoothed = body.getFloat(p + 3);
                double p95 = body.getFloat(p + 7);
                long since = body.getLong(p + 11);
                long observed = body.getLong(p + 19);
                at[0] = p + 27;
                votes.add(new Observation(key, vantage, status, failing, smoothed, p95, since, observed));
            }
            if (at[0] != body.length()) {
                throw new IllegalArgumentException("vote frame has " + (body.length() - at[0]) + " trailing bytes");
            }
            return new VoteBatch(vantage, kind == ALL, votes);
        } catch (IndexOutOfBoundsException e) {
            throw new IllegalArgumentException("vote frame truncated");
        }
    }

    private static void appendString(Buffer out, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > 0xFFFF) {
            throw new IllegalArgumentException("string of " + bytes.length + " bytes in a vote");
        }
        out.appendUnsignedShort(bytes.length);
        out.appendBytes(bytes);
    }

    private static String readString(Buffer in, int[] at) {
        int length = in.getUnsignedShort(at[0]);
        String value = in.getString(at[0] + 2, at[0] + 2 + length, "UTF-8");
        at[0] += 2 + length;
        return value;
    }
}
