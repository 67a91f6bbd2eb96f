package dev.meridian.server.control;

import dev.meridian.probes.cluster.SharedStrings;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;

/**
 * Overlays shared by every DNS node of the cluster, so a drain made through any node's API is obeyed by all of them
 * as soon as the change reaches them (milliseconds on a healthy cluster). Each node also keeps the cluster's overlays
 * in its own file, so they survive a restart of every node: on start, a node offers what its file holds, and for
 * each target the later change (by its time) wins, cleared targets included, so a node that was away cannot bring
 * back what was cleared meanwhile. After a split, the later write of each target wins (the cluster map's merge
 * policy).
 */
public final class ClusterOverlayStore implements OverlayStore {
    private static final System.Logger LOG = System.getLogger(ClusterOverlayStore.class.getName());

    private final SharedStrings shared;
    private final Path file;
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private volatile Overlays current = Overlays.NONE;

    private ClusterOverlayStore(SharedStrings shared, Path file) {
        this.shared = shared;
        this.file = file;
    }

    /**
     * Joins the cluster's overlays with those of {@code file}.
     *
     * @throws IllegalArgumentException naming the file and the problem when it cannot be read
     */
    public static ClusterOverlayStore open(SharedStrings shared, Path file) {
        ClusterOverlayStore store = new ClusterOverlayStore(shared, file);
        for (Overlay remembered : OverlayFile.read(file)) {
            shared.update(remembered.target(), cluster -> cluster == null
                    || parse(cluster).at().isBefore(remembered.at()) ? encode(remembered) : cluster,
                    remembered.at());
        }
        shared.onChange(store::changed);
        store.changed();
        return store;
    }

    @Override
    public Overlays current() {
        return current;
    }

    @Override
    public Overlays update(String target, UnaryOperator<Overlay> change, String by, Instant at) {
        // An overlay left empty is stored anyway, as the record that the target was cleared and when.
        shared.update(target, old -> encode(change.apply(old == null ? Overlay.none(target, by, at) : parse(old))),
                at);
        changed();
        return current;
    }

    @Override
    public void onChange(Runnable listener) {
        listeners.add(listener);
    }

    private synchronized void changed() {
        List<Overlay> entries = new ArrayList<>();
        Map<String, Overlay> inForce = new HashMap<>();
        for (Map.Entry<String, String> e : shared.entries().entrySet()) {
            try {
                Overlay overlay = parse(e.getValue());
                entries.add(overlay);
                if (!overlay.isEmpty()) {
                    inForce.put(overlay.target(), overlay);
                }
            } catch (RuntimeException bad) {
                LOG.log(System.Logger.Level.WARNING, "overlays: ignoring the cluster's entry for {0}: {1}", e.getKey(),
                        bad.getMessage());
            }
        }
        Overlays next = new Overlays(inForce);
        try {
            OverlayFile.write(file, entries);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "overlays: {0}", e.getMessage());
        }
        if (!next.equals(current)) {
            current = next;
            listeners.forEach(Runnable::run);
        }
    }

    private static Overlay parse(String json) {
        return Overlay.fromJson(new JsonObject(json));
    }

    private static String encode(Overlay overlay) {
        return overlay.toJson().encode();
    }

    @Override
    public void close() {
        listeners.clear();
    }
}
