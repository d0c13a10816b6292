package io.backupd.cron;

import static io.backupd.cron.Engines.CTL;
import static io.backupd.cron.Engines.job;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.backupd.common.api.Job;
import io.backupd.common.api.JobRecord;
import io.backupd.testing.Await;
import io.backupd.common.error.BackupException;
import io.backupd.common.error.ErrorCode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutboxTest {
    private static final String OTHER = "http://other:9000/notify";

    @TempDir
    Path dir;
    Engines engines;

    @BeforeEach
    void setUp() {
        engines = new Engines(dir, "2026-05-04T10:00:30Z");
    }

    @AfterEach
    void tearDown() {
        engines.close();
    }

    private long outboxFiles() throws Exception {
        try (Stream<Path> files = Files.list(dir.resolve(Outbox.DIR))) {
            return files.count();
        }
    }

    private static List<String> runTwice(CronEngine engine) {
        String first = engine.runNow("a");
        Engines.awaitFinished(engine, first);
        String second = engine.runNow("a");
        Engines.awaitFinished(engine, second);
        return List.of(first + ":running", first + ":success", second + ":running", second + ":success");
    }

    @Test
    void failedDeliveriesAreRetriedUntilTheyGoThroughInOrder() {
        RecordingDelivery delivery = new RecordingDelivery().failNext(3);
        CronEngine engine = engines.start(delivery);
        engine.addNotifyAddress(CTL);
        engine.replaceJobs("v1", List.of(job("a", "0 3 * * *", "ok")));

        List<String> expected = runTwice(engine);

        Await.until("all four records delivered", () -> delivery.arrivedAt(CTL).size() == 4);
        assertThat(delivery.arrivedAt(CTL)).isEqualTo(expected);
        assertThat(delivery.attempts()).as("three failed calls, then at least one that went through").isGreaterThanOrEqualTo(4);
        Await.until("the outbox to be empty", () -> engine.status().outboxDepth() == 0);
    }

    @Test
    void pendingDeliveriesSurviveARestartAndGoOutInOrder() throws Exception {
        CronEngine first = engines.start(new RecordingDelivery().failAlways(CTL));
        first.addNotifyAddress(CTL);
        first.replaceJobs("v1", List.of(job("a", "0 3 * * *", "ok")));
        List<String> expected = runTwice(first);
        assertThat(first.status().outboxDepth()).isEqualTo(4);
        first.close();
        assertThat(outboxFiles()).isEqualTo(4);

        RecordingDelivery working = new RecordingDelivery();
        CronEngine second = engines.start(working);

        Await.until("all four records delivered", () -> working.arrivedAt(CTL).size() == 4);
        assertThat(working.arrivedAt(CTL)).isEqualTo(expected);
        assertThat(working.batchSizes()).as("the backlog goes in one call").containsExactly(4);
        Await.until("the outbox to be empty", () -> second.status().outboxDepth() == 0);
        assertThat(outboxFiles()).isZero();
    }

    @Test
    void anUnreachableAddressDoesNotHoldUpTheOthers() {
        RecordingDelivery delivery = new RecordingDelivery().failAlways(OTHER);
        CronEngine engine = engines.start(delivery);
        engine.addNotifyAddress(OTHER);
        engine.addNotifyAddress(CTL);
        engine.replaceJobs("v1", List.of(job("a", "0 3 * * *", "ok")));

        List<String> expected = runTwice(engine);

        Await.until("all four records delivered to the reachable address", () -> delivery.arrivedAt(CTL).size() == 4);
        assertThat(delivery.arrivedAt(CTL)).isEqualTo(expected);
        assertThat(delivery.arrivedAt(OTHER)).isEmpty();
        assertThat(engine.status().outboxDepth()).isEqualTo(4);
    }

    @Test
    void removingAnAddressDropsOnlyDeliveriesAnotherAddressStillHas() throws Exception {
        RecordingDelivery delivery = new RecordingDelivery().failAlways(OTHER).failAlways(CTL);
        CronEngine engine = engines.start(delivery);
        engine.addNotifyAddress(OTHER);
        engine.addNotifyAddress(CTL);
        engine.replaceJobs("v1", List.of(job("a", "0 3 * * *", "ok")));
        runTwice(engine);
        assertThat(engine.status().outboxDepth()).isEqualTo(8);

        engine.removeNotifyAddress(OTHER);
        engine.removeNotifyAddress(OTHER); // idempotent

        assertThat(engine.notifyAddresses()).containsExactly(CTL);
        assertThat(engine.status().notifyAddresses()).containsExactly(CTL);
        assertThat(engine.status().outboxDepth()).isEqualTo(4);
        assertThat(outboxFiles()).isEqualTo(4);
    }

    @Test
    void recordsQueuedOnlyForARemovedAddressGoToTheRemainingOnes() throws Exception {
        RecordingDelivery delivery = new RecordingDelivery().failAlways(OTHER);
        CronEngine engine = engines.start(delivery);
        engine.addNotifyAddress(OTHER);
        engine.replaceJobs("v1", List.of(job("a", "0 3 * * *", "ok")));
        List<String> expected = runTwice(engine);
        assertThat(engine.status().outboxDepth()).isEqualTo(4);

        engine.addNotifyAddress(CTL); // the controller moved: its new address, then the old one goes
        engine.removeNotifyAddress(OTHER);

        Await.until("the old address's backlog delivered to the new one", () -> delivery.arrivedAt(CTL).size() == 4);
        assertThat(delivery.arrivedAt(CTL)).isEqualTo(expected);
        Await.until("the outbox to be empty", () -> engine.status().outboxDepth() == 0);
        assertThat(outboxFiles()).isZero();
    }

    @Test
    void theLastAddressCannotBeRemovedWhileRecordsAreQueuedForIt() throws Exception {
        CronEngine engine = engines.start(new RecordingDelivery().failAlways(OTHER));
        engine.addNotifyAddress(OTHER);
        engine.replaceJobs("v1", List.of(job("a", "0 3 * * *", "ok")));
        runTwice(engine);

        assertThatThrownBy(() -> engine.removeNotifyAddress(OTHER)).isInstanceOf(BackupException.class)
                .satisfies(e -> assertThat(((BackupException) e).code()).isEqualTo(ErrorCode.CONFLICT))
                .hasMessageContaining("4 records");
        assertThat(engine.notifyAddresses()).containsExactly(OTHER);
        assertThat(engine.status().outboxDepth()).isEqualTo(4);
        assertThat(outboxFiles()).isEqualTo(4);
    }

    @Test
    void theNumberOfAddressesIsBounded() {
        NotifyAddresses addresses = new NotifyAddresses(dir);
        for (int n = 0; n < NotifyAddresses.MAX; n++) {
            assertThat(addresses.add("http://ctl" + n + "/notify")).isTrue();
        }
        assertThat(addresses.add("http://ctl0/notify")).as("a known one is still idempotent").isFalse();
        assertThatThrownBy(() -> addresses.add("http://one-too-many/notify")).isInstanceOf(BackupException.class)
                .satisfies(e -> assertThat(((BackupException) e).code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
                .hasMessageContaining("at most " + NotifyAddresses.MAX);
        assertThat(new NotifyAddresses(dir).list()).hasSize(NotifyAddresses.MAX).doesNotContain("http://one-too-many/notify");
    }

    @Test
    void aRecordGoesOnlyToAddressesKnownWhenItWasMade() {
        RecordingDelivery delivery = new RecordingDelivery();
        CronEngine engine = engines.start(delivery);
        engine.replaceJobs("v1", List.of(job("a", "0 3 * * *", "ok")));
        Engines.awaitFinished(engine, engine.runNow("a"));

        engine.addNotifyAddress(CTL);
        String rid = engine.runNow("a");
        Engines.awaitFinished(engine, rid);

        Await.until("the second run's records delivered", () -> delivery.arrivedAt(CTL).size() == 2);
        assertThat(delivery.arrivedAt(CTL)).containsExactly(rid + ":running", rid + ":success");
    }

    @Test
    void aBacklogIsHandedOutOldestFirstInBatchesOfAtMostMax() {
        NotifyAddresses addresses = new NotifyAddresses(dir);
        addresses.add(CTL);
        addresses.add(OTHER);
        Outbox outbox = new Outbox(dir, addresses);
        Job job = job("a", "0 3 * * *", "ok");
        for (int n = 0; n < 5; n++) {
            outbox.enqueue(JobRecord.started("r" + n, job, "10.0.0.1", java.time.Instant.ofEpochSecond(1_770_000_000L + n)));
        }

        List<List<Outbox.Pending>> heads = outbox.heads(2);
        assertThat(heads).hasSize(2);
        for (List<Outbox.Pending> head : heads) {
            assertThat(head).extracting(p -> p.record().rid()).containsExactly("r0", "r1");
            assertThat(head).extracting(Outbox.Pending::address).containsOnly(head.get(0).address());
        }
        outbox.delivered(heads.get(0));
        List<List<Outbox.Pending>> next = outbox.heads(100);
        assertThat(next).extracting(head -> head.get(0).address() + ":" + head.size())
                .containsExactlyInAnyOrder(heads.get(0).get(0).address() + ":3", heads.get(1).get(0).address() + ":5");
        assertThat(outbox.depth()).isEqualTo(8);
    }
}
