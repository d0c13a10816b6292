/**
 * Backup storage: the {@link io.backupd.daemon.storage.Storage} contract (keys, uploads that are
 * invisible until committed, atomic replace of small objects), the key rules in
 * {@link io.backupd.daemon.storage.StorageKeys}, and the {@link io.backupd.daemon.storage.StorageRegistry}
 * that opens a driver from its {@code <scheme>:<where>} location, and the daemon's
 * {@link io.backupd.daemon.storage.TemporarySweeper} that clears its node's abandoned uploads. Drivers live in
 * sub-packages: {@code fs/} (a shared file system), later {@code s3/}. The in-memory fake the tests use,
 * {@code memory/InMemoryStorage}, lives in the test sources and passes the same contract suite.
 */
package io.backupd.daemon.storage;
