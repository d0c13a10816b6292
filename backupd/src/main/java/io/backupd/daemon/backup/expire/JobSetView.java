package io.backupd.daemon.backup.expire;

import io.backupd.common.api.Job;
import java.util.List;

/**
 * The jobs this daemon currently has, as the expire task needs to see them. The composition root
 * backs it with the cron engine, which itself runs the expire task; this interface is what keeps
 * the two from needing each other at construction.
 *
 * <p>Implementations are thread-safe and return a snapshot; they do no I/O.
 */
@FunctionalInterface
public interface JobSetView {
    List<Job> jobs();
}
