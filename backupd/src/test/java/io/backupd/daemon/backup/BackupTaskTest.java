package io.backupd.daemon.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.backupd.common.error.BackupException;
import io.backupd.common.error.ErrorCode;
import io.backupd.cron.TaskFailure;
import io.backupd.cron.Trigger;
import io.backupd.daemon.hooks.HookCall;
import io.backupd.daemon.hooks.HookResult;
import io.backupd.daemon.hooks.HookRunner;
import io.backupd.daemon.hooks.LocalHookRunner;
import io.backupd.daemon.storage.ObjectInfo;
import io.backupd.daemon.storage.fs.FsStorage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The backup task's failure paths and hook order; the archive's contents are checked in {@link FullBackupTarTest}. */
class BackupTaskTest {
    static final String CATALOG = "hello/hello.web.web/1/data/catalog.json";

    @TempDir
    Path dir;

    Path volumeRoot;
    Path storeRoot;
    Path volume;
    FsStorage storage;
    BackupLayout layout;
    VolumeLocks locks;

    BackupRig rig;

    @BeforeEach
    void setUp() throws IOException {
        volumeRoot = Files.createDirectories(dir.resolve("volumes"));
        storeRoot = dir.resolve("store");
        storage = new FsStorage(storeRoot);
        rig = new BackupRig(storage, volumeRoot);
        layout = rig.layout;
        locks = rig.locks;
        volume = Files.createDirectories(volumeRoot.resolve("hello/hello.web.web/1/data"));
        Files.writeString(volume.resolve("db.sql"), "insert into t values (1);\n");
    }

    BackupTask task(HookRunner hooks) {
        return rig.task(hooks);
    }

    BackupTask task(HookRunner hooks, Clock clock) {
        return rig.task(hooks, clock);
    }

    static Map<String, String> args(String... extra) {
        Map<String, String> args = new java.util.HashMap<>(BackupLayoutTest.args("hello", "hello.web.web", "1", "/data"));
        args.put("mode", "full");
        for (int i = 0; i < extra.length; i += 2) {
            args.put(extra[i], extra[i + 1]);
        }
        return args;
    }

    static ErrorCode code(TaskFailure failure) {
        assertThat(failure.getCause()).isInstanceOf(BackupException.class);
        return ((BackupException) failure.getCause()).code();
    }

    List<String> stored() {
        try (Stream<ObjectInfo> list = storage.list("")) {
            return list.map(ObjectInfo::key).toList();
        }
    }

    /** What a .tar.gz backup stores: the archive, its gzip member index beside it, the catalog listing it. */
    static List<String> archiveIndexAndCatalog(Map<String, Object> result) {
        return List.of((String) result.get("key"), result.get("key") + ".idx", CATALOG);
    }

    List<Path> filesUnderStore() throws IOException {
        try (Stream<Path> files = Files.walk(storeRoot)) {
            return files.filter(Files::isRegularFile).toList();
        }
    }

    @Test
    void hooksRunInEachContainerAroundTheBackupAndTheirOutputIsInTheResult() throws Exception {
        RecordingHookRunner hooks = new RecordingHookRunner(call -> 0);
        Map<String, Object> result = task(hooks).run(new FakeTaskContext(
                args("preRun", "lock.sh", "postRun", "unlock.sh", "containers", "c1,c2"), "rid-1"));

        assertThat(hooks.commands()).containsExactly("lock.sh@c1", "lock.sh@c2", "unlock.sh@c1", "unlock.sh@c2");
        assertThat(stored()).containsExactlyInAnyOrderElementsOf(archiveIndexAndCatalog(result));
        assertThat(result).containsKeys("preRun", "postRun");
        assertThat(result.get("preRun").toString()).contains("ran lock.sh in c1", "exitCode=0");
    }

    @Test
    void aFailingPreRunTakesNoBackupButPostRunStillRuns() throws Exception {
        RecordingHookRunner hooks = new RecordingHookRunner(call -> call.command().equals("lock.sh") ? 1 : 0);
        FakeTaskContext ctx = new FakeTaskContext(args("preRun", "lock.sh", "postRun", "unlock.sh", "containers", "c1,c2"), "rid-1");

        assertThatThrownBy(() -> task(hooks).run(ctx))
                .isInstanceOfSatisfying(TaskFailure.class, f -> {
                    assertThat(f.getMessage()).contains("pre_run 'lock.sh'", "container c1", "exited with code 1", "no backup");
                    assertThat(f.result().get("preRun").toString()).contains("ran lock.sh in c1");
                    assertThat(f.result()).containsKey("postRun").doesNotContainKey("key");
                });
        assertThat(hooks.commands()).containsExactly("lock.sh@c1", "unlock.sh@c1", "unlock.sh@c2");
        assertThat(stored()).isEmpty();
        assertThat(filesUnderStore()).isEmpty();
    }

    @Test
    void aContainerTheRunnerRefusesFailsTheBackupLikeAFailedPreRunAndStoresNothing() throws Exception {
        // what DockerHookRunner does for a container that does not mount the volume: refuse, run nothing
        HookRunner refusing = new HookRunner() {
            @Override
            public HookResult run(HookCall call) {
                throw new BackupException(ErrorCode.FORBIDDEN, "container '" + call.container() + "' does not mount this instance's volume");
            }

            @Override
            public String name() {
                return "refusing";
            }
        };
        FakeTaskContext ctx = new FakeTaskContext(args("preRun", "lock.sh", "postRun", "unlock.sh", "containers", "foreign1"), "rid-r");

        assertThatThrownBy(() -> task(refusing).run(ctx))
                .isInstanceOfSatisfying(TaskFailure.class, f -> {
                    assertThat(f.getMessage()).contains("pre_run 'lock.sh'", "container 'foreign1' does not mount", "no backup");
                    assertThat(f.result()).doesNotContainKey("key");
                });
        assertThat(stored()).isEmpty();
        assertThat(filesUnderStore()).isEmpty();
    }

    @Test
    void aFailingPreRunWithRealShellHooksLeavesNothingAndRunsPostRun() throws Exception {
        FakeTaskContext ctx = new FakeTaskContext(args("preRun", "echo not ready; exit 1", "postRun", "touch post-ran"), "rid-2");
        assertThatThrownBy(() -> task(new LocalHookRunner()).run(ctx))
                .isInstanceOfSatisfying(TaskFailure.class, f -> {
                    assertThat(f.getMessage()).contains("pre_run", "exited with code 1");
                    assertThat(f.result().get("preRun").toString()).contains("not ready");
                });
        assertThat(volume.resolve("post-ran")).exists();
        assertThat(stored()).isEmpty();
    }

    @Test
    void aFailingPostRunFailsTheRunButKeepsTheStoredBackup() {
        RecordingHookRunner hooks = new RecordingHookRunner(call -> call.command().equals("unlock.sh") ? 2 : 0);
        FakeTaskContext ctx = new FakeTaskContext(args("postRun", "unlock.sh"), "rid-3");
        assertThatThrownBy(() -> task(hooks).run(ctx))
                .isInstanceOfSatisfying(TaskFailure.class, f -> {
                    assertThat(f.getMessage()).contains("post_run 'unlock.sh'", "exited with code 2", "was stored");
                    assertThat(stored()).containsExactlyInAnyOrderElementsOf(archiveIndexAndCatalog(f.result()));
                });
    }

    @Test
    void aMissingVolumeFailsClearlyRunsNoHooksAndStoresNothing() throws IOException {
        RecordingHookRunner hooks = new RecordingHookRunner(call -> 0);
        FakeTaskContext ctx = new FakeTaskContext(args("instanceNo", "7", "preRun", "lock.sh"), "rid-4");
        assertThatThrownBy(() -> task(hooks).run(ctx))
                .isInstanceOfSatisfying(TaskFailure.class, f -> {
                    assertThat(code(f)).isEqualTo(ErrorCode.NOT_FOUND);
                    assertThat(f.result()).containsEntry("error", "NOT_FOUND");
                    assertThat(f.getMessage()).contains("/data", "instance 7", "does not exist");
                });
        assertThat(hooks.calls).isEmpty();
        assertThat(stored()).isEmpty();
        assertThat(filesUnderStore()).isEmpty();
        assertThat(locks.held()).isEmpty();
    }

    @Test
    void anUnknownFormatOrAFormatOnAnIncrementalBackupFailsBeforeAnyHookOrByte() throws IOException {
        RecordingHookRunner hooks = new RecordingHookRunner(call -> 0);
        assertThatThrownBy(() -> task(hooks).run(new FakeTaskContext(args("format", "tar.bz2", "preRun", "lock.sh"), "rid-f1")))
                .isInstanceOfSatisfying(TaskFailure.class, f -> {
                    assertThat(code(f)).isEqualTo(ErrorCode.INVALID_ARGUMENT);
                    assertThat(f.getMessage()).contains("arg 'format'", "'tar.bz2'", "tar.gz, tar.zst");
                });
        assertThatThrownBy(() -> task(hooks).run(new FakeTaskContext(args("mode", "increment", "format", "tar.zst"), "rid-f2")))
                .isInstanceOfSatisfying(TaskFailure.class, f -> {
                    assertThat(code(f)).isEqualTo(ErrorCode.INVALID_ARGUMENT);
                    assertThat(f.getMessage()).contains("only full backups take a format");
                });
        assertThat(hooks.calls).isEmpty();
        assertThat(filesUnderStore()).isEmpty();
        assertThat(locks.held()).isEmpty();
    }

    @Test
    void anEmptyFormatIsTheDefault() {
        Map<String, Object> result = task(new RecordingHookRunner(c -> 0)).run(new FakeTaskContext(args("format", ""), "rid-g"));
        assertThat(result).containsEntry("format", "tar.gz");
        assertThat((String) result.get("name")).endsWith(".tar.gz");
    }

    @Test
    void aSecondBackupInTheSameSecondDoesNotReplaceTheFirst() throws IOException {
        Clock frozen = Clock.fixed(Instant.parse("2026-03-04T05:06:07Z"), ZoneOffset.UTC);
        Map<String, Object> first = task(new RecordingHookRunner(c -> 0), frozen).run(new FakeTaskContext(args(), "rid-a"));
        Path archive = storeRoot.resolve((String) first.get("key"));
        byte[] before = Files.readAllBytes(archive);
        Files.writeString(volume.resolve("db.sql"), "changed in the same second");

        assertThatThrownBy(() -> task(new RecordingHookRunner(c -> 0), frozen).run(new FakeTaskContext(args(), "rid-b")))
                .isInstanceOf(TaskFailure.class).hasMessageContaining("exists already");
        assertThat(Files.readAllBytes(archive)).isEqualTo(before);
        assertThat(stored()).containsExactlyInAnyOrderElementsOf(archiveIndexAndCatalog(first));
    }

    @Test
    void incrementalModeTakesASnapshotBetweenTheHooksAndListsNoArchive() {
        FakeTaskContext ctx = new FakeTaskContext(args("mode", "increment"), "rid-5");
        Map<String, Object> result = task(new RecordingHookRunner(c -> 0)).run(ctx);
        assertThat(result).containsEntry("mode", "increment").containsKey("parent");
        assertThat((String) result.get("name")).startsWith("hello-hello.web.web-1-data-snap-");
        assertThat(stored()).anyMatch(k -> k.contains("/increment/snapshots/")).noneMatch(k -> k.contains("/full/"));
    }

    @Test
    void aBusyVolumeIsRefusedWithVolumeBusy() {
        try (VolumeLocks.Held held = locks.acquire(volume, "restore-rid")) {
            assertThatThrownBy(() -> task(new RecordingHookRunner(c -> 0)).run(new FakeTaskContext(args(), "rid-6")))
                    .isInstanceOfSatisfying(TaskFailure.class, f -> {
                        assertThat(code(f)).isEqualTo(ErrorCode.VOLUME_BUSY);
                        assertThat(f.getMessage()).contains("restore-rid");
                    });
        }
        assertThat(stored()).isEmpty();
    }

    @Test
    void aScheduledRunWaitsForABusyVolumeThenBacksUpAndItsResultSaysHowLongAndBehindWhom() throws Exception {
        RecordingHookRunner hooks = new RecordingHookRunner(c -> 0);
        FakeTaskContext ctx = new FakeTaskContext(args("preRun", "lock.sh"), "rid-9", Trigger.SCHEDULED);
        VolumeLocks.Held other = locks.acquire(volume, "increment-rid");
        CompletableFuture<Map<String, Object>> run = CompletableFuture.supplyAsync(() -> task(hooks).run(ctx));

        BackupSlotsTest.await(() -> locks.waiting() == 1);
        assertThat(run).isNotDone();
        assertThat(hooks.commands()).as("no hook runs while it waits: the app is not frozen for the wait").isEmpty();
        assertThat(rig.slots.running()).as("no backup slot sits idle while it waits").isEmpty();
        other.close();

        Map<String, Object> result = run.get(20, TimeUnit.SECONDS);
        assertThat(result).containsKey("key").containsEntry("volumeWaitBehind", "increment-rid");
        assertThat((Long) result.get("volumeWaitMs")).isPositive();
        assertThat(hooks.commands()).containsExactly("lock.sh@");
    }

    @Test
    void aRunNobodyScheduledDoesNotWaitForABusyVolume() {
        try (VolumeLocks.Held held = locks.acquire(volume, "restore-rid")) {
            FakeTaskContext ctx = new FakeTaskContext(args(), "rid-10", Trigger.REQUESTED);
            assertThatThrownBy(() -> task(new RecordingHookRunner(c -> 0)).run(ctx))
                    .isInstanceOfSatisfying(TaskFailure.class, f -> assertThat(code(f)).isEqualTo(ErrorCode.VOLUME_BUSY));
            assertThat(locks.waiting()).isZero();
        }
    }

    @Test
    void aCancelledRunAbortsTheUploadAndStillRunsPostRun() throws IOException {
        RecordingHookRunner hooks = new RecordingHookRunner(call -> 0);
        FakeTaskContext ctx = new FakeTaskContext(args("postRun", "unlock.sh"), "rid-7");
        ctx.cancelled.set(true);
        assertThatThrownBy(() -> task(hooks).run(ctx)).isInstanceOf(TaskFailure.class).hasMessageContaining("cancelled");
        assertThat(hooks.commands()).containsExactly("unlock.sh@");
        assertThat(stored()).isEmpty();
        assertThat(filesUnderStore()).isEmpty();
    }

    @Test
    void badArgsAreRefusedBeforeAnythingRuns() {
        RecordingHookRunner hooks = new RecordingHookRunner(call -> 0);
        FakeTaskContext ctx = new FakeTaskContext(args("proc", "../../etc", "preRun", "lock.sh"), "rid-8");
        assertThatThrownBy(() -> task(hooks).run(ctx))
                .isInstanceOfSatisfying(TaskFailure.class, f -> {
                    assertThat(code(f)).isEqualTo(ErrorCode.INVALID_ARGUMENT);
                    assertThat(f.getMessage()).contains("'proc'");
                });
        assertThat(hooks.calls).isEmpty();
    }
}
