package io.backupd.daemon.storage.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.backupd.common.error.BackupException;
import io.backupd.common.error.ErrorCode;
import io.backupd.daemon.storage.Storage;
import io.backupd.daemon.storage.StorageContractTest;
import io.backupd.daemon.storage.Upload;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FsStorageTest extends StorageContractTest {
    @TempDir
    Path dir;

    Path root;

    @Override
    protected Storage newStorage() throws IOException {
        root = Files.createDirectories(dir.resolve("store"));
        return new FsStorage(root);
    }

    @Test
    void anUploadInProgressIsOnlyATempFileThatListingSkips() throws IOException {
        try (Upload upload = storage.create("a/b.tar.gz")) {
            upload.stream().write(bytes("x".repeat(100_000)));
            upload.stream().flush();
            assertThat(filesUnder(root)).anyMatch(p -> p.startsWith(root.resolve(FsStorage.TEMP_DIR)));
            assertThat(keys("")).isEmpty();
            assertThat(Files.exists(root.resolve("a/b.tar.gz"))).isFalse();
        }
        assertThat(filesUnder(root)).isEmpty(); // the aborted temp file is gone too
    }

    @Test
    void commitLeavesExactlyTheTargetFile() throws IOException {
        try (Upload upload = storage.create("a/b.tar.gz")) {
            upload.stream().write(bytes("data"));
            upload.commit();
        }
        assertThat(filesUnder(root)).containsExactly(root.resolve("a/b.tar.gz"));
        assertThat(Files.readString(root.resolve("a/b.tar.gz"))).isEqualTo("data");
    }

    @Test
    void anUploadOfAKilledProcessStaysInvisibleAndIsSweptLater() throws IOException {
        Upload crashed = storage.create("a/crashed.tar.gz");
        crashed.stream().write(bytes("half"));
        crashed.stream().flush(); // never committed nor closed: the process "died" here

        FsStorage afterRestart = new FsStorage(root);
        try (Stream<io.backupd.daemon.storage.ObjectInfo> list = afterRestart.list("")) {
            assertThat(list.toList()).isEmpty();
        }
        assertThat(afterRestart.stat("a/crashed.tar.gz")).isEmpty();
        Path temp = filesUnder(root).get(0);
        assertThat(temp).startsWith(root.resolve(FsStorage.TEMP_DIR));

        Files.setLastModifiedTime(temp, java.nio.file.attribute.FileTime.from(java.time.Instant.now().minus(java.time.Duration.ofDays(2))));
        new FsStorage(root);
        assertThat(filesUnder(root)).as("a day-old temp file is swept on start").isEmpty();
    }

    @Test
    void theTempDirCannotBeAddressedAsAKey() {
        assertThatThrownBy(() -> storage.create(FsStorage.TEMP_DIR + "/x"))
                .isInstanceOfSatisfying(BackupException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
    }

    @Test
    void aSymlinkInsideTheRootIsRefusedForWritesReadsAndListing() throws IOException {
        Path outside = Files.createDirectories(dir.resolve("outside"));
        Files.writeString(outside.resolve("secret"), "do not read");
        Files.createSymbolicLink(root.resolve("evil"), outside);

        assertThatThrownBy(() -> storage.open("evil/secret"))
                .isInstanceOfSatisfying(BackupException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
        assertThatThrownBy(() -> storage.replace("evil/new", bytes("x")))
                .isInstanceOfSatisfying(BackupException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
        assertThatThrownBy(() -> storage.delete("evil/secret"))
                .isInstanceOf(BackupException.class);
        assertThat(keys("")).isEmpty();
        assertThat(outside.resolve("new")).doesNotExist();
        assertThat(outside.resolve("secret")).exists();
    }

    @Test
    void aSymlinkedFileIsRefusedAndNotListed() throws IOException {
        Path outside = Files.writeString(dir.resolve("target"), "x");
        Files.createDirectories(root.resolve("a"));
        Files.createSymbolicLink(root.resolve("a/link"), outside);
        assertThatThrownBy(() -> storage.stat("a/link"))
                .isInstanceOfSatisfying(BackupException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
        assertThat(keys("a/")).isEmpty();
    }

    @Test
    void freeSpaceIsKnown() {
        assertThat(storage.freeSpace()).isPresent();
        assertThat(storage.location()).isEqualTo("fs:" + root.toAbsolutePath());
    }

    private static java.util.List<Path> filesUnder(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).toList();
        }
    }
}
