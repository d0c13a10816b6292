/**
 * The storage the increment repository needs ({@link io.backupd.daemon.backup.increment.storage.RepositoryStorage}:
 * atomic put, whole and ranged reads, size, list, delete) and a directory implementation for tests
 * and benchmarks. The daemon adapts its own {@code Storage} and per-volume prefix to the interface.
 */
package io.backupd.daemon.backup.increment.storage;
