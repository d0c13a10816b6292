package io.backupd.daemon.backup;

import static org.assertj.core.api.Assertions.assertThat;

import io.backupd.daemon.storage.ObjectInfo;
import io.backupd.daemon.storage.fs.FsStorage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The record of an incremental backup that healed a lost pack says so; one that did not carries nothing extra. */
class IncrementHealingRecordTest {
    @TempDir
    Path dir;

    @Test
    void theResultNamesTheMissingPacksAndTheChunksStoredAgain() throws IOException {
        Path volumeRoot = Files.createDirectories(dir.resolve("volumes"));
        FsStorage storage = new FsStorage(dir.resolve("store"));
        BackupRig rig = new BackupRig(storage, volumeRoot);
        Path volume = Files.createDirectories(volumeRoot.resolve("hello/hello.web.web/1/data"));
        byte[] data = new byte[3 << 20];
        new Random(5).nextBytes(data);
        Files.write(volume.resolve("db.bin"), data);
        Map<String, String> args = BackupTaskTest.args("mode", "increment");
        Map<String, Object> first = rig.task(new RecordingHookRunner(c -> 0)).run(new FakeTaskContext(args, "rid-1"));
        assertThat(first).doesNotContainKey("healed");
        List<String> packs;
        try (Stream<ObjectInfo> list = storage.list("hello/hello.web.web/1/data/increment/packs/")) {
            packs = list.map(ObjectInfo::key).toList();
        }
        assertThat(packs).isNotEmpty();
        packs.forEach(storage::delete);

        Map<String, Object> second = rig.task(new RecordingHookRunner(c -> 0)).run(new FakeTaskContext(args, "rid-2"));

        assertThat(second.get("healed")).isInstanceOfSatisfying(Map.class, healed -> {
            assertThat(healed.get("missingPacks")).isEqualTo((long) packs.size());
            assertThat((long) healed.get("chunksStoredAgain")).isPositive().isEqualTo((long) healed.get("lostChunks"));
        });
        assertThat((long) second.get("addedBytes")).isPositive();
    }
}
