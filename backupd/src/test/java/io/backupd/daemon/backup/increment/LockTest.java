package io.backupd.daemon.backup.increment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.backupd.common.error.BackupException;
import io.backupd.common.error.ErrorCode;
import io.backupd.common.json.Json;
import io.backupd.daemon.backup.increment.storage.FsRepositoryStorage;
import io.backupd.testing.FakeClock;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.ThrowableAssert;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LockTest {
    @TempDir
    Path tmp;
    Path source;
    FsRepositoryStorage storage;
    FakeClock clock = new FakeClock();
    RepositoryOptions options;
    IncrementRepository repo;

    @BeforeEach
    void setUp() throws IOException {
        source = tmp.resolve("volume");
        SourceTrees.create(source);
        storage = new FsRepositoryStorage(tmp.resolve("repo"));
        options = TestRepos.options(clock);
        repo = new IncrementRepository(storage, options);
        repo.backup(source);
    }

    private static void assertConflict(ThrowableAssert.ThrowingCallable call, String mentioning) {
        assertThatThrownBy(call).isInstanceOf(BackupException.class).hasMessageContaining(mentioning)
                .extracting(e -> ((BackupException) e).code()).isEqualTo(ErrorCode.CONFLICT);
    }

    @Test
    void aRunningBackupBlocksPruneAndPruneWorksOnceItFinished() throws Exception {
        CountDownLatch reading = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        IncrementRepository blocking = new IncrementRepository(storage, options, file -> {
            reading.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
        });
        SourceTrees.write(source.resolve("new.txt"), SourceTrees.data(42, 10_000));
        CompletableFuture<BackupResult> backup = CompletableFuture.supplyAsync(() -> blocking.backup(source));
        assertThat(reading.await(10, TimeUnit.SECONDS)).isTrue();

        assertConflict(() -> repo.prune(), "backup");

        release.countDown();
        assertThat(backup.get(10, TimeUnit.SECONDS).filesRead()).isEqualTo(1);
        repo.prune();
        assertThat(storage.list(RepositoryLayout.LOCKS)).isEmpty();
    }

    @Test
    void sharedLocksCoexistButExcludePrune() {
        try (RepositoryLock held = RepositoryLock.acquire(storage, options, LockMode.SHARED, "backup")) {
            assertThat(repo.backup(source).snapshot()).isNotNull();
            assertThat(repo.check(false).ok()).isTrue();
            assertConflict(() -> repo.prune(), "backup (shared)");
        }
        try (RepositoryLock pruning = RepositoryLock.acquire(storage, options, LockMode.EXCLUSIVE, "prune")) {
            assertConflict(() -> repo.backup(source), "prune (exclusive)");
            assertConflict(() -> RepositoryLock.acquire(storage, options, LockMode.EXCLUSIVE, "prune"), "prune");
        }
    }

    @Test
    void aStaleLockIsBrokenOnlyAfterItExpired() {
        RepositoryLock abandoned = RepositoryLock.acquire(storage, options, LockMode.SHARED, "backup");

        clock.advance(Duration.ofMinutes(29));
        assertConflict(() -> repo.prune(), "backup");
        clock.advance(Duration.ofMinutes(1)); // exactly at expiry: still held
        assertConflict(() -> repo.prune(), "backup");
        clock.advance(Duration.ofSeconds(1));
        repo.prune();

        assertThat(storage.list(RepositoryLayout.LOCKS)).isEmpty();
        assertConflict(abandoned::verify, "removed");
    }

    @Test
    void aRefreshedLockNeverGoesStale() {
        RepositoryLock working = RepositoryLock.acquire(storage, options, LockMode.SHARED, "backup");
        for (int i = 0; i < 12; i++) {
            clock.advance(Duration.ofMinutes(5));
            working.refreshIfDue();
        }
        assertConflict(() -> repo.prune(), "backup");
        working.close();
        repo.prune();
    }

    @Test
    void aHolderWhoseLockExpiredStopsBeforeChangingAnything() {
        RepositoryLock slow = RepositoryLock.acquire(storage, options, LockMode.EXCLUSIVE, "prune");
        clock.advance(Duration.ofMinutes(31));
        assertConflict(slow::verify, "expired");
        assertConflict(slow::refreshIfDue, "expired");
    }

    @Test
    void anUnreadableLockObjectIsNeverTakenForStale() {
        storage.put(RepositoryLayout.lockKey("garbage"), "not json".getBytes());
        clock.advance(Duration.ofDays(30));
        assertConflict(() -> repo.backup(source), "unreadable");
        storage.delete(RepositoryLayout.lockKey("garbage"));
        repo.backup(source);
    }

    /** A lock object as another party wrote it, refreshed now: only its owner's host and process differ. */
    private void writeLock(String host, long pid, Instant pidStart, LockMode mode) {
        Instant now = clock.instant();
        String id = now.toEpochMilli() + "-" + RepositoryLayout.randomId().substring(0, 12);
        Map<String, Object> lock = new LinkedHashMap<>();
        lock.put("version", 1);
        lock.put("id", id);
        lock.put("mode", mode.json);
        lock.put("purpose", "backup");
        lock.put("owner", "backupd");
        lock.put("host", host);
        if (pid != 0) {
            lock.put("pid", pid);
        }
        if (pidStart != null) {
            lock.put("pid_start", pidStart.toString());
        }
        lock.put("created", now.toString());
        lock.put("refreshed", now.toString());
        lock.put("expires_after_seconds", options.lockExpiry().toSeconds());
        storage.put(RepositoryLayout.lockKey(id), Json.writeBytes(lock));
    }

    private static long deadPid() throws Exception {
        Process p = new ProcessBuilder("true").start();
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(ProcessHandle.of(p.pid())).isEmpty();
        return p.pid();
    }

    @Test
    void aLockOfAProcessOfThisHostThatIsGoneIsStaleAtOnce() throws Exception {
        writeLock(options.host(), deadPid(), null, LockMode.EXCLUSIVE);

        assertThat(repo.backup(source).snapshot()).isNotNull(); // a prune killed with -9 blocks nothing
        assertThat(storage.list(RepositoryLayout.LOCKS)).isEmpty();
    }

    @Test
    void aKilledBackupsSharedLockDoesNotMakeThePruneWait() throws Exception {
        writeLock(options.host(), deadPid(), Instant.parse("2026-01-01T00:00:00Z"), LockMode.SHARED);

        repo.prune();

        assertThat(storage.list(RepositoryLayout.LOCKS)).isEmpty();
    }

    @Test
    void aLockOfALiveProcessOfThisHostHolds() {
        ProcessHandle me = ProcessHandle.current();
        writeLock(options.host(), me.pid(), me.info().startInstant().orElse(null), LockMode.SHARED);

        assertConflict(() -> repo.prune(), "backup (shared)");
    }

    @Test
    void aPidReusedByALaterProcessDoesNotKeepTheLock() {
        // the daemon restarted in its container gets the same pid again; its old lock names the old start
        ProcessHandle me = ProcessHandle.current();
        Instant earlier = me.info().startInstant().orElseThrow().minusSeconds(3600);
        writeLock(options.host(), me.pid(), earlier, LockMode.SHARED);

        repo.prune();

        assertThat(storage.list(RepositoryLayout.LOCKS)).isEmpty();
    }

    @Test
    void aLockOfAnotherHostWaitsForItsExpiryWhateverItsPid() throws Exception {
        writeLock("other-node", deadPid(), null, LockMode.SHARED);

        assertConflict(() -> repo.prune(), "other-node");
        clock.advance(Duration.ofMinutes(30).plusSeconds(1));
        repo.prune();
    }

    @Test
    void aLockWithoutAPidWaitsForItsExpiry() {
        writeLock(options.host(), 0, null, LockMode.SHARED); // written before locks named their process

        assertConflict(() -> repo.prune(), "backup (shared)");
        clock.advance(Duration.ofMinutes(30).plusSeconds(1));
        repo.prune();
    }
}
