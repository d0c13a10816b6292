/**
 * Catalogs: per volume folder, {@code <app>/<proc>/<N>/<volume-key>/catalog.json} lists the
 * folder's backups (name, key, format, size, SHA-256, created, where it came from, state, and a
 * free-form {@code extra}). The catalog is the listing: an archive without an entry is invisible,
 * so a backup appears only once its archive is committed and its entry written.
 * {@link io.backupd.daemon.catalog.CatalogStore} reads catalogs and changes them one at a time
 * per key with an atomic replace; {@code CatalogCodec} is the strict reader and writer of the
 * format documented in {@code api-docs/catalog.md}. This package knows storage, not volumes:
 * which catalog belongs to which volume is {@code BackupLayout}'s business.
 */
package io.backupd.daemon.catalog;
