package io.backupd.daemon.backup.restore;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One restore of a whole volume from one archive.
 *
 * @param volume         the volume directory on this host, absolute and resolved under the volume root
 * @param rid            restore id, unique per restore ({@code [A-Za-z0-9][A-Za-z0-9._-]{0,63}}); names the
 *                       journal and the staging folder
 * @param archive        the stored archive bytes
 * @param decompressor   stored bytes → tar stream
 * @param expectedSha256 hex SHA-256 of the stored bytes, from the catalog
 */
public record RestoreRequest(Path volume, String rid, ArchiveSource archive, Decompressor decompressor,
                             String expectedSha256) {
    public RestoreRequest {
        Objects.requireNonNull(volume, "volume");
        Objects.requireNonNull(rid, "rid");
        Objects.requireNonNull(archive, "archive");
        Objects.requireNonNull(decompressor, "decompressor");
        Objects.requireNonNull(expectedSha256, "expectedSha256");
    }
}
