package io.backupd.ctl.api.v2;

import static org.assertj.core.api.Assertions.assertThat;

import io.backupd.common.api.JobRecord;
import io.backupd.common.json.Json;
import io.backupd.ctl.db.ControllerDb;
import io.backupd.ctl.records.MapDbRecordStore;
import io.backupd.testing.Http.Answer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import okhttp3.FormBody;
import org.junit.jupiter.api.Test;

/** POST /system/notify and GET /system/state, plus the error shape of unknown paths. */
class SystemRoutesTest extends RoutesTestBase {

    @Test
    void notifyStoresOneRecordOrAnArray() throws IOException {
        JobRecord r1 = record("r1", "hello", "2026-02-01T01:00:00Z");
        JobRecord r2 = record("r2", "hello", "2026-02-02T01:00:00Z");

        Answer one = post("/api/v2/system/notify", Json.write(r1));
        Answer many = post("/api/v2/system/notify", Json.write(List.of(r1, r2, r2.succeeded(Instant.parse("2026-02-02T01:05:00Z"), Map.of()))));

        assertThat(one.status()).isEqualTo(200);
        assertThat(one.body().get("stored").asInt()).isEqualTo(1);
        assertThat(many.body().get("stored").asInt()).as("r1 is a duplicate").isEqualTo(2);
        assertThat(records.byRid("r2").get().state().isFinished()).isTrue();
    }

    @Test
    void notifyAcceptsTheJsonInAFormField() throws IOException {
        Answer answer = call("POST", "/api/v2/system/notify",
                new FormBody.Builder().add("data", Json.write(record("r1", "hello", "2026-02-01T01:00:00Z"))).build());

        assertThat(answer.status()).isEqualTo(200);
        assertThat(records.byRid("r1")).isPresent();
    }

    @Test
    void malformedNotifyIs400AndStoresNothing() throws IOException {
        String good = Json.write(record("r1", "hello", "2026-02-01T01:00:00Z"));

        assertError(post("/api/v2/system/notify", "{not json"), 400, "INVALID_ARGUMENT");
        assertError(post("/api/v2/system/notify", "[" + good + ", {\"rid\": \"r2\", \"state\": \"exploded\", \"start\": \"2026-02-01T01:00:00Z\"}]"),
                400, "INVALID_ARGUMENT");
        assertError(post("/api/v2/system/notify", "[" + good + ", {\"state\": \"running\"}]"), 400, "INVALID_ARGUMENT");
        assertError(post("/api/v2/system/notify", "[" + good + ", 42]"), 400, "INVALID_ARGUMENT");
        assertError(post("/api/v2/system/notify", ""), 400, "INVALID_ARGUMENT");

        assertThat(records.byRid("r1")).as("the good record of a bad batch").isEmpty();
        assertThat(records.byRid("r2")).isEmpty();
    }


    @Test
    void stateListsAppsAndTheSkippedFiles() throws IOException {
        Answer state = get("/api/v2/system/state");

        assertThat(state.status()).isEqualTo(200);
        assertThat(state.body().get("apps").findValuesAsText("name")).containsExactly("hello", "other");
        assertThat(state.body().get("problems")).singleElement().satisfies(problem -> {
            assertThat(problem.get("source").asText()).isEqualTo("bad-expire.lain.yaml");
            assertThat(problem.get("message").asText()).contains("expire");
        });
        assertThat(state.body().get("nodes").findValuesAsText("node")).containsExactly(N1, N2);
        assertThat(state.body().get("source").get("kind").asText()).isEqualTo("directory");
        assertThat(state.body().get("source").get("connected").asBoolean()).isTrue();
    }

    @Test
    void systemRecordsListEveryAppsRecordsAndNodeWideOnesNewestFirst() throws IOException {
        io.backupd.common.api.Job expire = io.backupd.common.api.Job.of("0a000001" + "1".repeat(32), "0 * * * *", "backup_expire",
                Map.of(), io.backupd.common.api.JobType.CRON);
        post("/api/v2/system/notify", Json.write(List.of(record("r1", "hello", "2026-02-01T01:00:00Z"),
                record("x1", "other", "2026-02-03T01:00:00Z"),
                JobRecord.started("e1", expire, N1, Instant.parse("2026-02-02T01:00:00Z")))));

        Answer all = get("/api/v2/system/records?total=10");

        assertThat(all.status()).isEqualTo(200);
        assertThat(all.body().findValuesAsText("rid")).containsExactly("x1", "e1", "r1");
        assertThat(get("/api/v2/system/records?total=2").body().findValuesAsText("rid")).containsExactly("x1", "e1");
        assertThat(get("/api/v2/system/records?month=2&year=2026").body()).hasSize(3);
        assertError(get("/api/v2/system/records?total=none"), 400, "INVALID_ARGUMENT");
    }

    @Test
    void backupWritesAPrivateCopyUnderTheBackupFolderThatAStoreOpensAndNeverOverwrites() throws IOException {
        post("/api/v2/system/notify", Json.write(record("r1", "hello", "2026-02-01T01:00:00Z")));
        Path target = dir.resolve("copies/nightly/one");

        Answer answer = postForm("/api/v2/system/backup", "dir", "nightly/one");

        assertThat(answer.status()).as("%s", answer.body()).isEqualTo(201);
        assertThat(answer.body().get("file").asText()).isEqualTo(target.resolve("backupctl.db").toString());
        try (ControllerDb copy = ControllerDb.open(target.resolve("backupctl.db"))) {
            MapDbRecordStore store = new MapDbRecordStore(copy);
            assertThat(store.byRid("r1")).isPresent();
            assertThat(store.newestFirstAll(10, null, null)).extracting(JobRecord::rid).containsExactly("r1");
        }
        assertThat(Files.list(target).map(p -> p.getFileName().toString())).containsExactly("backupctl.db");
        assertThat(Files.getPosixFilePermissions(target.resolve("backupctl.db"))).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        for (Path folder : List.of(dir.resolve("copies"), dir.resolve("copies/nightly"), target)) {
            assertThat(Files.getPosixFilePermissions(folder)).as("%s", folder).isEqualTo(PosixFilePermissions.fromString("rwx------"));
        }

        assertError(postForm("/api/v2/system/backup", "dir", "nightly/one"), 409, "CONFLICT");
    }

    @Test
    void withoutDirTheCopyGoesIntoTheBackupFolderItself() throws IOException {
        Answer answer = postForm("/api/v2/system/backup");

        assertThat(answer.status()).as("%s", answer.body()).isEqualTo(201);
        assertThat(answer.body().get("file").asText()).isEqualTo(dir.resolve("copies/backupctl.db").toString());
        assertThat(Files.getPosixFilePermissions(dir.resolve("copies/backupctl.db"))).isEqualTo(PosixFilePermissions.fromString("rw-------"));
    }

    @Test
    void aDirOutsideTheBackupFolderIsRefusedAndNothingIsWritten() throws IOException {
        post("/api/v2/system/notify", Json.write(record("r1", "hello", "2026-02-01T01:00:00Z")));
        Path outside = Files.createDirectories(dir.resolve("outside"));
        Files.createDirectories(dir.resolve("copies"));
        Files.createSymbolicLink(dir.resolve("copies/escape"), outside);
        Files.createSymbolicLink(dir.resolve("copies/dangling"), dir.resolve("not-yet"));
        List<String> before = tree();

        for (String bad : List.of("/", "/etc", "/tmp", outside.toString(), "..", "../outside", "a/../../outside", "a/..",
                "escape", "escape/deeper", "dangling", "dangling/sub", "", "   ", "with\u0000nul")) {
            Answer answer = postForm("/api/v2/system/backup", "dir", bad);
            assertError(answer, 400, "INVALID_ARGUMENT");
            assertThat(answer.body().get("message").asText()).as(bad).contains("dir");
        }
        assertThat(tree()).as("nothing written, created or left half-done").isEqualTo(before);
        assertThat(outside).isEmptyDirectory();
        assertThat(dir.resolve("not-yet")).doesNotExist();
        assertThat(Path.of("/backupctl.db")).doesNotExist();
        assertThat(Path.of("/etc/backupctl.db")).doesNotExist();
    }

    @Test
    void aDirThatCannotBeWrittenIs400AndLeavesNothing() throws IOException {
        Files.createDirectories(dir.resolve("copies"));
        Path file = Files.writeString(dir.resolve("copies/a-file"), "not a directory");
        List<String> before = tree();

        for (String unwritable : List.of("a-file", "a-file/sub")) {
            Answer answer = postForm("/api/v2/system/backup", "dir", unwritable);
            assertError(answer, 400, "INVALID_ARGUMENT");
            assertThat(answer.body().get("message").asText()).as(unwritable).contains(unwritable);
        }
        assertThat(tree()).isEqualTo(before);
        assertThat(Files.readString(file)).isEqualTo("not a directory");
    }

    /** Every path under the test's folder but the controller's own database and journal. */
    private List<String> tree() throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            return all.map(p -> dir.relativize(p).toString()).filter(p -> !p.startsWith("backupctl.db")).sorted().toList();
        }
    }

    @Test
    void unknownPathsAnswerTheErrorShape() throws IOException {
        assertError(get("/api/v2/nothing/here"), 404, "NOT_FOUND");
        assertError(get("/"), 404, "NOT_FOUND");
        assertError(call("DELETE", "/api/v2/system/state", null), 405, "METHOD_NOT_ALLOWED");
    }
}
