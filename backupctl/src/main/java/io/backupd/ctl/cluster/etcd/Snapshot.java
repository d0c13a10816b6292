package io.backupd.ctl.cluster.etcd;

import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The pod groups known at one etcd revision. Immutable; maps are sorted by key so that anything
 * derived from a snapshot has a stable order.
 *
 * @param groups   etcd key → pod group, for every value that parsed
 * @param problems etcd key → why its value was skipped (it never reaches {@code groups})
 * @param revision the etcd revision this state is known to be current through: the revision of
 *                 the last list, or of the last watch response applied after it
 */
public record Snapshot(SortedMap<String, PodGroup> groups, SortedMap<String, String> problems, long revision) {

    public Snapshot {
        groups = Collections.unmodifiableSortedMap(new TreeMap<>(groups));
        problems = Collections.unmodifiableSortedMap(new TreeMap<>(problems));
    }

    static Snapshot empty() {
        return new Snapshot(new TreeMap<>(), new TreeMap<>(), 0);
    }
}
