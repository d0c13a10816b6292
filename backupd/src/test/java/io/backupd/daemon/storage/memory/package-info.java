/** An in-memory {@link io.backupd.daemon.storage.Storage} for tests; it passes the same contract suite as the real drivers. */
package io.backupd.daemon.storage.memory;
