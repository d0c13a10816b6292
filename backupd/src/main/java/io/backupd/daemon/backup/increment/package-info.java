/**
 * The snapshot repository behind {@code backup_increment}: every run is a point-in-time snapshot of a
 * volume that stores only the chunks the repository lacks. Format: docs/repository-format.md.
 *
 * <p>Owns: content-defined chunking ({@link io.backupd.daemon.backup.increment.FastCdc}), packs and
 * their trailers, index files and the compact in-memory index, the binary tree stream, snapshots,
 * repository locks, and the operations on top: backup, listing, restore, forget, prune, check.
 * The entry point is {@link io.backupd.daemon.backup.increment.IncrementRepository}; storage comes in
 * through {@link io.backupd.daemon.backup.increment.storage.RepositoryStorage}.
 *
 * <p>Main flow of a backup ({@code BackupRun.run}): shared lock, load config and index, heal an
 * index that names packs gone from storage ({@code LostPacks}: their entries dropped, durably, so
 * their chunks are stored again), open the newest snapshot's tree as parent, walk the source in tree order beside it ({@code SourceWalker}
 * lists and stats directories a few ahead on its own threads); files whose size, mtime, ctime and
 * inode match the parent reuse its chunks unread, the others are read, cut and hashed by
 * {@code FileChunker}s on reading threads, several files at once, taking a changed file's unchanged
 * parent chunks without cutting them ({@code ParentChunks}); the chunks the repository lacks are
 * compressed and packed on the {@code Packer}'s threads; entries reach the tree in walk order; then
 * the tree is written as blobs, the last packs stored, the index written, and the snapshot object last.
 *
 * <p>Invariants, stated as absences: no snapshot refers to a blob that is not indexed in a stored
 * pack; no index file names a pack that was not stored first; no prune deletes anything while a
 * backup holds its lock, or before the new index is written; no restore writes outside its target
 * or through a symlink.
 */
package io.backupd.daemon.backup.increment;
