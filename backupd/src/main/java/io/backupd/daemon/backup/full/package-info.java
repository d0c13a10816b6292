/**
 * Full backups: a whole volume as one compressed tar archive in storage.
 * {@link io.backupd.daemon.backup.full.FullBackup#write} opens a storage upload, streams the
 * volume through an {@link io.backupd.daemon.backup.full.ArchiveWriter} (today
 * {@code TarArchiveWriter} over {@code GzipCompression}) while hashing the bytes, and commits.
 * The walk is sorted, iterative and never follows symlinks; nothing is held whole in memory.
 */
package io.backupd.daemon.backup.full;
