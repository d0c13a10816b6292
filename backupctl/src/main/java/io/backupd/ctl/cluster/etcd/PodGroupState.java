package io.backupd.ctl.cluster.etcd;

import io.backupd.common.error.BackupException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pod groups (and the values that failed to parse) under the watched prefix, built from one
 * listing and the watch events after it.
 *
 * <p>Changes are applied idempotently by mod revision: a change is ignored unless it is newer
 * than both the listing the state was built from and what is held for its key. So replaying
 * events (a watch resumed from an old revision, a duplicate after a reconnect) never moves a key
 * backwards, and a delete never removes a value written after it.
 *
 * <p>Not thread-safe: the watcher confines it to its event thread.
 */
final class PodGroupState {
    private static final Logger log = LoggerFactory.getLogger(PodGroupState.class);

    /** One key-value as etcd returned it. */
    record Entry(String key, byte[] value, long modRevision) {
    }

    private record Problem(String message, long modRevision) {
    }

    private final PodGroupParser parser;
    private final Map<String, PodGroup> groups = new HashMap<>();
    private final Map<String, Problem> problems = new HashMap<>();
    private long listRevision;
    private long revision;

    PodGroupState(PodGroupParser parser) {
        this.parser = parser;
    }

    /**
     * Replaces everything with a listing taken at {@code revision}.
     *
     * @return whether any group or problem changed
     */
    boolean replaceAll(List<Entry> entries, long revision) {
        Map<String, PodGroup> oldGroups = new HashMap<>(groups);
        Map<String, Problem> oldProblems = new HashMap<>(problems);
        groups.clear();
        problems.clear();
        for (Entry entry : entries) {
            store(entry, oldProblems.get(entry.key()));
        }
        listRevision = revision;
        this.revision = revision;
        return !groups.equals(oldGroups) || !problems.equals(oldProblems);
    }

    /** Applies a put; returns whether it changed anything (false for a stale or repeated event). */
    boolean put(Entry entry) {
        if (!isNewer(entry.key(), entry.modRevision())) {
            return false;
        }
        store(entry, problems.get(entry.key()));
        revision = Math.max(revision, entry.modRevision());
        return true;
    }

    /** Applies a delete made at {@code modRevision}; returns whether it removed anything. */
    boolean delete(String key, long modRevision) {
        if (!isNewer(key, modRevision)) {
            return false;
        }
        revision = Math.max(revision, modRevision);
        return groups.remove(key) != null | problems.remove(key) != null;
    }

    /** The revision the held state reflects: the listing's, or the newest change applied after it. */
    long revision() {
        return revision;
    }

    Snapshot snapshot() {
        Map<String, String> messages = new TreeMap<>();
        problems.forEach((key, problem) -> messages.put(key, problem.message()));
        return new Snapshot(new TreeMap<>(groups), new TreeMap<>(messages), revision);
    }

    private boolean isNewer(String key, long modRevision) {
        if (modRevision <= listRevision) {
            return false;
        }
        PodGroup group = groups.get(key);
        Problem problem = problems.get(key);
        long held = group != null ? group.modRevision() : problem != null ? problem.modRevision() : 0;
        return modRevision > held;
    }

    /** Parses and holds one value; {@code previous} is the problem held for its key before, if any. */
    private void store(Entry entry, Problem previous) {
        String key = entry.key();
        try {
            groups.put(key, parser.parse(key, entry.value(), entry.modRevision()));
            problems.remove(key);
            if (previous != null) {
                log.info("{} parses again (revision {})", key, entry.modRevision());
            }
        } catch (BackupException e) {
            groups.remove(key);
            problems.put(key, new Problem(e.getMessage(), entry.modRevision()));
            // a re-list sees the same broken value again; say it once, not on every re-list
            if (previous == null || !previous.message().equals(e.getMessage())) {
                log.warn("skipping pod group at revision {}: {}", entry.modRevision(), e.getMessage());
            }
        }
    }
}
