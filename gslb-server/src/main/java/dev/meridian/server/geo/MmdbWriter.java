package dev.meridian.server.geo;

import static java.util.Objects.requireNonNull;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a MaxMind DB file (format 2.0): an IPv6 search tree with IPv4 networks at {@code ::a.b.c.d/96+n}, where
 * readers look IPv4 addresses up; 16 zero bytes; the data section; then {@code \xAB\xCD\xEFMaxMind.com} and the
 * metadata map. The same networks, records and metadata always give the same bytes: networks are inserted in a
 * fixed order, records are numbered in that order and nodes in depth-first order.
 */
final class MmdbWriter {
    private static final byte[] METADATA_MARKER = "\u00AB\u00CD\u00EFMaxMind.com".getBytes(StandardCharsets.ISO_8859_1);
    private static final int DATA_SECTION_SEPARATOR = 16;
    private static final int IPV4_SUBTREE_DEPTH = 96;
    /** Slot value for "no data here", before numbering. */
    private static final int EMPTY = -1;

    /** Inserting less specific networks first lets a more specific one overwrite just its part of the tree. */
    private static final Comparator<Entry> INSERTION_ORDER = Comparator.<Entry>comparingInt(Entry::prefixLength)
            .thenComparing(Entry::address, Arrays::compareUnsigned);

    private final String databaseType;
    private final String description;
    private final long buildEpoch;
    private final List<Entry> entries = new ArrayList<>();

    /**
     * @param databaseType the metadata's {@code database_type}; GeoIP2 readers want it to contain {@code City}
     * @param description the metadata's English description
     * @param buildEpoch the metadata's {@code build_epoch}, seconds since 1970
     */
    MmdbWriter(String databaseType, String description, long buildEpoch) {
        this.databaseType = requireNonNull(databaseType, "databaseType");
        this.description = requireNonNull(description, "description");
        if (buildEpoch < 0) {
            throw new IllegalArgumentException("build epoch " + buildEpoch + " is before 1970");
        }
        this.buildEpoch = buildEpoch;
    }

    /** Adds a network with its record, one value encoded by {@link MmdbEncoder}; more specific networks win. */
    void put(Cidr network, byte[] record) {
        byte[] address = new byte[16];
        byte[] raw = network.address().getAddress();
        System.arraycopy(raw, 0, address, 16 - raw.length, raw.length);
        int prefixLength = network.isIpv4() ? IPV4_SUBTREE_DEPTH + network.prefixLength() : network.prefixLength();
        entries.add(new Entry(address, prefixLength, record.clone(), network));
    }

    /** The whole file. */
    byte[] toByteArray() {
        List<Entry> sorted = entries.stream().sorted(INSERTION_ORDER).toList();
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        Map<ByteBuffer, Integer> offsets = new HashMap<>();
        Node root = new Node();
        Entry previous = null;
        for (Entry entry : sorted) {
            if (previous != null && INSERTION_ORDER.compare(previous, entry) == 0) {
                throw new IllegalArgumentException("network " + entry.network() + " is listed twice");
            }
            previous = entry;
            // Networks with equal records share one copy in the data section.
            ByteBuffer record = ByteBuffer.wrap(entry.record());
            Integer offset = offsets.get(record);
            if (offset == null) {
                offset = data.size();
                data.writeBytes(entry.record());
                offsets.put(record, offset);
            }
            insert(root, entry.address(), entry.prefixLength(), offset);
        }

        List<Node> nodes = new ArrayList<>();
        number(root, nodes);
        int nodeCount = nodes.size();
        int recordSize = recordSize((long) nodeCount + DATA_SECTION_SEPARATOR + data.size());

        ByteArrayOutputStream file = new ByteArrayOutputStream();
        for (Node node : nodes) {
            writeNode(file, node.value(0, nodeCount), node.value(1, nodeCount), recordSize);
        }
        file.writeBytes(new byte[DATA_SECTION_SEPARATOR]);
        file.writeBytes(data.toByteArray());
        file.writeBytes(METADATA_MARKER);
        file.writeBytes(metadata(nodeCount, recordSize));
        return file.toByteArray();
    }

    private static void insert(Node root, byte[] address, int prefixLength, int offset) {
        if (prefixLength == 0) {
            root.data[0] = offset;
            root.data[1] = offset;
            return;
        }
        Node node = root;
        for (int depth = 0; depth < prefixLength - 1; depth++) {
            int bit = bit(address, depth);
            if (node.children[bit] == null) {
                // The slot's record covered all of the new child; it keeps covering what the new network does not.
                Node child = new Node();
                child.data[0] = node.data[bit];
                child.data[1] = node.data[bit];
                node.data[bit] = EMPTY;
                node.children[bit] = child;
            }
            node = node.children[bit];
        }
        node.data[bit(address, prefixLength - 1)] = offset;
    }

    private static int bit(byte[] address, int index) {
        return address[index / 8] >>> (7 - index % 8) & 1;
    }

    /** Root first, then each left subtree before its right one. */
    private static void number(Node node, List<Node> nodes) {
        node.number = nodes.size();
        nodes.add(node);
        for (Node child : node.children) {
            if (child != null) {
                number(child, nodes);
            }
        }
    }

    /** The smallest record size that holds every value: node numbers, "empty" and pointers into the data. */
    private static int recordSize(long largestValue) {
        for (int bits : new int[] {24, 28, 32}) {
            if (largestValue < 1L << bits) {
                return bits;
            }
        }
        throw new IllegalArgumentException("database too large for 32-bit records");
    }

    private static void writeNode(ByteArrayOutputStream out, long left, long right, int recordSize) {
        switch (recordSize) {
            case 24 -> {
                bigEndian(out, left, 3);
                bigEndian(out, right, 3);
            }
            case 28 -> {
                // The middle byte holds the top four bits of the left record, then those of the right one.
                bigEndian(out, left & 0xFF_FFFF, 3);
                out.write((int) (left >>> 24 << 4 | right >>> 24));
                bigEndian(out, right & 0xFF_FFFF, 3);
            }
            default -> {
                bigEndian(out, left, 4);
                bigEndian(out, right, 4);
            }
        }
    }

    private byte[] metadata(int nodeCount, int recordSize) {
        return new MmdbEncoder().map(9)
                .string("binary_format_major_version").uint16(2)
                .string("binary_format_minor_version").uint16(0)
                .string("build_epoch").uint64(buildEpoch)
                .string("database_type").string(databaseType)
                .string("description").map(1).string("en").string(description)
                .string("ip_version").uint16(6)
                .string("languages").array(0)
                .string("node_count").uint32(nodeCount)
                .string("record_size").uint16(recordSize)
                .toByteArray();
    }

    private static void bigEndian(ByteArrayOutputStream out, long value, int length) {
        for (int shift = (length - 1) * 8; shift >= 0; shift -= 8) {
            out.write((int) (value >>> shift));
        }
    }

    /** A network in the IPv6 tree: 16 address bytes and a prefix length up to 128. */
    private record Entry(byte[] address, int prefixLength, byte[] record, Cidr network) {
    }

    private static final class Node {
        final Node[] children = new Node[2];
        /** Data-section offset per side, or {@link #EMPTY}; meaningful only where there is no child. */
        final int[] data = {EMPTY, EMPTY};
        int number;

        /** A record as the file stores it: a node number, the node count for "no data", or a data pointer. */
        long value(int side, int nodeCount) {
            if (children[side] != null) {
                return children[side].number;
            }
            return data[side] == EMPTY ? nodeCount : (long) nodeCount + DATA_SECTION_SEPARATOR + data[side];
        }
    }
}
