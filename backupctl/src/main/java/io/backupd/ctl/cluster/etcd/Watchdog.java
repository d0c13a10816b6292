package io.backupd.ctl.cluster.etcd;

/**
 * Decides whether a watch has gone quiet while etcd moved on. Each period the watcher asks etcd
 * for its current revision (and the watch for a progress notification, which advances what the
 * watcher has observed even when nothing under the prefix changed). A watch is stuck when, a whole
 * period later, it still has not reached the revision the server had at the previous check; one
 * period of slack keeps events that are merely in flight from counting as lost.
 *
 * <p>Not thread-safe (used on the watcher's event thread).
 */
final class Watchdog {
    private long expected;

    /**
     * @param serverRevision   etcd's current revision now
     * @param observedRevision the newest revision the watch has shown so far (events, progress)
     * @return true when the watch missed the revision expected since the previous check
     */
    boolean stuck(long serverRevision, long observedRevision) {
        boolean stuck = expected > 0 && observedRevision < expected;
        expected = !stuck && serverRevision > observedRevision ? serverRevision : 0;
        return stuck;
    }

    /** After a re-list: the new watch starts with a clean slate. */
    void reset() {
        expected = 0;
    }
}
