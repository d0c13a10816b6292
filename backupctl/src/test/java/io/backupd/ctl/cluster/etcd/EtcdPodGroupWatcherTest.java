package io.backupd.ctl.cluster.etcd;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.backupd.common.spec.BackupMode;
import io.backupd.common.spec.BackupSpec;
import io.backupd.testing.Await;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.options.DeleteOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Against a real etcd process: listing, events, compaction, restarts and a silently stuck watch. */
class EtcdPodGroupWatcherTest {
    private static final Duration DEADLINE = Duration.ofSeconds(10);
    private static final String WEB = Fixtures.key("hello.web.web");
    private static final String WORKER = Fixtures.key("hello.worker.worker");
    private static final String PLAIN = Fixtures.key("plain.web.web");
    private static final String BROKEN = Fixtures.key("broken.web.web");
    private static final EtcdWatcherConfig FAST = EtcdWatcherConfig.defaults()
            .withBackoff(Duration.ofMillis(50), Duration.ofMillis(500));

    private static EtcdServer etcd;
    private static Client client;

    private final List<Snapshot> published = new CopyOnWriteArrayList<>();
    private Client watcherClient;
    private EtcdPodGroupWatcher watcher;

    @BeforeAll
    static void startEtcd() throws Exception {
        etcd = EtcdServer.launch();
        client = EtcdClients.connect(etcd.endpoint());
    }

    @AfterAll
    static void stopEtcd() throws Exception {
        try {
            if (client != null) {
                client.close();
            }
        } finally {
            if (etcd != null) {
                etcd.close();
            }
        }
    }

    @BeforeEach
    void loadFixtures() throws Exception {
        client.getKVClient().delete(bytes(Fixtures.PREFIX), DeleteOption.builder().isPrefix(true).build()).get(10, TimeUnit.SECONDS);
        for (String proc : Fixtures.PROCS) {
            put(Fixtures.key(proc), Fixtures.text(proc));
        }
    }

    @AfterEach
    void closeWatcher() {
        if (watcher != null) {
            watcher.close();
        }
        if (watcherClient != null) {
            watcherClient.close();
        }
    }

    @Test
    void theInitialListingHoldsEveryFixtureAndReportsTheBrokenOne() {
        start(FAST);
        awaitGroups(3);

        Snapshot snapshot = watcher.current();
        assertThat(snapshot.groups()).containsOnlyKeys(WEB, WORKER, PLAIN);
        assertThat(snapshot.problems()).containsOnlyKeys(BROKEN);
        assertThat(snapshot.problems().get(BROKEN)).startsWith(BROKEN + ": ").contains("not valid JSON");

        PodGroup web = snapshot.groups().get(WEB);
        assertThat(web.app()).isEqualTo("hello");
        assertThat(web.specs()).extracting(BackupSpec::mode).containsExactly(BackupMode.FULL, BackupMode.INCREMENT);
        assertThat(web.specs().get(0).preRun()).isEqualTo("backup.sh");
        assertThat(web.instances()).containsExactly(
                new PodGroup.Instance(1, List.of(new PodGroup.Container("c0ffee01a1b2", "127.0.0.2", "node1"))));
        PodGroup worker = snapshot.groups().get(WORKER);
        assertThat(worker.instances()).extracting(i -> i.containers().get(0).nodeIp()).containsExactly("127.0.0.2", "127.0.0.3");
        assertThat(worker.specs()).singleElement().extracting(BackupSpec::schedule).isEqualTo("*/30 * * * *");
        assertThat(snapshot.groups().get(PLAIN).specs()).isEmpty();

        Await.until("the watch is established", DEADLINE, watcher::connected);
        assertThat(watcher.lastError()).isEmpty();
        assertThat(published).isNotEmpty();
        assertThat(published.get(published.size() - 1)).isEqualTo(snapshot);
    }

    @Test
    void aPutIsAppliedAndAFailingListenerDoesNotStopTheWatcher() throws Exception {
        start(FAST);
        watcher.addListener(s -> {
            throw new IllegalStateException("listener bug");
        });
        awaitGroups(3);

        long first = put(WORKER, Fixtures.text("hello.worker.worker").replace("127.0.0.3", "127.0.0.9"));
        awaitModRevision(WORKER, first);
        assertThat(watcher.current().groups().get(WORKER).instances().get(1).containers().get(0).nodeIp()).isEqualTo("127.0.0.9");

        long second = put(WORKER, Fixtures.text("hello.worker.worker"));
        awaitModRevision(WORKER, second);
        assertThat(published).extracting(s -> s.groups().get(WORKER).modRevision()).contains(first, second);
    }

    @Test
    void eventsNoNewerThanWhatIsHeldAreIgnored() throws Exception {
        start(FAST);
        awaitGroups(3);
        long older = put(WEB, webWithContainer("older"));
        long newer = put(WEB, webWithContainer("newer"));
        awaitModRevision(WEB, newer);
        long relists = watcher.relists();

        // replay both puts: the watch sees the older value again after the newer one is held
        watcher.suspendWatch();
        published.clear();
        watcher.resumeWatchFrom(older);
        long marker = put(PLAIN, Fixtures.text("plain.web.web"));
        awaitModRevision(PLAIN, marker);

        assertThat(published).isNotEmpty().allSatisfy(s -> assertThat(s.groups().get(WEB).modRevision()).isEqualTo(newer));
        assertThat(containerId(WEB)).isEqualTo("newer");
        assertThat(watcher.relists()).isEqualTo(relists);
    }

    @Test
    void aDeleteRemovesTheGroupOrTheProblem() throws Exception {
        start(FAST);
        awaitGroups(3);

        delete(WEB);
        delete(BROKEN);

        Await.until("both keys are gone", DEADLINE, () -> !watcher.current().groups().containsKey(WEB)
                && watcher.current().problems().isEmpty());
        assertThat(watcher.current().groups()).containsOnlyKeys(WORKER, PLAIN);
    }

    @Test
    void fixingABrokenValueClearsItsProblem() throws Exception {
        start(FAST);
        awaitGroups(3);

        long fixed = put(BROKEN, Fixtures.text("broken.web.web").replace("\"{not json\"", "\"{}\""));
        awaitModRevision(BROKEN, fixed);
        assertThat(watcher.current().problems()).isEmpty();
        assertThat(watcher.current().groups().get(BROKEN).specs()).isEmpty();

        put(BROKEN, "this is not a pod group");
        Await.until("the value is a problem again", DEADLINE, () -> watcher.current().problems().containsKey(BROKEN));
        assertThat(watcher.current().groups()).doesNotContainKey(BROKEN);
        assertThat(watcher.current().groups()).containsKeys(WEB, WORKER, PLAIN);
    }

    @Test
    void aWatchResumedPastCompactionRelistsAndLosesNoUpdate() throws Exception {
        start(FAST);
        awaitGroups(3);
        watcher.suspendWatch();
        long held = watcher.heldRevision();
        long relists = watcher.relists();

        // changes the stalled watcher never sees as events
        long web = put(WEB, webWithContainer("moved"));
        delete(PLAIN);
        String extra = Fixtures.PREFIX + "extra/extra.web.web";
        put(extra, Fixtures.text("plain.web.web").replace("plain.web.web", "extra.web.web"));
        long latest = put(BROKEN, Fixtures.text("broken.web.web").replace("\"{not json\"", "\"{}\""));
        client.getKVClient().compact(latest).get(10, TimeUnit.SECONDS);

        watcher.resumeWatchFrom(held + 1);

        Await.until("the state is re-listed after compaction", DEADLINE, () -> watcher.relists() > relists
                && watcher.current().revision() >= latest);
        Snapshot snapshot = watcher.current();
        assertThat(snapshot.groups()).containsOnlyKeys(WEB, WORKER, BROKEN, extra);
        assertThat(snapshot.groups().get(WEB).modRevision()).isEqualTo(web);
        assertThat(containerId(WEB)).isEqualTo("moved");
        assertThat(snapshot.problems()).isEmpty();

        // and the new watch works
        long after = put(WORKER, Fixtures.text("hello.worker.worker").replace("127.0.0.3", "127.0.0.7"));
        awaitModRevision(WORKER, after);
    }

    @Test
    void anEtcdRestartKeepsTheStateAndTheWatcherCatchesUp() throws Exception {
        start(FAST);
        awaitGroups(3);
        Await.until("the watch is established", DEADLINE, watcher::connected);
        Snapshot before = watcher.current();

        try {
            etcd.stop();
            Await.until("the watcher notices etcd is gone", DEADLINE, () -> !watcher.connected() && watcher.lastError().isPresent());
            assertThat(watcher.current()).isEqualTo(before);
        } finally {
            etcd.start();
        }

        long revision = put(WORKER, Fixtures.text("hello.worker.worker").replace("127.0.0.3", "127.0.0.8"));
        awaitModRevision(WORKER, revision);
        Await.until("the watcher is connected again", DEADLINE, watcher::connected);
        assertThat(watcher.lastError()).isEmpty();
        assertThat(watcher.current().groups()).containsOnlyKeys(WEB, WORKER, PLAIN);
    }

    @Test
    void aWatcherStartedWhileEtcdIsDownListsOnceItIsUp() throws Exception {
        try {
            etcd.stop();
            start(FAST);
            Await.until("the first listing fails", DEADLINE, () -> watcher.lastError().isPresent());
            assertThat(watcher.connected()).isFalse();
            assertThat(watcher.current().groups()).isEmpty();
        } finally {
            etcd.start();
        }
        awaitGroups(3);
        Await.until("the watch is established", DEADLINE, watcher::connected);
    }

    @Test
    void theWatchdogRelistsWhenTheWatchIsSilentlyStuck() throws Exception {
        start(FAST.withWatchdogPeriod(Duration.ofMillis(200)));
        awaitGroups(3);
        long relists = watcher.relists();

        watcher.dropWatchResponses(true);
        long revision = put(WORKER, Fixtures.text("hello.worker.worker").replace("127.0.0.3", "127.0.0.6"));

        awaitModRevision(WORKER, revision);
        assertThat(watcher.relists()).isGreaterThan(relists);
    }

    @Test
    void theWatchdogLeavesAHealthyWatchAloneWhileOtherKeysChange() throws Exception {
        start(FAST.withWatchdogPeriod(Duration.ofMillis(200)));
        awaitGroups(3);
        long relists = watcher.relists();

        // writes outside the prefix move etcd's revision without any event for this watch; the
        // watchdog's progress requests must show the watch is current anyway
        for (int i = 0; i < 3; i++) {
            long revision = put("/elsewhere/key", "value " + i);
            Await.until("progress reaches revision " + revision, DEADLINE, () -> watcher.observedRevision() >= revision);
        }

        assertThat(watcher.relists()).isEqualTo(relists);
    }

    @Test
    void closeStopsTheEventThread() {
        start(FAST);
        awaitGroups(3);
        assertThat(eventThreads()).isPositive();

        watcher.close();
        watcher.close();

        assertThat(eventThreads()).isZero();
    }

    private void start(EtcdWatcherConfig config) {
        watcherClient = EtcdClients.connect(etcd.endpoint());
        watcher = new EtcdPodGroupWatcher(watcherClient, config.withRequestTimeout(Duration.ofSeconds(1)));
        watcher.addListener(published::add);
        watcher.start();
    }

    private void awaitGroups(int count) {
        Await.until(count + " groups are listed", DEADLINE, () -> watcher.current().groups().size() == count);
    }

    private void awaitModRevision(String key, long revision) {
        Await.until(key + " is at revision " + revision, DEADLINE, () -> {
            PodGroup group = watcher.current().groups().get(key);
            return group != null && group.modRevision() == revision;
        });
    }

    private String containerId(String key) {
        return watcher.current().groups().get(key).instances().get(0).containers().get(0).id();
    }

    private static String webWithContainer(String id) {
        return Fixtures.text("hello.web.web").replace("c0ffee01a1b2", id);
    }

    private static long put(String key, String value) throws Exception {
        return client.getKVClient().put(bytes(key), bytes(value)).get(10, TimeUnit.SECONDS).getHeader().getRevision();
    }

    private static void delete(String key) throws Exception {
        client.getKVClient().delete(bytes(key)).get(10, TimeUnit.SECONDS);
    }

    private static long eventThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("etcd-pod-groups") && t.isAlive()).count();
    }

    private static ByteSequence bytes(String s) {
        return ByteSequence.from(s, UTF_8);
    }
}
