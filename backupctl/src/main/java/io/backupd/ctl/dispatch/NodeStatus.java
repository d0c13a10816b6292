package io.backupd.ctl.dispatch;

import java.time.Instant;
import java.util.List;

/**
 * How the dispatcher last found one node's daemon.
 *
 * @param node           the node ip
 * @param reachable      whether the last exchange succeeded
 * @param plannedVersion version of the job set the plan wants there
 * @param pushedVersion  version the daemon last accepted from us, null when none is known to be current
 * @param jobs           number of planned jobs
 * @param lastContact    when an exchange last succeeded, null if never
 * @param lastPush       when a job set was last pushed successfully, null if never (by this controller run)
 * @param lastError      why the last exchange failed, null when it did not
 * @param rejected       the daemon's reasons for jobs of the last push it refused to schedule
 * @param leaving        the node left the plan: it is sent an empty job set, then forgotten
 */
public record NodeStatus(String node, boolean reachable, String plannedVersion, String pushedVersion, int jobs,
                         Instant lastContact, Instant lastPush, String lastError, List<String> rejected, boolean leaving) {
    public NodeStatus {
        rejected = List.copyOf(rejected);
    }
}
