package io.backupd.daemon.api.v1;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.backupd.common.api.Job;
import io.backupd.common.api.JobType;
import io.backupd.common.json.Json;
import io.backupd.daemon.backup.restore.RestoreRequest;
import io.backupd.daemon.catalog.Catalog;
import io.backupd.daemon.catalog.CatalogEntry;
import io.backupd.daemon.catalog.CatalogSeed;
import io.backupd.daemon.storage.fs.FsStorage;
import io.backupd.testing.Http;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Recover and migrate over real HTTP against a real daemon: backups made by real backup runs of
 * real volume trees, restored by the {@code backup_recover} / {@code backup_migrate} task, compared
 * with {@code diff -r} and a listing of modes, owners, times and symlink targets.
 */
class RecoverRoutesTest extends AgainstRealDaemon {
    static final String FULL = "/backup/full/recover/file/";
    static final Instant T = Instant.parse("2026-03-01T00:00:00Z");

    Path web1;
    Path web2;
    int versions;
    final List<Job> jobs = new java.util.ArrayList<>();

    @BeforeEach
    void setUp() throws IOException {
        web1 = volume("hello", "hello.web.web", 1);
        web2 = volume("hello", "hello.web.web", 2);
        VolumeTree.fill(web1, "one");
        VolumeTree.fill(web2, "two");
        // the node backs up both instances' /data: the volumes restores may write into
        putJobs(d.backupJob(1, "0 23 * * *", false));
        putJobs(d.backupJob(2, "0 23 * * *", false));
    }

    Path volume(String app, String proc, int instanceNo) throws IOException {
        return Files.createDirectories(d.volumeRoot.resolve(app + "/" + proc + "/" + instanceNo + "/data"));
    }

    /** A real backup run of instance {@code instanceNo}'s /data; returns the archive's name. */
    String backup(int instanceNo) throws IOException {
        Job job = d.backupJob(instanceNo, "0 23 * * *", false);
        putJobs(job);
        String rid = http.post("/cron/jobs/" + job.id() + "/actions/run").body().path("rid").asText();
        JsonNode record = d.awaitRecord(rid, DaemonFixture::finished);
        assertThat(record.path("state").asText()).as(record.toString()).isEqualTo("success");
        return record.path("result").path("name").asText();
    }

    /** Adds {@code job} to the job set; the set keeps every job a test added, so no running job is dropped. */
    void putJobs(Job job) throws IOException {
        if (jobs.stream().noneMatch(j -> j.id().equals(job.id()))) {
            jobs.add(job);
        }
        Http.Answer put = http.put("/cron/jobs", "data", Json.write(jobs), "version", "v" + ++versions);
        assertThat(put.status()).as(put.body().toString()).isEqualTo(200);
    }

    JsonNode awaitFinished(Http.Answer accepted) throws IOException {
        assertThat(accepted.status()).as(accepted.body().toString()).isEqualTo(202);
        return d.awaitRecord(accepted.body().path("rid").asText(), DaemonFixture::finished);
    }

    List<String> besideVolume(Path volume) throws IOException {
        try (Stream<Path> names = Files.list(volume.getParent())) {
            return names.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    List<String> journals() throws IOException {
        try (Stream<Path> names = Files.list(d.volumeRoot.resolve(".backupd-restore"))) {
            return names.map(p -> p.getFileName().toString()).toList();
        }
    }

    int records() throws IOException {
        return http.get("/cron/records").body().size();
    }

    @Test
    void aRecoverPutsTheBackedUpTreeBackIntoTheSameVolumeDirectory() throws IOException {
        String name = backup(1);
        Path expected = VolumeTree.copy(web1, dir.resolve("expected"));
        long inode = VolumeTree.inode(web1);
        VolumeTree.change(web1);

        JsonNode record = awaitFinished(http.post(FULL + name));

        assertThat(record.path("state").asText()).as(record.toString()).isEqualTo("success");
        assertThat(record.path("action").asText()).isEqualTo("backup_recover");
        assertThat(record.path("type").asText()).isEqualTo("once");
        assertThat(record.path("args").path("file").asText()).isEqualTo(name);
        assertThat(record.path("args").path("namespace").asText()).isEqualTo("hello/hello.web.web/1/data");
        assertThat(record.path("args").path("instanceNo").asText()).isEqualTo("1");
        JsonNode result = record.path("result");
        assertThat(result.path("backup").asText()).isEqualTo(name);
        assertThat(result.path("migrate").asBoolean()).isFalse();
        assertThat(result.path("target").path("dir").asText()).isEqualTo(web1.toString());
        assertThat(result.path("files").asLong()).isEqualTo(5);
        assertThat(result.path("bytes").asLong()).isGreaterThan(200_000);
        assertThat(result.path("notes")).isEmpty();
        assertThat(result.has("durationMs")).isTrue();
        VolumeTree.assertSameTree(expected, web1);
        assertThat(VolumeTree.inode(web1)).as("containers bind-mount the volume directory").isEqualTo(inode);
        assertThat(besideVolume(web1)).containsExactly("data");
        assertThat(journals()).isEmpty();
    }

    @Test
    void aMigratePutsInstanceOnesBackupIntoInstanceTwoAndLeavesInstanceOneAlone() throws IOException {
        String name = backup(1);
        Path expected = VolumeTree.copy(web1, dir.resolve("expected"));
        VolumeTree.change(web1);
        Map<String, String> web1Before = VolumeTree.listing(web1);
        long inode = VolumeTree.inode(web2);

        JsonNode record = awaitFinished(http.post(FULL + name, "namespace", "hello/hello.web.web/1/data",
                "app", "hello", "proc", "hello.web.web", "instanceNo", "2"));

        assertThat(record.path("state").asText()).as(record.toString()).isEqualTo("success");
        assertThat(record.path("action").asText()).isEqualTo("backup_migrate");
        assertThat(record.path("result").path("migrate").asBoolean()).isTrue();
        assertThat(record.path("result").path("source").path("instanceNo").asInt()).isEqualTo(1);
        assertThat(record.path("result").path("target").path("instanceNo").asInt()).isEqualTo(2);
        VolumeTree.assertSameTree(expected, web2);
        assertThat(VolumeTree.inode(web2)).isEqualTo(inode);
        assertThat(VolumeTree.listing(web1)).isEqualTo(web1Before);
    }

    @Test
    void aMigrateCanNameItsTargetByDestDirInAJsonBodyAndTheVolumePathForm() throws IOException {
        String name = backup(1);
        Path expected = VolumeTree.copy(web1, dir.resolve("expected"));

        JsonNode record = awaitFinished(http.postJson(FULL + name, Map.of("namespace", "hello/hello.web.web/1/data/",
                "destDir", web2.toString() + "/", "app", "hello", "instanceNo", 2)));

        assertThat(record.path("state").asText()).as(record.toString()).isEqualTo("success");
        VolumeTree.assertSameTree(expected, web2);
    }

    @Test
    void aRecoverOrMigrateIntoAnotherAppIsForbiddenAndChangesNothing() throws IOException {
        String name = backup(1);
        Path other = volume("other", "other.web.web", 1);
        VolumeTree.fill(other, "other");
        Map<String, String> before = VolumeTree.listing(other);
        int records = records();

        for (String[] fields : List.of(new String[] {"app", "other"}, new String[] {"proc", "other.web.web"},
                new String[] {"app", "other", "proc", "other.web.web", "instanceNo", "1"},
                new String[] {"destDir", other.toString()})) {
            Http.Answer answer = http.post(FULL + name, fields);
            assertThat(answer.status()).as(String.join(",", fields) + ": " + answer.body()).isEqualTo(403);
            assertThat(answer.error()).isEqualTo("FORBIDDEN");
            assertThat(answer.body().path("message").asText()).contains("only restored or migrated within its own app");
        }
        assertThat(VolumeTree.listing(other)).isEqualTo(before);
        assertThat(records()).isEqualTo(records);
    }

    /**
     * A target must be a volume the job set declares for the app/proc and instance, and the backup's
     * own volume: not its parent (/var/lib of /var/lib/shop, whose replacing would take the volume
     * with it), not /etc, not an instance this node backs up nothing of. Every file stays in place.
     */
    @Test
    void aTargetThatIsNotADeclaredVolumeOrNotTheBackupsOwnIsRefusedAndEveryFileStays() throws IOException {
        Path instances = d.volumeRoot.resolve("hello/hello.web.web");
        for (int instanceNo : List.of(1, 2, 3)) {
            VolumeTree.fill(Files.createDirectories(instances.resolve(instanceNo + "/var/lib/shop")), "shop" + instanceNo);
            VolumeTree.write(instances.resolve(Integer.toString(instanceNo)), "var/lib/beside.txt", "beside\n", "rw-r--r--");
            VolumeTree.write(instances.resolve(Integer.toString(instanceNo)), "etc/passwd", "root:x:0:0\n", "rw-r--r--");
        }
        Job shop1 = d.backupJob(1, "0 23 * * *", false, Map.of("volume", "/var/lib/shop"));
        putJobs(shop1);
        putJobs(d.backupJob(2, "0 23 * * *", false, Map.of("volume", "/var/lib/shop")));
        String rid = http.post("/cron/jobs/" + shop1.id() + "/actions/run").body().path("rid").asText();
        String name = d.awaitRecord(rid, DaemonFixture::finished).path("result").path("name").asText();
        Map<String, String> before = VolumeTree.listing(instances);
        int records = records();

        for (String[] fields : List.of(new String[] {"volume", "/var/lib", "instanceNo", "2"},
                new String[] {"volume", "/etc", "instanceNo", "2"},
                new String[] {"volume", "/var/lib"},
                new String[] {"destDir", instances.resolve("2/var/lib").toString()},
                new String[] {"destDir", instances.resolve("2/etc").toString()},
                new String[] {"destDir", instances.resolve("1/var/lib").toString()},
                new String[] {"instanceNo", "3"},
                new String[] {"destDir", instances.resolve("3/var/lib/shop").toString()})) {
            Http.Answer answer = http.post(FULL + name, fields);
            assertThat(answer.status()).as(String.join(",", fields) + ": " + answer.body()).isEqualTo(400);
            assertThat(answer.error()).isEqualTo("INVALID_ARGUMENT");
            assertThat(answer.body().path("details").path("field").asText()).as(String.join(",", fields)).isEqualTo(fields[0]);
        }
        assertThat(VolumeTree.listing(instances)).isEqualTo(before);
        assertThat(records()).isEqualTo(records);

        Path expected = VolumeTree.copy(instances.resolve("1/var/lib/shop"), dir.resolve("expected"));
        JsonNode migrate = awaitFinished(http.post(FULL + name, "volume", "/var/lib/shop", "instanceNo", "2"));
        assertThat(migrate.path("state").asText()).as(migrate.toString()).isEqualTo("success");
        VolumeTree.assertSameTree(expected, instances.resolve("2/var/lib/shop"));
        assertThat(Files.readString(instances.resolve("2/var/lib/beside.txt"))).isEqualTo("beside\n");
        assertThat(Files.readString(instances.resolve("2/etc/passwd"))).isEqualTo("root:x:0:0\n");
    }

    @Test
    void anUnknownBackupIsNotFound() throws IOException {
        String name = backup(1);
        String unknown = CatalogSeed.name("hello", "hello.web.web", 9, "/data", T);
        for (String[] request : List.of(new String[] {unknown}, new String[] {"notes.txt"},
                new String[] {name, "namespace", "hello/hello.web.web/2/data"})) {
            String[] fields = java.util.Arrays.copyOfRange(request, 1, request.length);
            Http.Answer answer = http.post(FULL + request[0], fields);
            assertThat(answer.status()).as(String.join(" ", request)).isEqualTo(404);
            assertThat(answer.error()).isEqualTo("NOT_FOUND");
            assertThat(answer.body().path("message").asText()).contains("no backup named '" + request[0] + "'");
        }
    }

    @Test
    void traversalInAnyFieldIsRefusedAndNothingChanges() throws IOException {
        String name = backup(1);
        VolumeTree.change(web1);
        Map<String, String> web1Before = VolumeTree.listing(web1);
        Map<String, String> web2Before = VolumeTree.listing(web2);
        int records = records();
        String e = java.net.URLEncoder.encode(web2.toString(), java.nio.charset.StandardCharsets.UTF_8);

        for (String path : List.of("..", "%2e%2e", "..%2F" + name, "..%2F..%2Fetc%2Fpasswd", "a%5Cb", "x..y.tar.gz")) {
            Http.Answer answer = http.rawPost("/backup/full/recover/file/" + path, "");
            assertThat(answer.status()).as(path + ": " + answer.body()).isEqualTo(400);
            assertThat(answer.error()).as(path).isEqualTo("INVALID_ARGUMENT");
        }
        for (String form : List.of("namespace=..%2F..%2Fetc", "namespace=hello%2Fhello.web.web%2F1%2F..%2F..%2Fx",
                "namespace=%2Fhello%2Fhello.web.web%2F1%2Fdata", "namespace=..", "destDir=..%2Fx",
                "destDir=" + e + "%2F..%2F..%2F..%2F..%2F..%2Fetc", "destDir=" + e + "%2F..%2F..%2F1%2Fdata",
                "destDir=%2Fetc", "destDir=data", "volume=%2Fdata%2F..%2F..%2Fetc", "volume=data", "proc=..%2Fx",
                "app=..", "instanceNo=1%2F..%2F2", "instanceNo=-1")) {
            Http.Answer answer = http.rawPost("/backup/full/recover/file/" + name, form);
            assertThat(answer.status()).as(form + ": " + answer.body()).isEqualTo(400);
            assertThat(answer.error()).as(form).isEqualTo("INVALID_ARGUMENT");
        }
        Http.Answer traversalOfAnUnknownBackup = http.post(FULL + "nothing.tar.gz", "destDir", "../x");
        assertThat(traversalOfAnUnknownBackup.status()).as("fields are checked before the lookup").isEqualTo(400);

        assertThat(VolumeTree.listing(web1)).isEqualTo(web1Before);
        assertThat(VolumeTree.listing(web2)).isEqualTo(web2Before);
        assertThat(records()).isEqualTo(records);
    }

    @Test
    void destDirAndTargetFieldsThatDisagreeAreRefused() throws IOException {
        String name = backup(1);
        Http.Answer answer = http.post(FULL + name, "destDir", web2.toString(), "instanceNo", "1");
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.body().path("message").asText()).contains("field 'instanceNo' is '1' but destDir names instanceNo '2'");
    }

    @Test
    void aDeclaredTargetVolumeThatIsMissingIsNotFound() throws IOException {
        String name = backup(1);
        putJobs(d.backupJob(3, "0 23 * * *", false));
        for (String[] fields : List.of(new String[] {"instanceNo", "3"},
                new String[] {"destDir", d.volumeRoot.resolve("hello/hello.web.web/3/data").toString()})) {
            Http.Answer answer = http.post(FULL + name, fields);
            assertThat(answer.status()).as(String.join(",", fields)).isEqualTo(404);
            assertThat(answer.error()).isEqualTo("NOT_FOUND");
            assertThat(answer.body().path("message").asText()).contains("does not exist on this node");
        }
    }

    @Test
    void aBackupThatIsNotAFullOneOrOfAnUnknownFormatIsRefused() throws IOException {
        CatalogSeed seed = new CatalogSeed(new FsStorage(d.storeRoot));
        CatalogEntry full = seed.backup("hello", "hello.web.web", 1, "/data", T);
        CatalogEntry increment = with(full, T.plusSeconds(1), "increment", "tar.gz");
        CatalogEntry xz = with(full, T.plusSeconds(2), "full", "tar.xz");
        seed.catalogs.update(CatalogSeed.catalogKey("hello", "hello.web.web", 1, "/data"), Catalog::empty,
                c -> c.with(increment).with(xz));

        Http.Answer notFull = http.post(FULL + increment.name());
        assertThat(notFull.status()).as(notFull.body().toString()).isEqualTo(400);
        assertThat(notFull.body().path("message").asText()).contains("is a increment backup", "full backups");
        Http.Answer unknownFormat = http.post(FULL + xz.name());
        assertThat(unknownFormat.status()).as(unknownFormat.body().toString()).isEqualTo(400);
        assertThat(unknownFormat.body().path("message").asText()).contains("archive format 'tar.xz' cannot be restored");
    }

    static CatalogEntry with(CatalogEntry e, Instant created, String mode, String format) {
        String name = CatalogSeed.name(e.app(), e.proc(), e.instanceNo(), e.volume(), created);
        return new CatalogEntry(name, e.key(), mode, format, e.size(), e.sha256(), created, e.app(), e.proc(),
                e.instanceNo(), e.source(), e.volume(), e.containers(), e.server(), e.files(), e.bytes(), e.state(), e.parent(),
                e.extra());
    }

    @Test
    void aTamperedArchiveFailsTheRunWithBothDigestsAndLeavesTheVolumeAlone() throws IOException {
        String name = backup(1);
        String sha = http.get("/backup/info/file/" + name).body().path("sha256").asText();
        VolumeTree.change(web1);
        Map<String, String> before = VolumeTree.listing(web1);
        Path archive = d.storeRoot.resolve("hello/hello.web.web/1/data/full/" + name);
        try (RandomAccessFile file = new RandomAccessFile(archive.toFile(), "rw")) {
            long middle = file.length() / 2;
            file.seek(middle);
            int b = file.read();
            file.seek(middle);
            file.write(b ^ 0x01);
        }

        JsonNode record = awaitFinished(http.post(FULL + name));

        assertThat(record.path("state").asText()).isEqualTo("failed");
        assertThat(record.path("reason").asText()).contains("digest mismatch", "expected sha256 " + sha, "actual ",
                "nothing was restored");
        assertThat(record.path("result").path("error").asText()).isEqualTo("STORAGE_FAILED");
        assertThat(record.path("result").path("details").path("expected").asText()).isEqualTo(sha);
        assertThat(record.path("result").path("details").path("actual").asText()).hasSize(64).isNotEqualTo(sha);
        assertThat(VolumeTree.listing(web1)).isEqualTo(before);
        assertThat(besideVolume(web1)).containsExactly("data");
        assertThat(journals()).isEmpty();
    }

    @Test
    void anArchiveThatInflatesBeyondItsCatalogEntrysBytesFailsTheRunAndLeavesTheVolumeAlone() throws IOException {
        String name = backup(1);
        VolumeTree.change(web1);
        Map<String, String> before = VolumeTree.listing(web1);
        // the digest still matches: only the recorded size says the archive holds far less than it does
        CatalogSeed seed = new CatalogSeed(new FsStorage(d.storeRoot));
        seed.catalogs.update(CatalogSeed.catalogKey("hello", "hello.web.web", 1, "/data"), Catalog::empty, c -> {
            CatalogEntry e = c.find(name).orElseThrow();
            return c.with(new CatalogEntry(e.name(), e.key(), e.mode(), e.format(), e.size(), e.sha256(), e.created(), e.app(),
                    e.proc(), e.instanceNo(), e.source(), e.volume(), e.containers(), e.server(), 1L, 100L, e.state(), e.parent(),
                    e.extra()));
        });

        JsonNode record = awaitFinished(http.post(FULL + name));

        assertThat(record.path("state").asText()).isEqualTo("failed");
        assertThat(record.path("reason").asText()).contains("more than " + RestoreRequest.dataBoundOf(100L, 1L) + " bytes",
                "catalog entry records");
        assertThat(record.path("result").path("error").asText()).isEqualTo("INVALID_ARGUMENT");
        assertThat(VolumeTree.listing(web1)).isEqualTo(before);
        assertThat(besideVolume(web1)).containsExactly("data");
        assertThat(journals()).isEmpty();
    }

    @Test
    void aRecoverWhileABackupOfTheVolumeRunsIsVolumeBusyAndChangesNothing() throws IOException {
        String name = backup(1);
        VolumeTree.change(web1);
        Map<String, String> before = VolumeTree.listing(web1);
        Path started = dir.resolve("started");
        Path go = dir.resolve("go");
        String backupRid = holdVolume(1, started, go);

        Http.Answer busy = http.post(FULL + name);

        Files.writeString(go, "");
        assertThat(busy.status()).as(busy.body().toString()).isEqualTo(409);
        assertThat(busy.error()).isEqualTo("VOLUME_BUSY");
        assertThat(busy.body().path("message").asText()).contains(backupRid, "nothing was started");
        d.awaitRecord(backupRid, DaemonFixture::finished);
        assertThat(VolumeTree.listing(web1)).isEqualTo(before);
    }

    @Test
    void aSecondRecoverIntoAVolumeWhoseRecoverIsQueuedIsVolumeBusy() throws IOException {
        String name = backup(1);
        VolumeTree.change(web2);
        Path go = dir.resolve("go");
        // both workers are taken by backups of other volumes, so the first recover waits in the queue
        for (int instanceNo : List.of(3, 4)) {
            Files.createDirectories(d.volumeRoot.resolve("hello/hello.web.web/" + instanceNo + "/data"));
            holdVolume(instanceNo, dir.resolve("started-" + instanceNo), go, "0" + instanceNo);
        }
        Http.Answer first = http.post(FULL + name, "instanceNo", "2");

        Http.Answer second = http.post(FULL + name, "instanceNo", "2", "namespace", "hello/hello.web.web/1/data");

        Files.writeString(go, "");
        assertThat(second.status()).as(second.body().toString()).isEqualTo(409);
        assertThat(second.error()).isEqualTo("VOLUME_BUSY");
        assertThat(second.body().path("message").asText()).contains("another recover or migrate", first.body().path("rid").asText());
        assertThat(awaitFinished(first).path("state").asText()).isEqualTo("success");
    }

    /** A backup of instance {@code instanceNo} whose pre_run holds the volume lock until {@code go} exists; returns its rid. */
    String holdVolume(int instanceNo, Path started, Path go) throws IOException {
        return holdVolume(instanceNo, started, go, "01");
    }

    String holdVolume(int instanceNo, Path started, Path go, String idByte) throws IOException {
        Map<String, String> args = new HashMap<>(d.backupJob(instanceNo, "0 23 * * *", false).args());
        args.put("preRun", "touch '" + started + "'; while [ ! -f '" + go + "' ]; do sleep 0.05; done");
        Job slow = Job.of("7f000001" + idByte.repeat(16), "0 23 * * *", "backup", args, JobType.CRON);
        putJobs(slow);
        String rid = http.post("/cron/jobs/" + slow.id() + "/actions/run").body().path("rid").asText();
        BackupRoutesTest.awaitFile(started);
        return rid;
    }

    @Test
    void incrementalRecoverAnswersNotFoundAfterCheckingItsFields() throws IOException {
        Http.Answer unknown = http.post("/backup/increment/recover/dir/hello-snapshot-1", "files", "*", "files", "a/b.txt",
                "namespace", "hello/hello.web.web/1/data", "app", "hello", "proc", "hello.web.web");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.error()).isEqualTo("NOT_FOUND");
        assertThat(unknown.body().path("message").asText()).contains("no incremental backup named 'hello-snapshot-1'");

        for (String form : List.of("files=..%2F..%2Fetc%2Fpasswd", "namespace=..%2F..%2Fetc", "destDir=..%2Fx", "proc=..%2Fx",
                "app=..")) {
            Http.Answer answer = http.rawPost("/backup/increment/recover/dir/hello-snapshot-1", form);
            assertThat(answer.status()).as(form + ": " + answer.body()).isEqualTo(400);
            assertThat(answer.error()).isEqualTo("INVALID_ARGUMENT");
        }
        Http.Answer badDir = http.rawPost("/backup/increment/recover/dir/a/../../etc", "");
        assertThat(badDir.status()).as(badDir.body().toString()).isEqualTo(400);
    }

    @Test
    void recoverAndMigrateCannotBeScheduledInTheJobSet() throws IOException {
        String name = backup(1);
        Map<String, String> args = Map.of("file", name, "app", "hello", "proc", "hello.web.web", "instanceNo", "1",
                "volume", "/data");
        List<Job> scheduled = List.of(Job.of("7f000001" + "0d".repeat(16), "* * * * *", "backup_recover", args, JobType.CRON),
                Job.of("7f000001" + "0e".repeat(16), "* * * * *", "backup_migrate", args, JobType.CRON),
                d.backupJob(1, "0 23 * * *", false)); // a set of only invalid jobs is refused whole
        Http.Answer put = http.put("/cron/jobs", "data", Json.write(scheduled), "version", "v-scheduled");
        assertThat(put.body().path("accepted").asInt()).as(put.body().toString()).isEqualTo(1);
        assertThat(put.body().path("rejected").toString()).contains("backup_recover", "backup_migrate", "cannot be scheduled");
    }

    @Test
    void debugShowsWhatTheRestoreRecoveryAtStartDid() throws IOException {
        JsonNode recovery = http.get("/debug").body().path("restoreRecovery");
        assertThat(recovery.path("journals").asInt()).isZero();
        assertThat(recovery.path("allResolved").asBoolean()).isTrue();
        assertThat(recovery.path("journalDir").asText()).isEqualTo(d.volumeRoot.resolve(".backupd-restore").toString());
    }
}
