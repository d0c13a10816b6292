package io.backupd.daemon.storage.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.backupd.common.error.BackupException;
import io.backupd.common.error.ErrorCode;
import io.backupd.daemon.storage.Storage;
import io.backupd.daemon.storage.StorageContractTest;
import io.backupd.daemon.storage.Upload;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FsStorageTest extends StorageContractTest {
    /** This process, as if on a node named node-a.example. */
    static final UploadOwner OWNER = new UploadOwner("node-a.example", ProcessHandle.current().pid());
    /** The sweeps' "now": real file times are set relative to it. */
    static final Instant NOW = Instant.now();
    @TempDir
    Path dir;

    Path root;

    @Override
    protected Storage newStorage() throws IOException {
        root = Files.createDirectories(dir.resolve("store"));
        return new FsStorage(root, OWNER);
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
    void anUploadOfAKilledProcessStaysInvisibleAndIsSweptOnceOld() throws IOException {
        Upload crashed = new FsStorage(root, new UploadOwner(OWNER.host(), deadPid())).create("a/crashed.tar.gz");
        crashed.stream().write(bytes("half"));
        crashed.stream().flush(); // never committed nor closed: the process "died" here

        FsStorage afterRestart = new FsStorage(root, OWNER);
        try (Stream<io.backupd.daemon.storage.ObjectInfo> list = afterRestart.list("")) {
            assertThat(list.toList()).isEmpty();
        }
        assertThat(afterRestart.stat("a/crashed.tar.gz")).isEmpty();
        Path temp = filesUnder(root).get(0);
        assertThat(temp).startsWith(root.resolve(FsStorage.TEMP_DIR));
        assertThat(filesUnder(root)).as("the driver itself stays passive: nothing is swept by opening it").hasSize(1);

        assertThat(afterRestart.sweepTemporaries(NOW.minus(Duration.ofHours(1)))).as("still fresh").isZero();
        ageBy(temp, Duration.ofHours(2));
        assertThat(afterRestart.sweepTemporaries(NOW.minus(Duration.ofHours(1)))).isEqualTo(1);
        assertThat(filesUnder(root)).isEmpty();
    }

    @Test
    void uploadTemporariesNameTheirNodeAndProcess() throws IOException {
        try (Upload upload = storage.create("a/b.tar.gz")) {
            upload.stream().write(bytes("x"));
            upload.stream().flush();
            assertThat(filesUnder(root)).singleElement().extracting(p -> p.getFileName().toString()).asString()
                    .startsWith("upload-node-a.example~" + OWNER.pid() + "~").endsWith(".part");
        }
    }

    @Test
    void anOpenUploadOfThisProcessIsNeverSweptHoweverOld() throws IOException {
        try (Upload slow = storage.create("a/slow.tar.gz")) {
            slow.stream().write(bytes("slow"));
            slow.stream().flush();
            ageBy(filesUnder(root).get(0), Duration.ofDays(3));

            assertThat(storage.sweepTemporaries(NOW.minus(Duration.ofHours(1)))).isZero();

            slow.commit();
        }
        assertThat(read("a/slow.tar.gz")).isEqualTo("slow");
    }

    @Test
    void aLeftoverOfThisProcessIsSweptOnceOld() throws IOException {
        Path mine = leftover(OWNER.host(), OWNER.pid(), Duration.ofHours(2));
        Path fresh = leftover(OWNER.host(), OWNER.pid(), Duration.ofMinutes(10));

        assertThat(storage.sweepTemporaries(NOW.minus(Duration.ofHours(1)))).isEqualTo(1);

        assertThat(mine).doesNotExist();
        assertThat(fresh).exists();
    }

    @Test
    void anotherNodesTemporariesAreNeverSwept() throws IOException {
        Path theirs = leftover("node-b.example", OWNER.pid(), Duration.ofDays(30));
        Path legacyYoung = legacyLeftover(Duration.ofHours(2));

        assertThat(storage.sweepTemporaries(NOW.minus(Duration.ofHours(1)))).isZero();

        assertThat(theirs).exists();
        assertThat(legacyYoung).as("whose it is cannot be told: only a day-old one goes, as before").exists();
        ageBy(legacyYoung, Duration.ofDays(2));
        assertThat(storage.sweepTemporaries(NOW.minus(Duration.ofHours(1)))).isEqualTo(1);
        assertThat(theirs).exists();
    }

    @Test
    void aLiveOtherProcessOfThisNodeKeepsItsTemporariesADeadOnesAreSwept() throws Exception {
        Process other = new ProcessBuilder("sleep", "60").start();
        try {
            Path live = leftover(OWNER.host(), other.pid(), Duration.ofHours(2));
            Path dead = leftover(OWNER.host(), deadPid(), Duration.ofHours(2));

            assertThat(storage.sweepTemporaries(NOW.minus(Duration.ofHours(1)))).isEqualTo(1);

            assertThat(live).exists();
            assertThat(dead).doesNotExist();
        } finally {
            other.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aHostNameIsKeptToSafeFileNameCharacters() {
        assertThat(new UploadOwner("we/ird~host name", 7).prefix()).isEqualTo("upload-we_ird_host_name~7~");
        assertThat(UploadOwner.ofName("upload-we_ird_host_name~7~123.part"))
                .contains(new UploadOwner("we_ird_host_name", 7));
        assertThat(UploadOwner.ofName("upload-123456.part")).isEmpty();
    }

    private Path leftover(String host, long pid, Duration age) throws IOException {
        Path p = Files.createTempFile(root.resolve(FsStorage.TEMP_DIR), new UploadOwner(host, pid).prefix(), ".part");
        return ageBy(p, age);
    }

    private Path legacyLeftover(Duration age) throws IOException {
        return ageBy(Files.createTempFile(root.resolve(FsStorage.TEMP_DIR), "upload-", ".part"), age);
    }

    /** Sets the file's mtime {@code age} before {@link #NOW}. */
    private static Path ageBy(Path p, Duration age) throws IOException {
        Files.setLastModifiedTime(p, FileTime.from(NOW.minus(age)));
        return p;
    }

    private static long deadPid() {
        try {
            Process p = new ProcessBuilder("true").start();
            assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
            return p.pid();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
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
