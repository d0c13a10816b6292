package io.backupd.daemon.api.v1;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.backupd.common.api.Job;
import io.backupd.common.api.JobType;
import io.backupd.common.json.Json;
import io.backupd.daemon.catalog.CatalogEntry;
import io.backupd.daemon.catalog.CatalogSeed;
import io.backupd.daemon.storage.fs.FsStorage;
import io.backupd.testing.Http;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code /backup/...} over real HTTP against a real daemon; backups are seeded into its storage folder or made by real runs. */
class BackupRoutesTest extends AgainstRealDaemon {
    static final Instant T = Instant.parse("2026-03-01T00:00:00Z");

    CatalogSeed seed;

    @BeforeEach
    void setUp() throws IOException {
        seed = new CatalogSeed(new FsStorage(d.storeRoot)); // the same folder the daemon's storage uses
    }

    List<String> names(String query) throws IOException {
        Http.Answer answer = http.get("/backup/json" + query);
        assertThat(answer.status()).as(query + ": " + answer.body()).isEqualTo(200);
        return answer.body().findValuesAsText("name");
    }

    /** Polls for {@code file} within a deadline (a poll interval, not a wait for time). */
    static void awaitFile(Path file) {
        Instant deadline = Instant.now().plusSeconds(20);
        while (!Files.exists(file)) {
            assertThat(Instant.now()).as(file + " within 20 s").isBefore(deadline);
            LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
        }
    }

    boolean stored(CatalogEntry e) {
        return Files.exists(d.storeRoot.resolve(e.key()));
    }

    @Test
    void listingIsNewestFirstAndNarrowsByDirAppAndProc() throws IOException {
        CatalogEntry webOld = seed.backup("hello", "hello.web.web", 1, "/data", T);
        CatalogEntry webNew = seed.backup("hello", "hello.web.web", 1, "/data", T.plusSeconds(3600));
        CatalogEntry queue = seed.backup("hello", "hello.worker.worker", 2, "/var/lib/queue", T.plusSeconds(60));
        CatalogEntry other = seed.backup("other", "other.web.web", 0, "/data", T.plusSeconds(120));

        assertThat(names("")).containsExactly(webNew.name(), other.name(), queue.name(), webOld.name());
        assertThat(names("?dir=/data")).containsExactly(webNew.name(), other.name(), webOld.name());
        assertThat(names("?dir=/data&dir=/var/lib/queue/")).containsExactly(webNew.name(), other.name(), queue.name(), webOld.name());
        assertThat(names("?dir=/var/lib/queue")).containsExactly(queue.name());
        assertThat(names("?app=hello")).containsExactly(webNew.name(), queue.name(), webOld.name());
        assertThat(names("?app=hello&proc=hello.web.web&dir=/data")).containsExactly(webNew.name(), webOld.name());
        assertThat(names("?proc=hello.worker.worker")).containsExactly(queue.name());
        assertThat(names("?dir=/nothing/here")).isEmpty();

        JsonNode first = http.get("/backup/json?dir=/var/lib/queue").body().get(0);
        assertThat(first.path("mode").asText()).isEqualTo("full");
        assertThat(first.path("volume").asText()).isEqualTo("/var/lib/queue");
        assertThat(first.path("instanceNo").asInt()).isEqualTo(2);
        assertThat(first.path("size").asLong()).isEqualTo(queue.size());
        assertThat(first.path("sha256").asText()).isEqualTo(queue.sha256());
        assertThat(first.path("created").asText()).isEqualTo("2026-03-01T00:01:00Z");
        assertThat(first.path("containers").get(0).asText()).isEqualTo("c1");
    }

    @Test
    void badFiltersAreRefused() throws IOException {
        for (String query : List.of("?dir=../etc", "?dir=/data/../../etc", "?dir=relative", "?dir=", "?app=../x", "?proc=a/b")) {
            Http.Answer answer = http.get("/backup/json" + query);
            assertThat(answer.status()).as(query).isEqualTo(400);
            assertThat(answer.error()).isEqualTo("INVALID_ARGUMENT");
        }
    }

    @Test
    void aRealBackupRunIsListedAndFoundByName() throws IOException {
        Job job = d.backupJob(1, "0 23 * * *", true);
        http.put("/cron/jobs", "data", Json.write(List.of(job)), "version", "v1");
        String rid = http.post("/cron/jobs/" + job.id() + "/actions/run").body().path("rid").asText();
        JsonNode record = d.awaitRecord(rid, DaemonFixture::finished);
        assertThat(record.path("state").asText()).as(record.toString()).isEqualTo("success");
        String name = record.path("result").path("name").asText();

        JsonNode listed = http.get("/backup/json?dir=/data").body();
        assertThat(listed).singleElement().satisfies(b -> {
            assertThat(b.path("name").asText()).isEqualTo(name);
            assertThat(b.path("server").asText()).isEqualTo(DaemonFixture.NODE);
            assertThat(b.path("sha256").asText()).isEqualTo(record.path("result").path("sha256").asText());
            assertThat(b.path("source").asText()).isEqualTo(d.volumeRoot.resolve("hello/hello.web.web/1/data").toString());
        });
        Http.Answer info = http.get("/backup/info/file/" + name);
        assertThat(info.status()).isEqualTo(200);
        assertThat(info.body()).isEqualTo(listed.get(0));
    }

    @Test
    void infoAnswersOneBackupOr404OrRefusesABadName() throws IOException {
        CatalogEntry one = seed.backup("hello", "hello.web.web", 1, "/data", T);

        Http.Answer found = http.get("/backup/info/file/" + one.name());
        assertThat(found.status()).isEqualTo(200);
        assertThat(found.body().path("name").asText()).isEqualTo(one.name());
        assertThat(found.body().path("size").asLong()).isEqualTo(one.size());

        for (String unknown : List.of(CatalogSeed.name("hello", "hello.web.web", 1, "/data", T.plusSeconds(1)),
                CatalogSeed.name("hello", "hello.web.web", 9, "/data", T), "notes.txt")) {
            Http.Answer answer = http.get("/backup/info/file/" + unknown);
            assertThat(answer.status()).as(unknown).isEqualTo(404);
            assertThat(answer.error()).isEqualTo("NOT_FOUND");
            assertThat(answer.body().path("message").asText()).contains(unknown);
        }
        for (String bad : List.of("..", "%2e%2e", "..%2F..%2Fetc%2Fpasswd", "a%2Fb", "a%5Cb", "x..y.tar.gz")) {
            Http.Answer answer = http.rawGet("/backup/info/file/" + bad);
            assertThat(answer.status()).as(bad).isEqualTo(400);
            assertThat(answer.contentType()).as(bad).startsWith("application/json");
            assertThat(answer.error()).as(bad).isEqualTo("INVALID_ARGUMENT");
        }
    }

    @Test
    void deleteRemovesTheNamedBackupsAndNothingElse() throws IOException {
        CatalogEntry a = seed.backup("hello", "hello.web.web", 1, "/data", T);
        CatalogEntry b = seed.backup("hello", "hello.worker.worker", 2, "/var/lib/queue", T);
        CatalogEntry c = seed.backup("hello", "hello.web.web", 1, "/data", T.plusSeconds(1));
        // a .tar.gz's gzip member index beside it goes with it (its content does not matter here)
        seed.storage.replace(a.key() + ".idx", new byte[] {1});
        seed.storage.replace(c.key() + ".idx", new byte[] {1});

        Http.Answer answer = http.post("/backup/delete", "files", a.name(), "files", b.name());

        assertThat(answer.status()).as(answer.body().toString()).isEqualTo(200);
        assertThat(answer.body().path("deleted")).extracting(JsonNode::asText).containsExactly(a.name(), b.name());
        assertThat(stored(a) || stored(b)).isFalse();
        assertThat(seed.storage.stat(a.key() + ".idx")).isEmpty();
        assertThat(stored(c)).isTrue();
        assertThat(seed.storage.stat(c.key() + ".idx")).isPresent();
        assertThat(names("")).containsExactly(c.name());
        assertThat(http.get("/backup/info/file/" + a.name()).status()).isEqualTo(404);
    }

    @Test
    void deleteAcceptsAJsonBody() throws IOException {
        CatalogEntry a = seed.backup("hello", "hello.web.web", 1, "/data", T);
        Http.Answer answer = http.postJson("/backup/delete", Map.of("files", List.of(a.name())));
        assertThat(answer.status()).isEqualTo(200);
        assertThat(stored(a)).isFalse();
    }

    @Test
    void deleteRefusesBadAndUnknownNamesAndDeletesNothing() throws IOException {
        CatalogEntry good = seed.backup("hello", "hello.web.web", 1, "/data", T);
        String unknown = CatalogSeed.name("hello", "hello.web.web", 1, "/data", T.plusSeconds(99));

        for (String bad : List.of("../x", "a/b", "../" + good.name(), "hello/hello.web.web/1/data/full/" + good.name())) {
            Http.Answer answer = http.post("/backup/delete", "files", good.name(), "files", bad);
            assertThat(answer.status()).as(bad).isEqualTo(400);
            assertThat(answer.error()).isEqualTo("INVALID_ARGUMENT");
        }
        Http.Answer notThere = http.post("/backup/delete", "files", good.name(), "files", unknown);
        assertThat(notThere.status()).isEqualTo(404);
        assertThat(notThere.body().path("message").asText()).contains(unknown, "nothing was deleted");
        assertThat(notThere.body().path("details").path("unknown").get(0).asText()).isEqualTo(unknown);
        assertThat(http.post("/backup/delete").status()).as("no files at all").isEqualTo(400);
        assertThat(http.post("/backup/delete", "files", "").status()).as("an empty name").isEqualTo(400);

        assertThat(stored(good)).isTrue();
        assertThat(names("")).containsExactly(good.name());
    }

    @Test
    void deleteOfABackupWhoseVolumeIsBusyIsAConflictAndDeletesNothing() throws IOException {
        CatalogEntry old = seed.backup("hello", "hello.web.web", 1, "/data", T);
        Path started = dir.resolve("started");
        Path go = dir.resolve("go");
        Map<String, String> args = new HashMap<>(d.backupJob(1, "0 23 * * *", true).args());
        // pre_run runs under the volume lock: it says so, then holds the volume until the test says go
        args.put("preRun", "touch '" + started + "'; while [ ! -f '" + go + "' ]; do sleep 0.05; done");
        Job slow = Job.of("7f000001" + "01".repeat(16), "0 23 * * *", "backup", args, JobType.CRON);
        http.put("/cron/jobs", "data", Json.write(List.of(slow)), "version", "v1");
        String rid = http.post("/cron/jobs/" + slow.id() + "/actions/run").body().path("rid").asText();
        awaitFile(started);

        Http.Answer busy = http.post("/backup/delete", "files", old.name());

        Files.writeString(go, "");
        assertThat(busy.status()).isEqualTo(409);
        assertThat(busy.error()).isEqualTo("VOLUME_BUSY");
        assertThat(busy.body().path("message").asText()).contains(rid, "nothing was deleted");
        assertThat(stored(old)).isTrue();
        assertThat(d.awaitRecord(rid, DaemonFixture::finished).path("state").asText()).isEqualTo("success");
        assertThat(names("?dir=/data")).hasSize(2).contains(old.name());
    }

    @Test
    void fileListsOfIncrementalBackupsAreNotFoundYetAndBadPathsAreRefused() throws IOException {
        Http.Answer answer = http.get("/backup/filelist/dir/hello/hello.web.web/1/data");
        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.error()).isEqualTo("NOT_FOUND");
        assertThat(answer.body().path("message").asText()).contains("no incremental backup named 'hello'");
        Http.Answer bad = http.rawGet("/backup/filelist/dir/hello/../../etc");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.error()).isEqualTo("INVALID_ARGUMENT");
    }

    @Test
    void aDamagedCatalogIsNamedEverywhereAndRepairedByAnExplicitRebuild() throws IOException {
        CatalogEntry fine = seed.backup("hello", "hello.web.web", 1, "/data", T);
        CatalogEntry inDamaged = seed.backup("hello", "hello.worker.worker", 2, "/var/lib/queue", T);
        String damaged = CatalogSeed.catalogKey("hello", "hello.worker.worker", 2, "/var/lib/queue");
        Files.writeString(d.storeRoot.resolve(damaged), "{\"version\": 1, \"entries\": [}");

        assertThat(names("")).as("the other volumes are still listed").containsExactly(fine.name());
        assertThat(http.headers("/backup/json").get(BackupRoutes.CORRUPT_HEADER)).isEqualTo(damaged);
        Http.Answer info = http.get("/backup/info/file/" + inDamaged.name());
        assertThat(info.status()).isEqualTo(500);
        assertThat(info.body().path("message").asText()).contains(damaged, "damaged", "catalog/rebuild");
        assertThat(info.body().path("details").path("catalog").asText()).isEqualTo(damaged);
        assertThat(http.post("/backup/delete", "files", inDamaged.name()).status()).isEqualTo(500);
        assertThat(http.get("/debug").body().path("storage").path("catalogsCorrupt").asInt()).isEqualTo(1);

        Http.Answer rebuilt = http.post("/backup/catalog/rebuild", "app", "hello", "proc", "hello.worker.worker",
                "instanceNo", "2", "volume", "/var/lib/queue");

        assertThat(rebuilt.status()).as(rebuilt.body().toString()).isEqualTo(200);
        assertThat(rebuilt.body().path("catalog").asText()).isEqualTo(damaged);
        assertThat(rebuilt.body().path("added").get(0).asText()).isEqualTo(inDamaged.name());
        String aside = rebuilt.body().path("setAside").asText();
        assertThat(Files.readString(d.storeRoot.resolve(aside))).isEqualTo("{\"version\": 1, \"entries\": [}");
        assertThat(names("")).containsExactlyInAnyOrder(fine.name(), inDamaged.name());
        assertThat(http.get("/debug").body().path("storage").path("catalogsCorrupt").asInt()).isZero();
        assertThat(http.post("/backup/catalog/rebuild", "app", "hello", "proc", "../etc", "instanceNo", "2",
                "volume", "/var/lib/queue").status()).isEqualTo(400);
    }

    @Test
    void theExpireJobRunsThroughTheEngineOverTheJobSetsBackupJobs() throws IOException {
        Instant now = Instant.now();
        CatalogEntry old = seed.backup("hello", "hello.web.web", 1, "/data", now.minusSeconds(3 * 86400));
        CatalogEntry recent = seed.backup("hello", "hello.web.web", 1, "/data", now.minusSeconds(3600));
        Map<String, String> backupArgs = new HashMap<>(d.backupJob(1, "0 23 * * *", false).args());
        backupArgs.put("expire", "1d");
        Job backup = Job.of("7f000001" + "0b".repeat(16), "0 23 * * *", "backup", backupArgs, JobType.CRON);
        Job expire = Job.of("7f000001" + "0e".repeat(16), "0 * * * *", "backup_expire", Map.of(), JobType.CRON);
        Http.Answer put = http.put("/cron/jobs", "data", Json.write(List.of(backup, expire)), "version", "v1");
        assertThat(put.body().path("accepted").asInt()).as(put.body().toString()).isEqualTo(2);

        String rid = http.post("/cron/jobs/" + expire.id() + "/actions/run").body().path("rid").asText();
        JsonNode record = d.awaitRecord(rid, DaemonFixture::finished);

        assertThat(record.path("state").asText()).as(record.toString()).isEqualTo("success");
        assertThat(record.path("result").path("volumes").get(0).path("deleted").get(0).path("name").asText()).isEqualTo(old.name());
        assertThat(stored(old)).isFalse();
        assertThat(names("")).containsExactly(recent.name());
    }

    @Test
    void aBackupJobWithABadExpireIsRejectedWhenTheJobSetArrives() throws IOException {
        Map<String, String> args = new HashMap<>(d.backupJob(1, "0 23 * * *", false).args());
        args.put("expire", "forever");
        Job bad = Job.of("7f000001" + "0c".repeat(16), "0 23 * * *", "backup", args, JobType.CRON);
        Job good = d.backupJob(1, "0 23 * * *", false); // a set of only invalid jobs is refused whole
        Http.Answer put = http.put("/cron/jobs", "data", Json.write(List.of(good, bad)), "version", "v1");
        assertThat(put.body().path("accepted").asInt()).isEqualTo(1);
        assertThat(put.body().path("rejected").get(0).asText()).contains(bad.id(), "expire 'forever'");
    }

    @Test
    void debugShowsTheBackupSlotsAndCatalogHealth() throws IOException {
        JsonNode debug = http.get("/debug").body();
        assertThat(debug.path("backupSlots").path("max").asInt()).isEqualTo(2);
        assertThat(debug.path("backupSlots").path("running")).isEmpty();
        assertThat(debug.path("storage").path("catalogsCorrupt").asInt()).isZero();
        assertThat(debug.path("storage").path("location").asText()).startsWith("fs:");
    }
}
