package io.backupd.daemon.backup.full;

import java.util.List;

/**
 * What an {@link ArchiveWriter} wrote: what went in, and the gzip members it is made of (empty
 * for formats without members), which the caller keeps beside the archive for parallel restores.
 */
public record WrittenArchive(ArchiveStats stats, List<GzipMember> members) {
    public WrittenArchive {
        members = List.copyOf(members);
    }
}
