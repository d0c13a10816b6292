package io.backupd.ctl.api.v2;

import static org.assertj.core.api.Assertions.assertThat;

import io.backupd.common.api.BackupEntity;
import io.backupd.common.api.BackupName;
import io.backupd.testing.Http.Answer;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** /api/v2/app/:app/proc/:proc/backups...: fan-out listing, lookup, delete and restores against two fake daemons. */
class BackupRoutesTest extends RoutesTestBase {
    private static final String WORKER = "/api/v2/app/hello/proc/worker/backups";
    private BackupEntity worker1Old;
    private BackupEntity worker1New;
    private BackupEntity worker2;
    private BackupEntity web1;
    private BackupEntity other1;

    @BeforeEach
    void seed() {
        worker1Old = backup("hello", "hello.worker.worker", 1, "/data/queue", 1_770_000_000L);
        worker1New = backup("hello", "hello.worker.worker", 1, "/data/queue", 1_770_100_000L);
        worker2 = backup("hello", "hello.worker.worker", 2, "/data/queue", 1_770_050_000L);
        web1 = backup("hello", "hello.web.web", 1, "/var/lib/hello", 1_770_000_000L);
        other1 = backup("other", "other.web.web", 1, "/data", 1_770_000_000L);
        storage.addAll(List.of(worker1Old, worker1New, worker2, web1, other1));
    }

    @Test
    void listingAsksEveryNodeOfTheProcAndMergesByName() throws IOException {
        Answer answer = get(WORKER);

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.unreachable()).isNull();
        assertThat(answer.body().findValuesAsText("name")).containsExactly(worker1New.name(), worker2.name(), worker1Old.name());
        for (FakeNode node : List.of(node1, node2)) {
            assertThat(node.calls("GET", "/api/v1/backup/json")).singleElement().satisfies(call -> {
                assertThat(call.getRequestUrl().queryParameter("app")).isEqualTo("hello");
                assertThat(call.getRequestUrl().queryParameter("proc")).isEqualTo("hello.worker.worker");
            });
        }
        assertThat(get("/api/v2/app/hello/proc/hello.worker.worker/backups").body()).hasSize(3);
        assertThat(get("/api/v2/app/hello/proc/web/backups").body().findValuesAsText("name")).containsExactly(web1.name());
        assertThat(get(WORKER + "?volume=/data/queue").body()).hasSize(3);
        assertThat(get(WORKER + "?volume=/elsewhere").body()).isEmpty();
    }

    @Test
    void aNodeThatIsDownLeavesAPartialAnswerNamingIt() throws IOException {
        node2.down();

        Answer answer = get(WORKER);

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.unreachable()).isEqualTo(N2);
        assertThat(answer.body()).as("storage is shared: node 1 lists them all").hasSize(3);
    }

    @Test
    void noNodeAnsweringIs502() throws IOException {
        node1.down();
        node2.down();

        assertError(get(WORKER), 502, "NODE_UNREACHABLE");
    }

    @Test
    void unknownAppProcOrBackupIs404() throws IOException {
        assertError(get("/api/v2/app/nobody/proc/web/backups"), 404, "NOT_FOUND");
        assertError(get("/api/v2/app/hello/proc/nothing/backups"), 404, "NOT_FOUND");
        assertError(get(WORKER + "/hello-hello.worker.worker-1-data-queue-1.tar.gz"), 404, "NOT_FOUND");
    }

    @Test
    void oneBackupOrTheFilesOfAnIncrementalOne() throws IOException {
        Answer info = get(WORKER + "/" + worker2.name() + "?open=false");
        assertThat(info.status()).isEqualTo(200);
        assertThat(info.body().get("instanceNo").asInt()).isEqualTo(2);

        assertError(get(WORKER + "/" + worker2.name() + "?open=true"), 404, "NOT_FOUND");
        assertThat(node1.calls("GET", "/api/v1/backup/filelist/dir/" + worker2.name())).hasSize(1);
        assertError(get(WORKER + "/" + worker2.name() + "?open=maybe"), 400, "INVALID_ARGUMENT");
        assertError(get(WORKER + "/" + other1.name()), 403, "FORBIDDEN");
    }

    @Test
    void aTarZstBackupIsListedAndShownWithItsFormat() throws IOException {
        BackupEntity zst = new BackupEntity("hello-hello.web.web-1-var-lib-hello-1770200000.tar.zst", "full", "hello",
                "hello.web.web", "/data/lain/volumes/hello/hello.web.web/1/var/lib/hello", "/var/lib/hello", N1, 100,
                Instant.ofEpochSecond(1_770_200_000L), List.of(), 1, "cd".repeat(32), 1L, null, "tar.zst");
        storage.add(zst);

        Answer listing = get("/api/v2/app/hello/proc/web/backups");
        assertThat(listing.body().findValuesAsText("name")).containsExactly(zst.name(), web1.name());
        assertThat(listing.body().get(0).get("format").asText()).isEqualTo("tar.zst");
        Answer info = get("/api/v2/app/hello/proc/web/backups/" + zst.name());
        assertThat(info.status()).isEqualTo(200);
        assertThat(info.body().get("format").asText()).isEqualTo("tar.zst");
    }

    @Test
    void deleteOfAForeignBackupIs403AndAsksNoDaemon() throws IOException {
        Answer answer = postForm(WORKER + "/actions/delete", "files", worker1Old.name(), "files", other1.name());

        assertError(answer, 403, "FORBIDDEN");
        assertThat(answer.body().get("message").asText()).contains(other1.name());
        assertThat(apiCalls()).isEmpty();
        // another proc of the same app is foreign too
        assertError(postForm(WORKER + "/actions/delete", "files", web1.name()), 403, "FORBIDDEN");
        assertThat(apiCalls()).isEmpty();
    }

    @Test
    void deleteOfAnUnknownBackupIs404AndDeletesNothing() throws IOException {
        assertError(postForm(WORKER + "/actions/delete", "files", worker1Old.name(), "files",
                "hello-hello.worker.worker-1-data-queue-12.tar.gz"), 404, "NOT_FOUND");

        assertThat(node1.calls("POST", "/api/v1/backup/delete")).isEmpty();
        assertThat(node2.calls("POST", "/api/v1/backup/delete")).isEmpty();
    }

    @Test
    void deleteOfOwnBackupsIsForwardedOnceWithEveryName() throws IOException {
        Answer answer = post(WORKER + "/actions/delete", "{\"files\": [\"" + worker1Old.name() + "\", \"" + worker2.name() + "\"]}");

        assertThat(answer.status()).as("%s", answer.body()).isEqualTo(200);
        List<RecordedRequest> deletes = new java.util.ArrayList<>(node1.calls("POST", "/api/v1/backup/delete"));
        deletes.addAll(node2.calls("POST", "/api/v1/backup/delete"));
        assertThat(deletes).singleElement().satisfies(call ->
                assertThat(FakeNode.formValues(call, "files")).containsExactly(worker1Old.name(), worker2.name()));
    }

    @Test
    void badNamesAre400AndNothingIsAsked() throws IOException {
        assertError(postForm(WORKER + "/actions/delete"), 400, "INVALID_ARGUMENT");
        assertError(postForm(WORKER + "/actions/delete", "files", "../" + worker1Old.name()), 400, "INVALID_ARGUMENT");
        assertError(postForm(WORKER + "/actions/delete", "files", "a/b"), 400, "INVALID_ARGUMENT");
        assertError(get(WORKER + "/..%2F" + worker1Old.name()), 400, "INVALID_ARGUMENT");
        assertError(get(WORKER + "?volume=/data/../etc"), 400, "INVALID_ARGUMENT");
        assertError(get(WORKER + "?volume=relative"), 400, "INVALID_ARGUMENT");
        // the proc's own by its head, but longer than any daemon takes a name
        String tooLong = "hello-hello.worker.worker-1-" + "d".repeat(BackupName.MAX_LENGTH) + "-1770000000.tar.gz";
        assertError(get(WORKER + "/" + tooLong), 400, "INVALID_ARGUMENT");
        assertError(postForm(WORKER + "/actions/delete", "files", tooLong), 400, "INVALID_ARGUMENT");
        assertError(postForm(WORKER + "/" + worker1Old.name() + "/actions/migrate", "volume", "/data/../../etc", "to", "2"),
                400, "INVALID_ARGUMENT");
        assertThat(apiCalls()).isEmpty();
    }

    @Test
    void recoverGoesToTheNodeOfTheBackupsOwnInstance() throws IOException {
        Answer answer = postForm(WORKER + "/" + worker2.name() + "/actions/recover");

        assertThat(answer.status()).as("%s", answer.body()).isEqualTo(202);
        assertThat(answer.body().get("rid").asText()).isEqualTo("restore-on-" + N2);
        RecordedRequest restore = node2.calls("POST", "/api/v1/backup/full/recover/file/").get(0);
        assertThat(restore.getRequestUrl().pathSegments()).last().isEqualTo(worker2.name());
        assertThat(form(restore)).containsEntry("namespace", "hello/hello.worker.worker/2/data/queue").containsEntry("volume", "/data/queue")
                .containsEntry("app", "hello").containsEntry("proc", "hello.worker.worker").containsEntry("instanceNo", "2");
        assertThat(node1.calls("POST", "/api/v1/backup/full/recover/")).isEmpty();
    }

    @Test
    void recoverIntoAnotherInstanceOrAMissingOne() throws IOException {
        assertThat(postForm(WORKER + "/" + worker2.name() + "/actions/recover", "instanceNo", "1").status()).isEqualTo(202);
        assertThat(form(node1.calls("POST", "/api/v1/backup/full/recover/file/").get(0))).containsEntry("instanceNo", "1")
                .containsEntry("namespace", "hello/hello.worker.worker/2/data/queue");

        assertInvalidField(postForm(WORKER + "/" + worker2.name() + "/actions/recover", "instanceNo", "7"), "instanceNo");
        assertError(postForm(WORKER + "/" + worker2.name() + "/actions/recover", "instanceNo", "one"), 400, "INVALID_ARGUMENT");
        assertError(postForm(WORKER + "/" + worker2.name() + "/actions/recover", "files", "a.txt"), 400, "INVALID_ARGUMENT");
        assertError(postForm(WORKER + "/" + other1.name() + "/actions/recover"), 403, "FORBIDDEN");
        assertError(postForm(WORKER + "/" + worker2.name() + "/actions/explode"), 400, "INVALID_ARGUMENT");
    }

    @Test
    void restoresNameTheTargetByFieldsNeverByAHostPath() throws IOException {
        Answer answer = postForm(WORKER + "/" + worker2.name() + "/actions/recover");

        assertThat(answer.status()).as("%s", answer.body()).isEqualTo(202);
        assertThat(form(node2.calls("POST", "/api/v1/backup/full/recover/file/").get(0))).doesNotContainKey("destDir");
    }

    @Test
    void migrateGoesToTheNodeOfTheTargetInstanceWithTheSourceAsNamespace() throws IOException {
        Answer answer = postForm(WORKER + "/" + worker1New.name() + "/actions/migrate", "volume", "/data/queue", "to", "2");

        assertThat(answer.status()).as("%s", answer.body()).isEqualTo(202);
        assertThat(form(node2.calls("POST", "/api/v1/backup/full/recover/file/").get(0)))
                .containsEntry("namespace", "hello/hello.worker.worker/1/data/queue").containsEntry("volume", "/data/queue")
                .containsEntry("instanceNo", "2").containsEntry("proc", "hello.worker.worker");

        assertInvalidField(postForm(WORKER + "/" + worker1New.name() + "/actions/migrate", "volume", "/data/queue", "to", "3"), "to");
        assertError(postForm(WORKER + "/" + worker1New.name() + "/actions/migrate", "volume", "/data/queue"), 400, "INVALID_ARGUMENT");
        assertError(postForm(WORKER + "/" + worker1New.name() + "/actions/migrate", "to", "2"), 400, "INVALID_ARGUMENT");
        assertError(postForm(WORKER + "/" + other1.name() + "/actions/migrate", "volume", "/data", "to", "1"), 403, "FORBIDDEN");
        assertThat(node2.calls("POST", "/api/v1/backup/full/recover/")).hasSize(1);
    }

    /**
     * A migrate names a volume the proc declares with a backup spec and the backup's own: not a
     * parent of it (replacing /data would take /data/queue with it), not a volume declared without
     * a backup spec (/logs), not a path the proc never declared (/etc). Nothing reaches a daemon.
     */
    @Test
    void migrateIntoAVolumeTheProcDoesNotBackUpOrNotTheBackupsOwnIsRefused() throws IOException {
        for (String volume : List.of("/data", "/etc", "/logs", "/data/queue/sub", "/var/lib/hello")) {
            assertInvalidField(postForm(WORKER + "/" + worker1New.name() + "/actions/migrate", "volume", volume, "to", "2"), "volume");
        }
        assertInvalidField(post(WORKER + "/" + worker1New.name() + "/actions/migrate", "{\"volume\": \"/etc\", \"to\": 2}"), "volume");

        assertThat(apiCalls()).noneMatch(call -> call.getPath().contains("/recover/"));
    }

    static void assertInvalidField(Answer answer, String field) {
        assertError(answer, 400, "INVALID_ARGUMENT");
        assertThat(answer.body().get("message").asText()).contains(field);
        assertThat(answer.body().path("details").path("field").asText()).isEqualTo(field);
    }

    static Map<String, String> form(RecordedRequest request) {
        Map<String, String> out = new java.util.HashMap<>();
        for (String name : List.of("namespace", "destDir", "app", "proc", "instanceNo", "volume")) {
            List<String> values = FakeNode.formValues(request, name);
            if (!values.isEmpty()) {
                out.put(name, values.get(0));
            }
        }
        return out;
    }
}
