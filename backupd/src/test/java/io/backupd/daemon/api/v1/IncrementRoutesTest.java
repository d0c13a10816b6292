package io.backupd.daemon.api.v1;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.backupd.common.api.Job;
import io.backupd.common.api.JobType;
import io.backupd.common.id.JobIds;
import io.backupd.common.json.Json;
import io.backupd.testing.Http;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Incremental backups through the real daemon: backup, list, browse, restore files, migrate, check (expiry: SnapshotExpiryTest). */
class IncrementRoutesTest extends AgainstRealDaemon {
    Path volume;

    @BeforeEach
    void setUp() throws IOException {
        volume = Files.createDirectories(d.volumeRoot.resolve("hello/hello.web.web/1/data"));
        Files.createDirectories(volume.resolve("logs"));
        Files.writeString(volume.resolve("conf.txt"), "config v1");
        Files.writeString(volume.resolve("logs/a.log"), "log a ".repeat(10_000));
        Files.writeString(volume.resolve("logs/b.log"), "log b ".repeat(10_000));
    }

    private Job incrementJob(int instanceNo) {
        Map<String, String> args = Map.of("app", "hello", "proc", "hello.web.web", "instanceNo", Integer.toString(instanceNo),
                "volume", "/data", "mode", "increment", "expire", "1m", "preRun", "echo pre", "postRun", "echo post");
        return Job.of(JobIds.of(DaemonFixture.NODE, "0 23 * * *", "backup", args), "0 23 * * *", "backup", args, JobType.CRON);
    }

    private JsonNode run(Job job) throws IOException {
        String rid = http.post("/cron/jobs/" + job.id() + "/actions/run").body().path("rid").asText();
        JsonNode record = d.awaitRecord(rid, DaemonFixture::finished);
        assertThat(record.path("state").asText()).as(record.toString()).isEqualTo("success");
        return record.path("result");
    }

    private JsonNode awaitRid(Http.Answer answer) throws IOException {
        assertThat(answer.status()).as(answer.body().toString()).isEqualTo(202);
        return d.awaitRecord(answer.body().path("rid").asText(), DaemonFixture::finished);
    }

    @Test
    void backupTwiceListBrowseRestoreMigrateAndCheck() throws IOException {
        Job job = incrementJob(1);
        // instance 2's job declares its /data, the volume the migrate below writes into
        http.put("/cron/jobs", "data", Json.write(List.of(job, incrementJob(2))), "version", "v1");

        JsonNode first = run(job);
        JsonNode second = run(job);
        String name1 = first.path("name").asText();
        String name2 = second.path("name").asText();
        assertThat(first.path("mode").asText()).isEqualTo("increment");
        assertThat(name1).startsWith("hello-hello.web.web-1-data-snap-");
        assertThat(second.path("parent").asText()).isEqualTo(name1);
        assertThat(second.path("addedBytes").asLong()).isLessThan(first.path("addedBytes").asLong() / 10);

        JsonNode listed = http.get("/backup/json?dir=/data").body();
        assertThat(listed).hasSize(2);
        assertThat(listed.get(0).path("name").asText()).isEqualTo(name2);
        assertThat(listed.get(0).path("mode").asText()).isEqualTo("increment");
        assertThat(listed.get(0).path("parent").asText()).isEqualTo(name1);
        assertThat(listed.get(0).path("files").asLong()).isEqualTo(3);
        assertThat(http.get("/backup/info/file/" + name1).body().path("size").asLong()).isEqualTo(first.path("addedBytes").asLong());

        JsonNode logs = http.get("/backup/filelist/dir/" + name2 + "/logs").body();
        assertThat(names(logs)).contains("logs/a.log", "logs/b.log").doesNotContain("conf.txt");
        assertThat(names(http.get("/backup/filelist/dir/" + name2 + "?prefix=logs&limit=1").body())).hasSize(1);

        Files.delete(volume.resolve("logs/a.log"));
        Files.writeString(volume.resolve("conf.txt"), "changed");
        JsonNode restored = awaitRid(http.post("/backup/increment/recover/dir/" + name2, "files", "*.log"));
        assertThat(restored.path("state").asText()).as(restored.toString()).isEqualTo("success");
        assertThat(Files.readString(volume.resolve("logs/a.log"))).isEqualTo("log a ".repeat(10_000));
        assertThat(Files.readString(volume.resolve("conf.txt"))).isEqualTo("changed");

        Path two = Files.createDirectories(d.volumeRoot.resolve("hello/hello.web.web/2/data"));
        Path instanceTwo = two.getParent();
        VolumeTree.write(instanceTwo, "etc/passwd", "root:x:0:0\n", "rw-r--r--");
        Map<String, String> before = VolumeTree.listing(instanceTwo);
        for (String[] target : List.of(new String[] {"volume", "/etc", "instanceNo", "2"},
                new String[] {"destDir", instanceTwo.resolve("etc").toString()}, new String[] {"destDir", instanceTwo.toString() + "/x"},
                new String[] {"instanceNo", "3"})) {
            List<String> form = new java.util.ArrayList<>(List.of("files", "*", "namespace", "hello/hello.web.web/1/data"));
            form.addAll(List.of(target));
            Http.Answer refused = http.post("/backup/increment/recover/dir/" + name1, form.toArray(String[]::new));
            assertThat(refused.status()).as(String.join(",", target) + ": " + refused.body()).isEqualTo(400);
            assertThat(refused.body().path("details").path("field").asText()).isEqualTo(target[0]);
        }
        assertThat(VolumeTree.listing(instanceTwo)).isEqualTo(before);
        JsonNode migrated = awaitRid(http.post("/backup/increment/recover/dir/" + name1, "files", "*",
                "namespace", "hello/hello.web.web/1/data", "app", "hello", "proc", "hello.web.web", "instanceNo", "2",
                "volume", "/data"));
        assertThat(migrated.path("state").asText()).as(migrated.toString()).isEqualTo("success");
        assertThat(migrated.path("result").path("migrate").asBoolean()).isTrue();
        assertThat(Files.readString(two.resolve("conf.txt"))).isEqualTo("config v1");

        try (Stream<Path> packs = Files.walk(d.storeRoot.resolve("hello/hello.web.web/1/data/increment/packs"))) {
            List<Path> files = packs.filter(Files::isRegularFile).toList();
            assertThat(files).isNotEmpty();
            Files.delete(files.get(0));
        }
        JsonNode check = awaitRid(http.post("/backup/check", "app", "hello", "proc", "hello.web.web", "instanceNo", "1",
                "volume", "/data", "readData", "true"));
        assertThat(check.path("state").asText()).isEqualTo("failed");
        assertThat(check.path("result").path("problems").toString()).contains(name2);
    }

    @Test
    void aCheckWithNothingToCheckOrBadFieldsIsRefusedAtOnceAndQueuesNothing() throws IOException {
        Http.Answer none = http.post("/backup/check", "app", "hello", "proc", "hello.web.web", "instanceNo", "1",
                "volume", "/data");
        assertThat(none.status()).as(none.body().toString()).isEqualTo(404);
        assertThat(none.error()).isEqualTo("NOT_FOUND");
        assertThat(none.body().path("message").asText()).contains("no incremental backups", "instance 1", "/data");

        for (List<String> bad : List.of(
                List.of("app", "hello", "proc", "hello.web.web", "instanceNo", "x", "volume", "/data"),
                List.of("app", "hello", "proc", "../../etc", "instanceNo", "1", "volume", "/data"),
                List.of("app", "hello", "proc", "hello.web.web", "instanceNo", "1", "volume", "../data"),
                List.of("app", "hello", "proc", "hello.web.web", "instanceNo", "1"),
                List.of("app", "hello", "proc", "hello.web.web", "instanceNo", "1", "volume", "/data", "readData", "yes"))) {
            Http.Answer answer = http.post("/backup/check", bad.toArray(String[]::new));
            assertThat(answer.status()).as(bad + " " + answer.body()).isEqualTo(400);
            assertThat(answer.error()).isEqualTo("INVALID_ARGUMENT");
        }
        assertThat(http.get("/cron/records").body()).as("nothing was queued").isEmpty();
    }

    @Test
    void badAndUnknownNamesAreRefused() throws IOException {
        Job job = incrementJob(1);
        http.put("/cron/jobs", "data", Json.write(List.of(job)), "version", "v1");
        String name = run(job).path("name").asText();

        assertThat(http.rawGet("/backup/filelist/dir/" + name + "/../../etc").status()).isEqualTo(400);
        assertThat(http.get("/backup/filelist/dir/hello-hello.web.web-1-data-snap-20200101T000000.000Z-00000000").status())
                .isEqualTo(404);
        assertThat(http.get("/backup/info/file/hello-hello.web.web-1-data-snap-20200101T000000.000Z-00000000").status())
                .isEqualTo(404);
        assertThat(http.post("/backup/increment/recover/dir/" + name, "files", "../../etc/passwd").status()).isEqualTo(400);
        assertThat(http.post("/backup/increment/recover/dir/" + name, "files", "/etc/passwd").status()).isEqualTo(400);
        assertThat(http.post("/backup/increment/recover/dir/" + name).status()).isEqualTo(400);
        assertThat(http.post("/backup/increment/recover/dir/hello-hello.web.web-1-data-snap-20200101T000000.000Z-00000000",
                "files", "*").status()).isEqualTo(404);
        assertThat(http.post("/backup/increment/recover/dir/" + name, "files", "*", "app", "other", "proc", "other.web.web")
                .status()).isEqualTo(403);
    }

    @Test
    void deletingOneOfTwoSnapshotsKeepsTheOtherRestorable() throws IOException {
        Job job = incrementJob(1);
        http.put("/cron/jobs", "data", Json.write(List.of(job)), "version", "v1");
        String first = run(job).path("name").asText();
        Files.writeString(volume.resolve("conf.txt"), "config two");
        String second = run(job).path("name").asText();

        Http.Answer deleted = http.post("/backup/delete", "files", first);
        assertThat(deleted.status()).as(deleted.body().toString()).isEqualTo(200);
        assertThat(deleted.body().path("deleted").toString()).contains(first);
        assertThat(names(http.get("/backup/json?dir=/data").body())).containsExactly(second);
        assertThat(http.get("/backup/info/file/" + first).status()).isEqualTo(404);

        // the second snapshot shares chunks with the forgotten one: they must still be there
        Files.delete(volume.resolve("logs/a.log"));
        JsonNode restored = awaitRid(http.post("/backup/increment/recover/dir/" + second, "files", "*"));
        assertThat(restored.path("state").asText()).as(restored.toString()).isEqualTo("success");
        assertThat(Files.readString(volume.resolve("logs/a.log"))).isEqualTo("log a ".repeat(10_000));
        assertThat(Files.readString(volume.resolve("conf.txt"))).isEqualTo("config two");
    }

    @Test
    void deletingAnUnknownSnapshotDeletesNothing() throws IOException {
        Job job = incrementJob(1);
        http.put("/cron/jobs", "data", Json.write(List.of(job)), "version", "v1");
        String name = run(job).path("name").asText();
        String unknown = "hello-hello.web.web-1-data-snap-20200101T000000.000Z-00000000";

        Http.Answer answer = http.post("/backup/delete", "files", name, "files", unknown);
        assertThat(answer.status()).as(answer.body().toString()).isEqualTo(404);
        assertThat(answer.body().path("details").path("unknown").toString()).contains(unknown).doesNotContain(name);
        assertThat(names(http.get("/backup/json?dir=/data").body())).containsExactly(name);
    }

    private static List<String> names(JsonNode list) {
        List<String> out = new ArrayList<>();
        list.forEach(n -> out.add(n.path("name").asText()));
        return out;
    }
}
