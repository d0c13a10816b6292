package io.backupd.daemon.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.backupd.daemon.storage.fs.FsStorage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The daemon's sweep over a real storage directory: at start, then on its own thread. */
class TemporarySweeperTest {
    static final Instant NOW = Instant.now();
    final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);

    @TempDir
    Path root;

    /** An upload some earlier storage instance started and never finished, last written {@code age} ago. */
    Path abandoned(String key, Duration age) throws IOException {
        Upload upload = new FsStorage(root).create(key); // never committed nor closed: its writer "died"
        upload.stream().write("half".getBytes(StandardCharsets.UTF_8));
        upload.stream().flush();
        Path part = temporaries().stream().filter(p -> {
            try {
                return Files.getLastModifiedTime(p).toInstant().isAfter(NOW.minus(Duration.ofMinutes(5)));
            } catch (IOException e) {
                return false;
            }
        }).findFirst().orElseThrow();
        Files.setLastModifiedTime(part, FileTime.from(NOW.minus(age)));
        return part;
    }

    List<Path> temporaries() throws IOException {
        try (Stream<Path> files = Files.list(root.resolve(".backupd-tmp"))) {
            return files.toList();
        }
    }

    @Test
    void sweepsAtStartAndThenPeriodicallyOnlyWhatWasLeftIdle() throws IOException {
        Path old = abandoned("a/old.tar.gz", Duration.ofHours(2));
        Path recent = abandoned("a/recent.tar.gz", Duration.ofMinutes(10));
        Storage storage = new FsStorage(root);

        try (TemporarySweeper sweeper = TemporarySweeper.start(storage, clock, Duration.ofMillis(20), Duration.ofHours(1))) {
            assertThat(old).as("swept before start returns").doesNotExist();
            assertThat(recent).exists();

            Files.setLastModifiedTime(recent, FileTime.from(NOW.minus(Duration.ofHours(3))));
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (Files.exists(recent) && System.nanoTime() < deadline) {
                LockSupport.parkNanos(Duration.ofMillis(5).toNanos());
            }
            assertThat(recent).as("swept by a periodic run").doesNotExist();
            assertThat(sweeper.sweep()).isZero();
        }
    }
}
