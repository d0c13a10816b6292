package io.backupd.ctl.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.backupd.common.api.Job;
import io.backupd.common.json.Json;
import io.backupd.common.spec.BackupMode;
import io.backupd.common.spec.BackupSpec;
import io.backupd.common.spec.FullFormat;
import io.backupd.ctl.cluster.ClusterState;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Pins the job ids and the wire JSON of planned jobs as they were before the typed job contract,
 * recorded as literals: daemons remember sleep states by id, and an older daemon must read what a
 * newer controller pushes, so neither may change when the code that builds jobs does.
 */
class PlannedJobsGoldenTest {
    private static final String NODE = "10.0.0.7";

    private static SortedMap<String, List<Job>> plan() {
        List<BackupSpec> specs = List.of(
                new BackupSpec("shop.web.web", "/var/lib/mysql", "0 23 * * *", "30d", BackupMode.FULL, "dump.sh", "done.sh"),
                new BackupSpec("shop.web.web", "/var/lib/zst", "0 2 * * *", "", BackupMode.FULL, "", "", FullFormat.TAR_ZST),
                new BackupSpec("shop.web.web", "/data", "0 * * * *", "3d", BackupMode.INCREMENT, "", ""));
        ClusterState.Proc proc = new ClusterState.Proc("shop.web.web",
                List.of(new ClusterState.Instance(2, NODE, List.of(new ClusterState.Container("abc", NODE),
                        new ClusterState.Container("def", NODE)))),
                specs);
        ClusterState state = new ClusterState(List.of(NODE),
                new TreeMap<>(Map.of("shop", new ClusterState.App("shop", "shop.yaml", new TreeMap<>(Map.of("shop.web.web", proc))))),
                List.of());
        return new Planner().plan(state);
    }

    @Test
    void idsOfPlannedJobsStayAsTheyWere() {
        assertThat(plan().get(NODE)).extracting(job -> job.action() + " " + job.id()).containsExactly(
                "backup 0a00000789a8c52256fdc09195d965e0b0a02b69",
                "backup 0a0000076c787e2e92f6527c6d77474ca4605e4b",
                "backup 0a0000075ab747eede610ab3a2166982e675a22e",
                "backup_check 0a000007b4678485e754438aaf06e84e515ba388",
                "backup_expire 0a000007823436491075675253391405748c8b92");
    }

    @Test
    void plannedJobsSerializeToTheJsonTheyAlwaysHad() {
        assertThat(Json.write(plan().get(NODE))).isEqualTo("[{\"id\":\"0a00000789a8c52256fdc09195d965e0b0a02b69\",\"spec\":\"0 23 * * *\",\"action\":\"backup\","
                + "\"args\":{\"app\":\"shop\",\"containers\":\"abc,def\",\"expire\":\"30d\",\"instanceNo\":\"2\",\"mode\":\"full\","
                + "\"postRun\":\"done.sh\",\"preRun\":\"dump.sh\",\"proc\":\"shop.web.web\",\"volume\":\"/var/lib/mysql\"},"
                + "\"type\":\"cron\",\"sleep\":false},"
                + "{\"id\":\"0a0000076c787e2e92f6527c6d77474ca4605e4b\",\"spec\":\"0 2 * * *\",\"action\":\"backup\","
                + "\"args\":{\"app\":\"shop\",\"containers\":\"abc,def\",\"expire\":\"\",\"format\":\"tar.zst\",\"instanceNo\":\"2\","
                + "\"mode\":\"full\",\"postRun\":\"\",\"preRun\":\"\",\"proc\":\"shop.web.web\",\"volume\":\"/var/lib/zst\"},"
                + "\"type\":\"cron\",\"sleep\":false},"
                + "{\"id\":\"0a0000075ab747eede610ab3a2166982e675a22e\",\"spec\":\"0 * * * *\",\"action\":\"backup\","
                + "\"args\":{\"app\":\"shop\",\"containers\":\"abc,def\",\"expire\":\"3d\",\"instanceNo\":\"2\",\"mode\":\"increment\","
                + "\"postRun\":\"\",\"preRun\":\"\",\"proc\":\"shop.web.web\",\"volume\":\"/data\"},"
                + "\"type\":\"cron\",\"sleep\":false},"
                + "{\"id\":\"0a000007b4678485e754438aaf06e84e515ba388\",\"spec\":\"0 4 * * 0\",\"action\":\"backup_check\","
                + "\"args\":{\"app\":\"shop\",\"instanceNo\":\"2\",\"proc\":\"shop.web.web\",\"readData\":\"true\",\"volume\":\"/data\"},"
                + "\"type\":\"cron\",\"sleep\":false},"
                + "{\"id\":\"0a000007823436491075675253391405748c8b92\",\"spec\":\"0 * * * *\",\"action\":\"backup_expire\","
                + "\"args\":{},\"type\":\"cron\",\"sleep\":false}]");
    }
}
