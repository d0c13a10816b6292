package io.backupd.daemon.backup.inventory;

import io.backupd.common.api.BackupEntity;
import io.backupd.daemon.backup.BackupLayout;
import io.backupd.daemon.catalog.CatalogEntry;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which backups a listing shows: complete ones, of the given volume paths ({@code dir}, repeated;
 * any when none), app and proc (full name); each narrows. Catalogs are picked by key before they
 * are read, so a filtered listing reads only the catalogs it can match.
 */
public record ListingFilter(Set<String> dirs, Set<String> volumeKeys, String app, String proc) {

    /** Validates the raw query values; INVALID_ARGUMENT naming the bad one. */
    public static ListingFilter of(BackupLayout layout, List<String> dirs, String app, String proc) {
        Set<String> volumes = dirs.stream().map(d -> layout.checkVolume(d, "dir")).collect(Collectors.toUnmodifiableSet());
        Set<String> keys = volumes.stream().map(layout::volumeKey).collect(Collectors.toUnmodifiableSet());
        String checkedApp = app == null ? null : layout.checkName(app, "app");
        String checkedProc = proc == null ? null : layout.checkName(proc, "proc");
        return new ListingFilter(volumes, keys, checkedApp, checkedProc);
    }

    /** The storage prefix worth listing: {@code <app>/} or {@code <app>/<proc>/} when known. */
    String listPrefix() {
        if (app == null) {
            return "";
        }
        return proc == null ? app + "/" : app + "/" + proc + "/";
    }

    /** True for a catalog key {@code <app>/<proc>/<N>/<volume-key>/catalog.json} this filter can match. */
    boolean catalogMatches(String key) {
        return folderFileMatches(key, BackupLayout.CATALOG);
    }

    /** True for a snapshot repository marker {@code <app>/<proc>/<N>/<volume-key>/increment.json} this filter can match. */
    boolean markerMatches(String key) {
        return folderFileMatches(key, BackupLayout.INCREMENT_MARKER);
    }

    boolean snapshotMatches(BackupEntity entity) {
        return (dirs.isEmpty() || dirs.contains(entity.volume()))
                && (app == null || app.equals(entity.app())) && (proc == null || proc.equals(entity.proc()));
    }

    private boolean folderFileMatches(String key, String file) {
        String[] parts = key.split("/", -1);
        return parts.length == 5 && parts[4].equals(file) && parts[2].matches("[0-9]{1,6}")
                && (app == null || parts[0].equals(app)) && (proc == null || parts[1].equals(proc))
                && (volumeKeys.isEmpty() || volumeKeys.contains(parts[3]));
    }

    boolean entryMatches(CatalogEntry entry) {
        return entry.complete() && (dirs.isEmpty() || dirs.contains(entry.volume()))
                && (app == null || app.equals(entry.app())) && (proc == null || proc.equals(entry.proc()));
    }
}
