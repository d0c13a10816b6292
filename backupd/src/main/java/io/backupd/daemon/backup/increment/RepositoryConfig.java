package io.backupd.daemon.backup.increment;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.backupd.common.error.BackupException;
import io.backupd.common.error.ErrorCode;
import io.backupd.common.json.Json;
import io.backupd.daemon.backup.increment.storage.RepositoryStorage;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;

/**
 * {@code config.json}: the format version and the parameters every run must share (chunking decides
 * deduplication). Written once by the first backup; later runs use what it says over their options.
 */
record RepositoryConfig(int version, String id, Instant created, Chunking data, Chunking tree,
                        String compression, @JsonProperty("pack_target") int packTarget) {
    static final int VERSION = 1;

    /** One chunker's parameters. */
    record Chunking(String algorithm, int min, int avg, int max) {
        static Chunking of(ChunkerParams p) {
            return new Chunking(FastCdc.ALGORITHM, p.min(), p.avg(), p.max());
        }

        ChunkerParams params() {
            if (!FastCdc.ALGORITHM.equals(algorithm)) {
                throw new BackupException(ErrorCode.INVALID_ARGUMENT, "repository uses chunker '" + algorithm
                        + "', this backupd knows only '" + FastCdc.ALGORITHM + "'");
            }
            return new ChunkerParams(min, avg, max);
        }
    }

    /** The repository's config, creating it from {@code options} when the repository is new. */
    static RepositoryConfig loadOrCreate(RepositoryStorage storage, RepositoryOptions options) {
        if (storage.size(RepositoryLayout.CONFIG).isEmpty()) {
            RepositoryConfig fresh = new RepositoryConfig(VERSION, RepositoryLayout.randomId(), options.clock().instant(),
                    Chunking.of(options.chunker()), Chunking.of(ChunkerParams.TREE), "zstd", options.packTarget());
            // two first backups racing both write a config; with equal options they are interchangeable
            storage.put(RepositoryLayout.CONFIG, Json.writeBytes(fresh));
        }
        return load(storage);
    }

    /** The config of an existing repository; NOT_FOUND when there is none. */
    static RepositoryConfig load(RepositoryStorage storage) {
        byte[] data;
        try (InputStream in = storage.open(RepositoryLayout.CONFIG)) {
            data = in.readAllBytes();
        } catch (BackupException e) {
            if (e.code() == ErrorCode.NOT_FOUND) {
                throw BackupException.notFound("no increment repository here yet (no " + RepositoryLayout.CONFIG + ")");
            }
            throw e;
        } catch (IOException e) {
            throw new BackupException(ErrorCode.STORAGE_FAILED, "cannot read " + RepositoryLayout.CONFIG + ": " + e, e);
        }
        RepositoryConfig c = Json.read(data, RepositoryConfig.class, RepositoryLayout.CONFIG);
        if (c.version() != VERSION) {
            throw BackupException.invalid("repository format version " + c.version() + " is not supported (this backupd reads "
                    + VERSION + ")");
        }
        c.data().params();
        c.tree().params();
        return c;
    }
}
