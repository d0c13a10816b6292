package io.backupd.daemon.backup.recover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.backupd.common.error.BackupException;
import io.backupd.common.error.ErrorCode;
import io.backupd.daemon.backup.BackupTarget;
import io.backupd.daemon.catalog.CatalogEntry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How a recover request becomes a plan: defaults, the namespace and destDir forms, and every refusal. */
class RecoverPlannerTest {
    static final Instant T = Instant.parse("2026-03-01T00:00:00Z");
    static final BackupTarget ONE = new BackupTarget("hello", "hello.web.web", 1, "/var/lib/hello");
    static final BackupTarget TWO = new BackupTarget("hello", "hello.web.web", 2, "/var/lib/hello");

    @TempDir
    Path dir;

    RecoverRig rig;
    RecoverPlanner planner;
    CatalogEntry backup;

    @BeforeEach
    void setUp() throws IOException {
        rig = new RecoverRig(dir);
        planner = rig.planner();
        Files.writeString(rig.volume(ONE).resolve("f.txt"), "one");
        rig.volume(TWO);
        backup = rig.backup(ONE, T);
    }

    RecoverPlan plan(String... fields) {
        Map<String, String> args = new java.util.HashMap<>(Map.of("file", backup.name()));
        for (int i = 0; i < fields.length; i += 2) {
            args.put(fields[i], fields[i + 1]);
        }
        return planner.plan(RecoverRequest.of(args));
    }

    static ErrorCode codeOf(Runnable call) {
        try {
            call.run();
        } catch (BackupException e) {
            return e.code();
        }
        throw new AssertionError("expected a BackupException");
    }

    @Test
    void withOnlyAFileTheBackupGoesBackIntoItsOwnVolume() {
        RecoverPlan plan = plan();
        assertThat(plan.source()).isEqualTo(ONE);
        assertThat(plan.target()).isEqualTo(ONE);
        assertThat(plan.migrate()).isFalse();
        assertThat(plan.action()).isEqualTo("backup_recover");
        assertThat(plan.namespace()).isEqualTo("hello/hello.web.web/1/var-lib-hello");
        assertThat(plan.volumeDir()).isEqualTo(rig.volumeRoot.resolve("hello/hello.web.web/1/var/lib/hello"));
        assertThat(plan.backup()).isEqualTo(backup);
    }

    @Test
    void aNamespaceMayGiveTheVolumeAsKeyOrAsPath() {
        assertThat(plan("namespace", "hello/hello.web.web/1/var-lib-hello")).isEqualTo(plan());
        assertThat(plan("namespace", "hello/hello.web.web/1/var/lib/hello/")).isEqualTo(plan());
        assertThat(codeOf(() -> plan("namespace", "hello/hello.web.web/2/var-lib-hello"))).isEqualTo(ErrorCode.NOT_FOUND);
    }

    @Test
    void aNameThatReadsTwoWaysIsFoundInTheNamespaceGiven() throws IOException {
        BackupTarget first = new BackupTarget("a", "a.web.w", 1, "/2-data");
        BackupTarget second = new BackupTarget("a", "a.web.w-1", 2, "/data");
        rig.volume(first);
        rig.volume(second);
        CatalogEntry inFirst = rig.backup(first, T);
        CatalogEntry inSecond = rig.backup(second, T);
        assertThat(inFirst.name()).isEqualTo(inSecond.name());

        RecoverPlan plan = planner.plan(RecoverRequest.of(Map.of("file", inFirst.name(), "namespace", "a/a.web.w-1/2/data")));
        assertThat(plan.source()).isEqualTo(second);
        assertThat(plan.backup().key()).isEqualTo(inSecond.key());
        plan = planner.plan(RecoverRequest.of(Map.of("file", inFirst.name(), "namespace", "a/a.web.w/1/2-data")));
        assertThat(plan.source()).isEqualTo(first);
    }

    @Test
    void aMigrateNamesItsTargetByFieldsOrDestDirAndItsJobPlansTheSame() {
        RecoverPlan byFields = plan("instanceNo", "2");
        RecoverPlan byDestDir = plan("destDir", rig.volumeRoot.resolve("hello/hello.web.web/2/var/lib/hello").toString());
        assertThat(byFields).isEqualTo(byDestDir);
        assertThat(byFields.target()).isEqualTo(TWO);
        assertThat(byFields.migrate()).isTrue();
        assertThat(byFields.action()).isEqualTo("backup_migrate");
        assertThat(byFields.jobArgs()).containsExactlyInAnyOrderEntriesOf(Map.of("file", backup.name(),
                "namespace", "hello/hello.web.web/1/var-lib-hello", "app", "hello", "proc", "hello.web.web",
                "instanceNo", "2", "volume", "/var/lib/hello"));
        assertThat(planner.plan(RecoverRequest.of(byFields.jobArgs()))).isEqualTo(byFields);
        assertThat(plan("destDir", byFields.volumeDir().toString(), "instanceNo", "2", "app", "hello")).isEqualTo(byFields);
    }

    @Test
    void theJobIdIsTheTargetVolumesSoOneRunPerVolumeAtATime() {
        CatalogEntry ofTwo = rig.backup(TWO, T.plusSeconds(5));
        String migrateIntoTwo = plan("instanceNo", "2").job("10.0.0.5").id();
        String recoverOfTwo = planner.plan(RecoverRequest.of(Map.of("file", ofTwo.name()))).job("10.0.0.5").id();
        assertThat(migrateIntoTwo).isEqualTo(recoverOfTwo).startsWith("0a000005");
        assertThat(plan().job("10.0.0.5").id()).isNotEqualTo(migrateIntoTwo);
        assertThat(plan().job("10.0.0.5").type().wireName()).isEqualTo("once");
    }

    @Test
    void anotherVolumeIsRefusedEvenWhenTheJobSetDeclaresIt() throws IOException {
        rig.volume(new BackupTarget("hello", "hello.worker.worker", 1, "/logs"));
        Files.createDirectories(rig.volumeRoot.resolve("hello/hello.worker.worker/1/var/lib/hello"));
        assertThatThrownBy(() -> plan("proc", "hello.worker.worker", "volume", "/logs"))
                .isInstanceOfSatisfying(BackupException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
                    assertThat(e.details()).containsEntry("field", "volume");
                    assertThat(e.getMessage()).contains("only restored or migrated into the volume it was taken of");
                });
        assertThatThrownBy(() -> plan("proc", "hello.worker.worker")).as("its /var/lib/hello exists but is not backed up")
                .isInstanceOfSatisfying(BackupException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
                    assertThat(e.details()).containsEntry("field", "proc");
                    assertThat(e.getMessage()).contains("is not one this node backs up");
                });
    }

    @Test
    void aTargetInAnotherAppIsForbidden() throws IOException {
        rig.volume(new BackupTarget("other", "other.web.web", 1, "/var/lib/hello"));
        String otherDir = rig.volumeRoot.resolve("other/other.web.web/1/var/lib/hello").toString();
        for (String[] fields : new String[][] {{"app", "other"}, {"proc", "other.web.web"}, {"destDir", otherDir},
                {"app", "other", "proc", "other.web.web"}, {"proc", "hellox.web.web"}}) {
            assertThatThrownBy(() -> plan(fields)).as(String.join(",", fields))
                    .isInstanceOfSatisfying(BackupException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.FORBIDDEN);
                        assertThat(e.getMessage()).contains("backup of app 'hello'", "within its own app");
                    });
        }
    }

    @Test
    void badFieldsAreRefusedBeforeAnythingIsRead() {
        String root = rig.volumeRoot.toString();
        for (String[] fields : new String[][] {{"namespace", "../../etc/x"}, {"namespace", "hello/hello.web.web/1"},
                {"namespace", "/hello/hello.web.web/1/data"}, {"namespace", "hello/hello.web.web/1/var/../etc"},
                {"namespace", "hello/hello.web.web/x/data"}, {"destDir", "relative/x"}, {"destDir", root + "/../etc/a/b/c"},
                {"destDir", root + "/hello/hello.web.web/2/./var"}, {"destDir", "/etc/hello/hello.web.web/2/data"},
                {"destDir", root + "/hello/hello.web.web/2"}, {"destDir", root + "/.backupd-restore/a/b/c"},
                {"app", "../x"}, {"proc", "a/b"}, {"instanceNo", "two"}, {"volume", "/a/../b"}, {"volume", "rel"}}) {
            assertThat(codeOf(() -> planner.checkFields(RecoverRequest.of(Map.of(fields[0], fields[1])))))
                    .as(String.join("=", fields)).isEqualTo(ErrorCode.INVALID_ARGUMENT);
            assertThat(codeOf(() -> planner.plan(RecoverRequest.of(Map.of("file", "unknown.tar.gz", fields[0], fields[1])))))
                    .as("unknown backup, " + String.join("=", fields)).isEqualTo(ErrorCode.INVALID_ARGUMENT);
        }
        for (String file : new String[] {"../x.tar.gz", "a/b", "..", ""}) {
            assertThat(codeOf(() -> planner.plan(RecoverRequest.of(Map.of("file", file))))).as(file)
                    .isEqualTo(ErrorCode.INVALID_ARGUMENT);
        }
    }

    @Test
    void aTargetThatLeavesTheVolumeRootThroughASymlinkIsRefused() throws IOException {
        Path outside = Files.createDirectories(dir.resolve("outside/var/lib/hello"));
        Files.createDirectories(rig.volumeRoot.resolve("hello/hello.web.web"));
        Files.createSymbolicLink(rig.volumeRoot.resolve("hello/hello.web.web/3"), dir.resolve("outside"));
        rig.declare(new BackupTarget("hello", "hello.web.web", 3, "/var/lib/hello"));
        assertThat(outside).isDirectory();
        assertThatThrownBy(() -> plan("instanceNo", "3")).isInstanceOfSatisfying(BackupException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
            assertThat(e.getMessage()).contains("through a symlink");
        });
    }

    @Test
    void onlyCompleteFullBackupsOfAKnownFormatArePlanned() {
        CatalogEntry increment = rig.store(ONE, T.plusSeconds(1), new byte[] {1}, "increment", "tar.gz");
        CatalogEntry xz = rig.store(ONE, T.plusSeconds(2), new byte[] {1}, "full", "tar.xz");
        assertThat(codeOf(() -> planner.plan(RecoverRequest.of(Map.of("file", increment.name())))))
                .isEqualTo(ErrorCode.INVALID_ARGUMENT);
        assertThatThrownBy(() -> planner.plan(RecoverRequest.of(Map.of("file", xz.name()))))
                .hasMessageContaining("archive format 'tar.xz'").hasMessageContaining("[tar.gz, tar.zst]");
        assertThat(codeOf(() -> planner.plan(RecoverRequest.of(Map.of("file", "hello-hello.web.web-1-var-lib-hello-1.tar.gz")))))
                .isEqualTo(ErrorCode.NOT_FOUND);
    }

    @Test
    void fieldsAndDestDirThatDisagreeAreRefused() {
        String two = rig.volumeRoot.resolve("hello/hello.web.web/2/var/lib/hello").toString();
        for (String[] fields : new String[][] {{"destDir", two, "instanceNo", "1"}, {"destDir", two, "volume", "/data"},
                {"destDir", two, "proc", "hello.worker.worker"}}) {
            assertThatThrownBy(() -> plan(fields)).as(String.join(",", fields)).hasMessageContaining("but destDir names");
        }
    }
}
