package io.backupd.cron;

import static io.backupd.cron.Engines.CTL;
import static io.backupd.cron.Engines.job;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LifecycleTest {
    @TempDir
    Path dir;

    private static Set<Thread> engineThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith("cron-")).collect(Collectors.toSet());
    }

    @Test
    void closedEnginesLeaveNoThreadsBehind() {
        Set<Thread> before = engineThreads();
        for (int i = 0; i < 15; i++) {
            try (Engines engines = new Engines(dir.resolve("e" + i), "2026-05-04T10:00:30Z")) {
                CronEngine engine = engines.start(new RecordingDelivery());
                engine.addNotifyAddress(CTL);
                engine.replaceJobs("v1", List.of(job("a", "* * * * *", "ok")));
                Engines.awaitFinished(engine, engine.runNow("a"));
            }
        }

        Set<Thread> left = engineThreads();
        left.removeAll(before);
        assertThat(left).isEmpty();
    }

    @Test
    void startIsOnceAndCloseIsIdempotent() {
        try (Engines engines = new Engines(dir, "2026-05-04T10:00:30Z")) {
            CronEngine engine = engines.start(new RecordingDelivery());
            assertThatThrownBy(engine::start).isInstanceOf(IllegalStateException.class);
            engine.close();
            engine.close();
            assertThat(engine.status().startedAt()).isNotNull();
        }
    }

    @Test
    void aCorruptStateFileIsMovedAsideInsteadOfBlockingTheStart() throws Exception {
        Files.writeString(dir.resolve(JobStore.FILE), "{not json");
        try (Engines engines = new Engines(dir, "2026-05-04T10:00:30Z")) {
            CronEngine engine = engines.start(new RecordingDelivery());

            assertThat(engine.count()).isZero();
            assertThat(engine.replaceJobs("v1", List.of(job("a", "0 * * * *", "ok"))).accepted()).isEqualTo(1);
            try (var files = Files.list(dir)) {
                assertThat(files.map(p -> p.getFileName().toString())).anyMatch(n -> n.startsWith("jobs.json.corrupt-"));
            }
        }
    }
}
