package io.backupd.cron;

import io.backupd.common.api.JobRecord;
import java.util.Optional;

/**
 * What the tasks' own crash recovery learned about the runs the previous process died in. The
 * engine reports such a run failed; a task that settled what the run left behind (a restore
 * finished or undone at start) says here what the app's data now is, so the record tells the
 * truth rather than only "the daemon stopped".
 */
@FunctionalInterface
public interface InterruptedRuns {
    InterruptedRuns NOTHING_KNOWN = run -> Optional.empty();

    /** A sentence on what became of {@code run}'s work, added to its failed record; empty when nothing is known. */
    Optional<String> aftermath(JobRecord run);
}
