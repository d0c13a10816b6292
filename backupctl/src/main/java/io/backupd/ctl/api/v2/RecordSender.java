package io.backupd.ctl.api.v2;

import io.backupd.common.api.JobRecord;
import io.backupd.common.error.BackupException;
import io.backupd.common.error.ErrorCode;
import io.backupd.common.id.JobIds;
import java.util.List;

/**
 * A node may report only its own runs: every record it posts must name it as {@code node}, and a
 * record of a planned job must carry a job id made for it (the id's node prefix). Otherwise one
 * node's credential could store, or overwrite, another node's records.
 */
final class RecordSender {
    private RecordSender() {
    }

    /** FORBIDDEN naming the first record that is not {@code sender}'s; nothing is stored then. */
    static void requireOwn(String sender, List<JobRecord> records) {
        for (JobRecord record : records) {
            if (!sender.equals(record.node())) {
                throw forbidden(sender, record, "names node " + record.node());
            }
            if (JobIds.isJobId(record.id()) && !sender.equals(JobIds.nodeIp(record.id()))) {
                throw forbidden(sender, record, "is of job " + record.id() + ", planned for node " + JobIds.nodeIp(record.id()));
            }
        }
    }

    private static BackupException forbidden(String sender, JobRecord record, String why) {
        return new BackupException(ErrorCode.FORBIDDEN, "node " + sender + " may report only its own runs: record "
                + record.rid() + " " + why + "; nothing was stored");
    }
}
