package io.backupd.daemon.storage;

import io.backupd.common.error.BackupException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Storage drivers by URL scheme ({@code fs:<dir>}, later {@code s3:...}), listed once in the
 * composition root. Tests build their own. Not thread-safe while being filled.
 */
public final class StorageRegistry {
    private final Map<String, Function<String, Storage>> drivers = new LinkedHashMap<>();

    /** {@code factory} receives what follows {@code <scheme>:}. A duplicate scheme is a bug. */
    public StorageRegistry register(String scheme, Function<String, Storage> factory) {
        if (drivers.putIfAbsent(scheme, factory) != null) {
            throw new IllegalStateException("storage scheme '" + scheme + "' is registered twice");
        }
        return this;
    }

    /** Opens the storage {@code location} names; INVALID_ARGUMENT for a malformed or unknown one. */
    public Storage open(String location) {
        int colon = location == null ? -1 : location.indexOf(':');
        if (colon <= 0) {
            throw BackupException.invalid("storage '" + location + "' is not of the form <scheme>:<where>, e.g. fs:/mnt/backup");
        }
        String scheme = location.substring(0, colon);
        Function<String, Storage> factory = drivers.get(scheme);
        if (factory == null) {
            throw BackupException.invalid("unknown storage scheme '" + scheme + "'; known: " + drivers.keySet());
        }
        return factory.apply(location.substring(colon + 1));
    }
}
