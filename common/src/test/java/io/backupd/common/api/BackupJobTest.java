package io.backupd.common.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.backupd.common.error.BackupException;
import io.backupd.common.json.Json;
import io.backupd.common.spec.BackupMode;
import io.backupd.common.spec.FullFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BackupJobTest {
    private static final JobTarget TARGET = new JobTarget("hello", "hello.web.web", 1, "/var/lib/mysql");

    @Test
    void parseReadsBackWhatToJobWrote() {
        BackupJob zst = new BackupJob(TARGET, BackupMode.FULL, FullFormat.TAR_ZST, "dump.sh", "", List.of("abc", "def"), "30d");
        BackupJob increment = new BackupJob(TARGET, BackupMode.INCREMENT, null, "", "", List.of(), "");

        assertThat(BackupJob.parse(zst.toJob("10.0.0.1", "0 1 * * *"))).isEqualTo(zst);
        assertThat(BackupJob.parse(increment.toJob("10.0.0.1", "0 1 * * *"))).isEqualTo(increment);
    }

    @Test
    void theDefaultFormatIsLeftOutOfTheArgsAndEveryOtherKeyIsPresent() {
        BackupJob gz = new BackupJob(TARGET, BackupMode.FULL, null, null, null, null, null);

        assertThat(gz.format()).isEqualTo(FullFormat.TAR_GZ);
        assertThat(gz.toArgs()).containsExactly(Map.entry("app", "hello"), Map.entry("containers", ""),
                Map.entry("expire", ""), Map.entry("instanceNo", "1"), Map.entry("mode", "full"), Map.entry("postRun", ""),
                Map.entry("preRun", ""), Map.entry("proc", "hello.web.web"), Map.entry("volume", "/var/lib/mysql"));
    }

    /** The args the original Lain controller sends (laincloud/backupd, controller/lainlet.go, UpdateCronJobs). */
    @Test
    void aJobOfTheOriginalLainControllerReadsAsTheSameBackup() {
        Job lain = Json.read("{\"id\": \"0a000001" + "00".repeat(16) + "\", \"spec\": \"0 23 * * *\", \"action\": \"backup\","
                + " \"type\": \"cron\", \"sleep\": false, \"args\": {\"path\": \"/data/lain/volumes/hello/hello.web.web/1/var/lib/mysql\","
                + " \"archive\": \"hello-hello.web.web-1-var-lib-mysql\", \"instanceNo\": 1, \"preRun\": \"dump.sh\","
                + " \"postRun\": \"\", \"containers\": [\"abc\", \"def\"], \"app\": \"hello\", \"proc\": \"hello.web.web\","
                + " \"volume\": \"/var/lib/mysql\", \"mode\": \"full\"}}", Job.class, "job");

        assertThat(lain.args()).containsEntry("instanceNo", "1").containsEntry("containers", "abc,def");
        assertThat(BackupJob.parse(lain)).isEqualTo(
                new BackupJob(TARGET, BackupMode.FULL, FullFormat.TAR_GZ, "dump.sh", "", List.of("abc", "def"), ""));
    }

    @Test
    void argValuesThatAreObjectsOrNestedListsAreRefused() {
        for (String args : List.of("{\"containers\": {\"a\": 1}}", "{\"containers\": [[\"a\"]]}", "{\"containers\": [null]}")) {
            assertThatThrownBy(() -> Json.read("{\"id\": \"x\", \"args\": " + args + "}", Job.class, "job"))
                    .as(args).isInstanceOf(BackupException.class);
        }
        assertThat(Json.read("{\"id\": \"x\", \"args\": {\"preRun\": null, \"n\": 2.5, \"b\": true}}", Job.class, "job").args())
                .containsEntry("preRun", "").containsEntry("n", "2.5").containsEntry("b", "true");
    }

    @Test
    void modesAndFormatsNoControllerPlansAreUnknownValues() {
        Map<String, String> base = new BackupJob(TARGET, BackupMode.FULL, null, "", "", List.of(), "").toArgs();
        for (Map<String, String> extra : List.of(Map.of("mode", "weekly"), Map.of("format", "zip"),
                Map.of("mode", "increment", "format", "tar.gz"))) {
            Map<String, String> args = new java.util.TreeMap<>(base);
            args.putAll(extra);
            assertThatThrownBy(() -> BackupJob.parse(Job.of("x", "0 1 * * *", "backup", args, JobType.CRON)))
                    .as(extra.toString()).isInstanceOf(UnknownArgValue.class).hasMessageStartingWith("arg '");
        }
    }

    @Test
    void aBadTargetOrExpireIsAnInvalidArgNamingTheKey() {
        Map<String, String> base = new BackupJob(TARGET, BackupMode.FULL, null, "", "", List.of(), "").toArgs();
        for (Map.Entry<String, String> bad : List.of(Map.entry("instanceNo", "-1"), Map.entry("volume", ""),
                Map.entry("expire", "forever"))) {
            Map<String, String> args = new java.util.TreeMap<>(base);
            args.put(bad.getKey(), bad.getValue());
            assertThatThrownBy(() -> BackupJob.parse(Job.of("x", "0 1 * * *", "backup", args, JobType.CRON)))
                    .as(bad.toString()).isInstanceOf(BackupException.class).isNotInstanceOf(UnknownArgValue.class)
                    .hasMessageContaining("arg '" + bad.getKey() + "'");
        }
    }
}
