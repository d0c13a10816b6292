package io.backupd.daemon.api.v1;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.backupd.common.api.Job;
import io.backupd.common.json.Json;
import io.backupd.testing.Http;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A full backup's archive format through the daemon's API, as a controller or a curl user drives it:
 * the job's {@code format} arg picks {@code tar.zst}, which is then listed, looked up, restored,
 * migrated and deleted like a {@code tar.gz}; an unknown format (or mode) is refused with a 400 when
 * the job set is pushed, and the set stays as it was.
 */
class FullFormatRoutesTest extends AgainstRealDaemon {
    static final String DAILY = "0 23 * * *";

    Path web1;

    @BeforeEach
    void volume() throws IOException {
        web1 = Files.createDirectories(d.volumeRoot.resolve("hello/hello.web.web/1/data"));
        VolumeTree.fill(web1, "one");
    }

    /** Pushes {@code jobs} as the whole job set, runs the first and waits for its record. */
    JsonNode pushAndRun(Job... jobs) throws IOException {
        Http.Answer put = http.put("/cron/jobs", "data", Json.write(List.of(jobs)), "version", "v-" + jobs[0].id());
        assertThat(put.status()).as(put.body().toString()).isEqualTo(200);
        String rid = http.post("/cron/jobs/" + jobs[0].id() + "/actions/run").body().path("rid").asText();
        JsonNode record = d.awaitRecord(rid, DaemonFixture::finished);
        assertThat(record.path("state").asText()).as(record.toString()).isEqualTo("success");
        return record.path("result");
    }

    JsonNode awaitSuccess(Http.Answer accepted) throws IOException {
        assertThat(accepted.status()).as(accepted.body().toString()).isEqualTo(202);
        JsonNode record = d.awaitRecord(accepted.body().path("rid").asText(), DaemonFixture::finished);
        assertThat(record.path("state").asText()).as(record.toString()).isEqualTo("success");
        return record;
    }

    @Test
    void aTarZstBackupIsListedRestoredMigratedAndDeletedLikeAnyOther() throws IOException {
        // instance 2's job declares the volume the migrate below writes into
        JsonNode result = pushAndRun(d.backupJob(1, DAILY, false, Map.of("format", "tar.zst")),
                d.backupJob(2, DAILY, false, Map.of("format", "tar.zst")));
        String name = result.path("name").asText();
        Path archive = d.storeRoot.resolve(result.path("key").asText());
        Path expected = VolumeTree.copy(web1, dir.resolve("expected"));

        assertThat(name).endsWith(".tar.zst");
        assertThat(result.path("format").asText()).isEqualTo("tar.zst");
        assertThat(archive).exists();
        JsonNode listed = http.get("/backup/json?dir=/data").body();
        assertThat(listed).singleElement().satisfies(b -> {
            assertThat(b.path("name").asText()).isEqualTo(name);
            assertThat(b.path("format").asText()).isEqualTo("tar.zst");
            assertThat(b.path("size").asLong()).isEqualTo(Files.size(archive));
        });
        Http.Answer info = http.get("/backup/info/file/" + name);
        assertThat(info.status()).isEqualTo(200);
        assertThat(info.body().path("format").asText()).isEqualTo("tar.zst");

        VolumeTree.change(web1);
        awaitSuccess(http.post(RecoverRoutesTest.FULL + name));
        VolumeTree.assertSameTree(expected, web1);

        Path web2 = Files.createDirectories(d.volumeRoot.resolve("hello/hello.web.web/2/data"));
        JsonNode migrated = awaitSuccess(http.post(RecoverRoutesTest.FULL + name, "namespace", "hello/hello.web.web/1/data",
                "instanceNo", "2"));
        assertThat(migrated.path("action").asText()).isEqualTo("backup_migrate");
        VolumeTree.assertSameTree(expected, web2);

        Http.Answer deleted = http.post("/backup/delete", "files", name);
        assertThat(deleted.status()).as(deleted.body().toString()).isEqualTo(200);
        assertThat(archive).doesNotExist();
        assertThat(http.get("/backup/json?dir=/data").body()).isEmpty();
    }

    @Test
    void aTarGzBackupKeepsItsMemberIndexBesideItUntilItIsDeleted() throws IOException {
        JsonNode result = pushAndRun(d.backupJob(1, DAILY, false));
        Path index = d.storeRoot.resolve(result.path("memberIndex").asText());
        assertThat(result.path("format").asText()).isEqualTo("tar.gz");
        assertThat(index.toString()).isEqualTo(d.storeRoot.resolve(result.path("key").asText()) + ".idx");
        assertThat(index).exists();
        Path expected = VolumeTree.copy(web1, dir.resolve("expected"));

        VolumeTree.change(web1);
        awaitSuccess(http.post(RecoverRoutesTest.FULL + result.path("name").asText()));
        VolumeTree.assertSameTree(expected, web1);

        assertThat(http.post("/backup/delete", "files", result.path("name").asText()).status()).isEqualTo(200);
        assertThat(index).doesNotExist();
    }

    @Test
    void anUnknownFormatOrOneOnAnIncrementalJobIsABadRequestAndTheJobSetStaysAsItWas() throws IOException {
        Job good = d.backupJob(1, DAILY, false);
        assertThat(http.put("/cron/jobs", "data", Json.write(List.of(good)), "version", "v1").status()).isEqualTo(200);

        for (Job bad : List.of(d.backupJob(2, DAILY, false, Map.of("format", "zip")),
                d.backupJob(2, DAILY, false, Map.of("format", "TAR.ZST")),
                d.backupJob(2, DAILY, false, Map.of("mode", "increment", "format", "tar.zst")))) {
            Http.Answer put = http.put("/cron/jobs", "data", Json.write(List.of(good, bad)), "version", "v2");
            assertThat(put.status()).as(put.body().toString()).isEqualTo(400);
            assertThat(put.contentType()).startsWith("application/json");
            assertThat(put.error()).isEqualTo("INVALID_ARGUMENT");
            assertThat(put.body().path("message").asText()).contains("format", bad.arg("format"));
            assertThat(http.get("/cron/jobs/count").body().path("count").asInt()).isEqualTo(1);
        }
        // the format depends on the mode, so an unknown mode is refused the same way
        Http.Answer badMode = http.put("/cron/jobs", "data", Json.write(List.of(d.backupJob(2, DAILY, false,
                Map.of("mode", "weekly")))), "version", "v3");
        assertThat(badMode.status()).isEqualTo(400);
        assertThat(badMode.body().path("message").asText()).contains("mode 'weekly'", "not changed");
        assertThat(http.get("/cron/jobs/count").body().path("count").asInt()).isEqualTo(1);
    }
}
