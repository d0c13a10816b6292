/**
 * The storage the increment repository needs ({@link io.backupd.daemon.backup.increment.storage.RepositoryStorage}:
 * atomic put, whole and ranged reads, size, list, delete). The daemon adapts its own {@code Storage}
 * and per-volume prefix to the interface; tests and the increment benchmark use a directory
 * implementation, {@code FsRepositoryStorage}, kept in the test sources.
 */
package io.backupd.daemon.backup.increment.storage;
