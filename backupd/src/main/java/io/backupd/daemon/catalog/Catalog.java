package io.backupd.daemon.catalog;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The backups of one volume folder, oldest first: the value of {@code catalog.json}. The catalog
 * is the listing: an archive without an entry here is invisible. Immutable; every change returns
 * a new catalog.
 */
public record Catalog(int version, List<CatalogEntry> entries) {
    /** The format version this daemon reads and writes. */
    public static final int VERSION = 1;
    private static final Comparator<CatalogEntry> ORDER =
            Comparator.comparing(CatalogEntry::created).thenComparing(CatalogEntry::name);

    public Catalog {
        entries = entries.stream().sorted(ORDER).toList();
    }

    public static Catalog empty() {
        return new Catalog(VERSION, List.of());
    }

    public Optional<CatalogEntry> find(String name) {
        return entries.stream().filter(e -> e.name().equals(name)).findFirst();
    }

    /** With {@code entry} added, replacing an entry of the same name (so adding twice is harmless). */
    public Catalog with(CatalogEntry entry) {
        List<CatalogEntry> next = new ArrayList<>(entries.stream().filter(e -> !e.name().equals(entry.name())).toList());
        next.add(entry);
        return new Catalog(version, next);
    }

    /** Without the entries named in {@code names}; names it does not hold are ignored. */
    public Catalog without(Set<String> names) {
        return new Catalog(version, entries.stream().filter(e -> !names.contains(e.name())).toList());
    }
}
