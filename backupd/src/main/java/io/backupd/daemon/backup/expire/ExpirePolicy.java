package io.backupd.daemon.backup.expire;

import io.backupd.daemon.catalog.CatalogEntry;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** Which full backups of a volume expire: those created before the cutoff, except the newest complete one. */
final class ExpirePolicy {
    private static final Comparator<CatalogEntry> AGE = Comparator.comparing(CatalogEntry::created).thenComparing(CatalogEntry::name);

    private ExpirePolicy() {
    }

    /** The complete full backups of {@code volume} among {@code entries}, oldest first. */
    static List<CatalogEntry> candidates(List<CatalogEntry> entries, String volume) {
        return entries.stream()
                .filter(e -> e.volume().equals(volume) && CatalogEntry.FULL.equals(e.mode()) && e.complete())
                .sorted(AGE).toList();
    }

    /**
     * The entries to delete. The newest complete backup is never among them, however old: a volume
     * whose backups stopped (the app is stopped, the hook keeps failing) keeps its last one.
     */
    static List<CatalogEntry> expired(List<CatalogEntry> entries, String volume, Instant cutoff) {
        List<CatalogEntry> candidates = candidates(entries, volume);
        Optional<CatalogEntry> newest = candidates.isEmpty() ? Optional.empty() : Optional.of(candidates.get(candidates.size() - 1));
        return candidates.stream().filter(e -> e.created().isBefore(cutoff) && !Optional.of(e).equals(newest)).toList();
    }
}
