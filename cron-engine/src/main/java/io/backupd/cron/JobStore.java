package io.backupd.cron;

import com.fasterxml.jackson.core.type.TypeReference;
import io.backupd.common.api.Job;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** {@code jobs.json}: the job set, its version and update time, and per job its sleep state and timing. */
final class JobStore {
    static final String FILE = "jobs.json";

    private final Path file;

    JobStore(Path dataDir) {
        this.file = dataDir.resolve(FILE);
    }

    Optional<JobSetFile> load() {
        return AtomicFiles.read(file, new TypeReference<JobSetFile>() { });
    }

    void save(JobSetFile content) {
        AtomicFiles.write(file, content);
    }

    /** The file's shape; {@code job.sleep} is the job's sleep state. */
    record JobSetFile(String version, Instant updatedAt, List<StoredJob> jobs) {
        JobSetFile {
            jobs = jobs == null ? List.of() : List.copyOf(jobs);
        }
    }

    record StoredJob(Job job, Instant addedAt, Instant lastFire) {
    }
}
