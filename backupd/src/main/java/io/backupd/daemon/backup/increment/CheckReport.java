package io.backupd.daemon.backup.increment;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The outcome of a check: {@code ok} when no problem was found. {@code problems} lists the first
 * ones in full ({@code problemCount} counts all); {@code notes} mention harmless findings, such as
 * packs left unindexed by an interrupted run (the next prune removes them).
 */
public record CheckReport(boolean ok, int snapshots, int packs, long blobs,
                          @JsonProperty("blobs_read") long blobsRead,
                          List<CheckProblem> problems,
                          @JsonProperty("problem_count") long problemCount,
                          List<String> notes) {
}
