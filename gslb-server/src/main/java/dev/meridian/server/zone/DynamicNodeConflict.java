package dev.meridian.server.zone;

/** A dynamic node the zone cannot take (its name has zone data, or lies below a delegation), named for the error. */
public final class DynamicNodeConflict extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final transient DynamicNode node;

    DynamicNodeConflict(DynamicNode node, String problem) {
        super(problem);
        this.node = node;
    }

    public DynamicNode node() {
        return node;
    }
}
