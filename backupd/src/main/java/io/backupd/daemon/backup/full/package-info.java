/**
 * Full backups: a whole volume as one compressed tar archive in storage.
 * {@link io.backupd.daemon.backup.full.FullBackup#write} opens a storage upload, streams the
 * volume through the {@link io.backupd.daemon.backup.full.ArchiveWriter} of the job's format
 * ({@code TarArchiveWriter} over {@code GzipCompression} or {@code ZstdCompression}) while hashing
 * the bytes, commits, and stores a {@code .tar.gz}'s member index beside it. The walk is sorted,
 * iterative and never follows symlinks; nothing is held whole in memory.
 *
 * <p>The archive streams: {@code .tar.gz} is written as independent 1 MiB gzip members on all
 * cores by {@link io.backupd.daemon.backup.full.ParallelGzipOutputStream}, storing blocks that do
 * not compress; its member index ({@link io.backupd.daemon.backup.full.GzipMemberIndex}), kept
 * as {@code <archive>.idx}, lets {@link io.backupd.daemon.backup.full.ParallelGzipInputStream}
 * inflate on all cores when a restore reads it back ({@code recover/GzipArchiveReader}).
 * {@code .tar.zst} is written as independent 4 MiB zstd frames on all cores by
 * {@link io.backupd.daemon.backup.full.ZstdFrameOutputStream} and read by
 * {@link io.backupd.daemon.backup.full.ZstdArchiveStream}. Both writers are a
 * {@link io.backupd.daemon.backup.full.ParallelBlockOutputStream}; every stream keeps a bounded
 * number of blocks in flight.
 */
package io.backupd.daemon.backup.full;
