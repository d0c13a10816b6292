package io.backupd.ctl.api.v2;

import static org.assertj.core.api.Assertions.assertThat;

import io.backupd.common.api.BackupEntity;
import io.backupd.common.json.Json;
import io.backupd.testing.Http.Answer;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The v1 controller routes: the same services under the original paths and field names. */
class V1RoutesTest extends RoutesTestBase {

    @Test
    void backupListingWithVolumeFilter() throws IOException {
        BackupEntity queue = backup("hello", "hello.worker.worker", 1, "/data/queue", 1_770_000_000L);
        storage.add(queue);

        Answer all = get("/api/v1/backup/json/app/hello/proc/hello.worker.worker");
        Answer filtered = get("/api/v1/backup/json/app/hello/proc/worker?volume=/data/queue&volume=/other");

        assertThat(all.body().findValuesAsText("name")).containsExactly(queue.name());
        assertThat(filtered.body().findValuesAsText("name")).containsExactly(queue.name());
        assertError(get("/api/v1/backup/json/app/hello/proc/worker?volume=../x"), 400, "INVALID_ARGUMENT");
    }

    @Test
    void recoverAndMigrateMapOntoTheRestores() throws IOException {
        BackupEntity queue = backup("hello", "hello.worker.worker", 1, "/data/queue", 1_770_000_000L);
        storage.add(queue);

        Answer recover = postForm("/api/v1/backup/recover/app/hello/proc/worker/file/" + queue.name());
        Answer migrate = postForm("/api/v1/backup/migrate/app/hello/proc/worker/file/" + queue.name(),
                "volume", "/data/queue", "from", "1", "to", "2");

        assertThat(recover.status()).isEqualTo(202);
        assertThat(recover.body().get("rid").asText()).isEqualTo("restore-on-" + N1);
        assertThat(migrate.status()).isEqualTo(202);
        assertThat(migrate.body().get("rid").asText()).isEqualTo("restore-on-" + N2);
        assertError(postForm("/api/v1/backup/migrate/app/hello/proc/worker/file/" + queue.name(),
                "volume", "/data/queue", "from", "2", "to", "2"), 400, "INVALID_ARGUMENT");
        assertError(postForm("/api/v1/backup/recover/increment/app/hello/proc/worker/dir/" + queue.name(),
                "instanceNo", "1", "files", "a.txt"), 400, "INVALID_ARGUMENT");
        assertError(get("/api/v1/backup/filelist/app/hello/proc/worker/dir/" + queue.name()), 404, "NOT_FOUND");
    }

    @Test
    void v1MigrateIntoAnotherVolumeOrAMissingInstanceIsRefusedBeforeAnyDaemonIsAsked() throws IOException {
        BackupEntity queue = backup("hello", "hello.worker.worker", 1, "/data/queue", 1_770_000_000L);
        storage.add(queue);
        for (String volume : List.of("/data", "/etc", "/logs")) {
            BackupRoutesTest.assertInvalidField(postForm("/api/v1/backup/migrate/app/hello/proc/worker/file/" + queue.name(),
                    "volume", volume, "from", "1", "to", "2"), "volume");
            BackupRoutesTest.assertInvalidField(postForm("/api/v1/backup/migrate/increment/app/hello/proc/worker/dir/" + queue.name(),
                    "volume", volume, "from", "1", "to", "2", "files", "a.txt"), "volume");
        }
        BackupRoutesTest.assertInvalidField(postForm("/api/v1/backup/migrate/app/hello/proc/worker/file/" + queue.name(),
                "volume", "/data/queue", "from", "1", "to", "9"), "to");
        BackupRoutesTest.assertInvalidField(postForm("/api/v1/backup/recover/increment/app/hello/proc/worker/dir/" + queue.name(),
                "instanceNo", "9"), "instanceNo");

        assertThat(apiCalls()).noneMatch(call -> call.getPath().contains("/recover/"));
    }

    @Test
    void cronJobsRecordsAndOnce() throws IOException {
        post("/api/v2/system/notify", Json.write(List.of(record("r1", "hello", "2026-02-01T01:00:00Z"))));
        String id = get("/api/v1/cron/jobs/app/hello").body().get(0).get("id").asText();

        assertThat(get("/api/v1/cron/jobs/all").body().fieldNames()).toIterable().containsExactly(N1, N2);
        assertThat(get("/api/v1/cron/records/app/hello").body().findValuesAsText("rid")).containsExactly("r1");
        assertThat(get("/api/v1/cron/record/app/hello/id/r1").body().get("rid").asText()).isEqualTo("r1");
        assertError(get("/api/v1/cron/record/app/other/id/r1"), 404, "NOT_FOUND");
        Answer once = postForm("/api/v1/cron/once/app/hello/id/" + id);
        assertThat(once.status()).isEqualTo(202);
        assertThat(once.body().get("rid").asText()).isEqualTo("rid-from-daemon");
        assertError(postForm("/api/v1/cron/once/app/other/id/" + id), 404, "NOT_FOUND");
    }
}
