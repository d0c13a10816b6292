package io.backupd.cron;

import com.fasterxml.jackson.core.type.TypeReference;
import io.backupd.common.error.BackupException;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Where records are reported, persisted in {@code notify.json} as a JSON array of strings; at most
 * {@link #MAX}, since every record is queued once per address. Thread-safe.
 */
final class NotifyAddresses {
    static final String FILE = "notify.json";
    static final int MAX = 16;

    private final Path file;
    private final Set<String> addresses = new LinkedHashSet<>();

    NotifyAddresses(Path dataDir) {
        this.file = dataDir.resolve(FILE);
        AtomicFiles.read(file, new TypeReference<List<String>>() { }).ifPresent(addresses::addAll);
    }

    /** Idempotent; INVALID_ARGUMENT for a blank address or one beyond {@link #MAX}. Returns whether it was new. */
    synchronized boolean add(String address) {
        String clean = address == null ? "" : address.trim();
        if (clean.isEmpty()) {
            throw BackupException.invalid("a notify address must not be empty");
        }
        if (addresses.contains(clean)) {
            return false;
        }
        if (addresses.size() >= MAX) {
            throw BackupException.invalid("a node reports to at most " + MAX + " notify addresses; remove one first");
        }
        addresses.add(clean);
        AtomicFiles.write(file, List.copyOf(addresses));
        return true;
    }

    /** Idempotent. Returns whether it was present. */
    synchronized boolean remove(String address) {
        String clean = address == null ? "" : address.trim();
        if (!addresses.remove(clean)) {
            return false;
        }
        AtomicFiles.write(file, List.copyOf(addresses));
        return true;
    }

    synchronized List<String> list() {
        return List.copyOf(addresses);
    }
}
