package io.backupd.daemon.backup.increment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.backupd.common.error.BackupException;
import io.backupd.common.error.ErrorCode;
import io.backupd.daemon.backup.increment.storage.FsRepositoryStorage;
import io.backupd.testing.FakeClock;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RestoreSafetyTest {
    @TempDir
    Path tmp;
    FsRepositoryStorage storage;
    FakeClock clock = new FakeClock();
    IncrementRepository repo;
    Path outside;
    Path target;
    ChunkId evil;

    @BeforeEach
    void setUp() throws IOException {
        storage = new FsRepositoryStorage(tmp.resolve("repo"));
        repo = new IncrementRepository(storage, TestRepos.options(clock));
        Path source = tmp.resolve("volume");
        SourceTrees.create(source);
        repo.backup(source); // creates the repository
        outside = Files.createDirectories(tmp.resolve("outside"));
        target = tmp.resolve("target");
        evil = CraftedSnapshots.content(storage, "evil".getBytes(StandardCharsets.UTF_8));
    }

    @ParameterizedTest
    @ValueSource(strings = {"../outside/evil", "/tmp/evil", "ok/../../outside/evil", "a//b", "./x"})
    void anEntryThatCouldEscapeIsRefusedBeforeAnythingIsWritten(String path) {
        String id = CraftedSnapshots.write(storage, clock.instant().plusSeconds(60), List.of(
                CraftedSnapshots.file("aaa-first", evil, 4), CraftedSnapshots.file(path, evil, 4)));

        assertThatThrownBy(() -> repo.restore(id, List.of("*"), target))
                .isInstanceOf(BackupException.class).hasMessageContaining("refusing")
                .extracting(e -> ((BackupException) e).code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
        assertThat(target).doesNotExist();
        assertThat(outside).isEmptyDirectory();
        CheckReport report = repo.check(false);
        assertThat(report.problems()).extracting(CheckProblem::kind).containsOnly(CheckProblem.Kind.UNSAFE_PATH);
    }

    @Test
    void aFileWhoseChunksHoldMoreThanItsRecordedSizeIsNotWritten() throws IOException {
        byte[] block = new byte[64 << 10];
        java.util.Arrays.fill(block, (byte) 'x');
        ChunkId big = CraftedSnapshots.content(storage, block);
        // the tree says 10 bytes, but lists a 64 KiB chunk 1000 times: 64 MiB if believed
        TreeEntry bomb = new TreeEntry("bomb", EntryType.FILE, 0644, 0, 0, 1_700_000_000_000_000_000L, TreeEntry.NO_CTIME, 10, 1, 1,
                null, java.util.Collections.nCopies(1000, big));
        String id = CraftedSnapshots.write(storage, clock.instant().plusSeconds(60), List.of(bomb));

        assertThatThrownBy(() -> repo.restore(id, List.of("*"), target)).isInstanceOf(BackupException.class)
                .hasMessageContaining("bomb");
        assertThat(target.resolve("bomb")).doesNotExist();
        try (var left = Files.list(target)) {
            assertThat(left.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith(".bdrestore-"));
        }
    }

    @Test
    void aSnapshotSymlinkCannotRedirectLaterWrites() {
        String id = CraftedSnapshots.write(storage, clock.instant().plusSeconds(60), List.of(
                CraftedSnapshots.link("x", outside.toString()), CraftedSnapshots.file("x/evil", evil, 4)));

        assertThatThrownBy(() -> repo.restore(id, List.of("*"), target)).isInstanceOf(BackupException.class);

        assertThat(outside).isEmptyDirectory();
        assertThat(Files.isSymbolicLink(target.resolve("x"))).isFalse();
    }

    @Test
    void aSymlinkAlreadyInTheTargetIsNotFollowed() throws IOException {
        String id = CraftedSnapshots.write(storage, clock.instant().plusSeconds(60), List.of(
                CraftedSnapshots.dir("d"), CraftedSnapshots.file("d/evil", evil, 4)));
        Files.createDirectories(target);
        Files.createSymbolicLink(target.resolve("d"), outside);

        assertThatThrownBy(() -> repo.restore(id, List.of("*"), target))
                .isInstanceOf(BackupException.class).hasMessageContaining("symlink");
        assertThat(outside).isEmptyDirectory();
    }

    @Test
    void aSymlinkIsRestoredAsALinkWithoutTouchingItsTarget() throws IOException {
        Path victim = Files.writeString(outside.resolve("victim"), "keep me");
        String id = CraftedSnapshots.write(storage, clock.instant().plusSeconds(60), List.of(
                CraftedSnapshots.link("link", victim.toString())));
        Files.createDirectories(target);
        Files.writeString(target.resolve("link"), "old file at the link's place");

        repo.restore(id, List.of("*"), target);

        assertThat(Files.readSymbolicLink(target.resolve("link"))).isEqualTo(victim);
        assertThat(Files.readString(victim)).isEqualTo("keep me");
    }
}
