package io.backupd.common.api;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/**
 * One backup as the APIs list it. {@code source} is the volume's path on its node, {@code server}
 * the ip of the daemon that made it; {@code parent} and {@code files} are for incremental snapshots;
 * {@code format} is a full backup's archive format ({@code tar.gz}, {@code tar.zst}), absent for
 * snapshots.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BackupEntity(
        String name,
        String mode,
        String app,
        String proc,
        String source,
        String volume,
        String server,
        long size,
        Instant created,
        List<String> containers,
        int instanceNo,
        String sha256,
        Long files,
        String parent,
        String format) {

    @JsonCreator
    public BackupEntity {
    }

    /** A backup without an archive format: an incremental snapshot. */
    public BackupEntity(String name, String mode, String app, String proc, String source, String volume, String server,
                        long size, Instant created, List<String> containers, int instanceNo, String sha256, Long files,
                        String parent) {
        this(name, mode, app, proc, source, volume, server, size, created, containers, instanceNo, sha256, files, parent, null);
    }
}
