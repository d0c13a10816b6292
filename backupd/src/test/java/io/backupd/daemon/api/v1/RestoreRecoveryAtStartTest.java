package io.backupd.daemon.api.v1;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.backupd.common.api.Job;
import io.backupd.common.json.Json;
import io.backupd.daemon.backup.restore.CrashPoint;
import io.backupd.daemon.backup.restore.ExtractLimits;
import io.backupd.daemon.backup.restore.RestoreRequest;
import io.backupd.daemon.backup.restore.Restorer;
import io.backupd.daemon.backup.restore.VolumeSwap;
import io.backupd.testing.Http;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A restore killed part-way (a crash point that throws an Error, as {@code kill -9} would stop it)
 * over a daemon's own volume root and journal folder; then a new daemon starts over the same
 * folders and must leave the volume exactly old or exactly new before it serves anything, and
 * say so in {@code /debug}.
 */
class RestoreRecoveryAtStartTest {
    @TempDir
    Path dir;

    static final class Killed extends Error {
        Killed(String step) {
            super("killed at " + step, null, false, false);
        }
    }

    @ParameterizedTest(name = "killed at {0} → {1}")
    @CsvSource({
            "begin:journal-written, OLD_CONTENT, STAGING",
            "restore:extracted, OLD_CONTENT, STAGING",
            "swap:journal-swapping, NEW_CONTENT, SWAPPING",
            "swap:moved-old:cache, NEW_CONTENT, SWAPPING",
            "swap:old-moved, NEW_CONTENT, SWAPPING",
            "swap:moved-new:bin, NEW_CONTENT, SWAPPING",
            "swap:journal-committed, NEW_CONTENT, COMMITTED"})
    void aNewDaemonSettlesARestoreKilledPartWay(String step, String outcome, String phase) throws IOException {
        Path web1;
        String name;
        Path backedUp = dir.resolve("backed-up");
        Path changed = dir.resolve("changed");
        try (DaemonFixture d = new DaemonFixture(dir)) {
            web1 = Files.createDirectories(d.volumeRoot.resolve("hello/hello.web.web/1/data"));
            VolumeTree.fill(web1, "one");
            name = backup(d);
            VolumeTree.copy(web1, backedUp);
            VolumeTree.change(web1);
            VolumeTree.copy(web1, changed);
        }
        long inode = VolumeTree.inode(web1);
        Path journals = dir.resolve("volumes/.backupd-restore");
        Path archive = dir.resolve("store/hello/hello.web.web/1/data/full/" + name);
        CrashPoint kill = reached -> {
            if (reached.equals(step)) {
                throw new Killed(reached);
            }
        };
        String sha = io.backupd.daemon.catalog.CatalogSeed.sha256(Files.readAllBytes(archive));
        Restorer killedRestorer = new Restorer(new VolumeSwap(journals, kill), ExtractLimits.defaults(), kill);
        assertThatThrownBy(() -> killedRestorer.restore(new RestoreRequest(web1, "killed1", () -> Files.newInputStream(archive),
                in -> new GZIPInputStream(in), sha))).isInstanceOf(Killed.class);
        assertThat(Files.readString(journals.resolve("killed1.journal"))).contains("\"" + phase + "\"");

        try (DaemonFixture d = new DaemonFixture(dir)) {
            VolumeTree.assertSameTree(outcome.equals("NEW_CONTENT") ? backedUp : changed, web1);
            assertThat(VolumeTree.inode(web1)).isEqualTo(inode);
            assertThat(names(web1.getParent())).containsExactly("data");
            assertThat(names(journals)).isEmpty();
            JsonNode recovery = d.http.get("/debug").body().path("restoreRecovery");
            assertThat(recovery.path("journals").asInt()).isEqualTo(1);
            assertThat(recovery.path("allResolved").asBoolean()).isTrue();
            JsonNode action = recovery.path("actions").get(0);
            assertThat(action.path("rid").asText()).isEqualTo("killed1");
            assertThat(action.path("volume").asText()).isEqualTo(web1.toString());
            assertThat(action.path("phase").asText()).isEqualTo(phase);
            assertThat(action.path("outcome").asText()).isEqualTo(outcome);
        }
    }

    @Test
    void aRecoverAfterTheRecoveryWorksAsUsual() throws IOException {
        try (DaemonFixture d = new DaemonFixture(dir)) {
            Path web1 = Files.createDirectories(d.volumeRoot.resolve("hello/hello.web.web/1/data"));
            VolumeTree.fill(web1, "one");
            String name = backup(d);
            Path expected = VolumeTree.copy(web1, dir.resolve("expected"));
            VolumeTree.change(web1);
            Http.Answer accepted = d.http.post("/backup/full/recover/file/" + name);
            JsonNode record = d.awaitRecord(accepted.body().path("rid").asText(), DaemonFixture::finished);
            assertThat(record.path("state").asText()).as(record.toString()).isEqualTo("success");
            VolumeTree.assertSameTree(expected, web1);
        }
    }

    static String backup(DaemonFixture d) throws IOException {
        Job job = d.backupJob(1, "0 23 * * *", false);
        d.http.put("/cron/jobs", "data", Json.write(List.of(job)), "version", "v1");
        String rid = d.http.post("/cron/jobs/" + job.id() + "/actions/run").body().path("rid").asText();
        JsonNode record = d.awaitRecord(rid, DaemonFixture::finished);
        assertThat(record.path("state").asText()).as(record.toString()).isEqualTo("success");
        return record.path("result").path("name").asText();
    }

    static List<String> names(Path folder) throws IOException {
        try (Stream<Path> list = Files.list(folder)) {
            return list.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

}
