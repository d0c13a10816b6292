package io.backupd.ctl.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.backupd.common.api.Job;
import io.backupd.common.spec.BackupMode;
import io.backupd.common.spec.BackupSpec;
import io.backupd.ctl.cluster.ClusterState;
import io.backupd.ctl.plan.Planner;
import io.backupd.ctl.daemons.DaemonClient;
import io.backupd.ctl.daemons.DaemonClientTest;
import io.backupd.ctl.db.ControllerDb;
import io.backupd.testing.Await;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DispatcherTest {
    private static final String A = "10.0.0.1";
    private static final String B = "10.0.0.2";
    private static final String C = "10.0.0.3";
    private static final String NOTIFY = "http://ctl:9002/api/v2/system/notify";
    private static final Duration WAIT = Duration.ofSeconds(5);

    private final Map<String, HttpUrl> urls = new HashMap<>();
    private final List<AutoCloseable> toClose = new java.util.ArrayList<>();
    private Dispatcher dispatcher;
    @TempDir
    Path dbDir;
    private ControllerDb db;
    private SleepStates sleeps;

    @AfterEach
    void close() throws Exception {
        if (dispatcher != null) {
            dispatcher.close();
        }
        if (db != null) {
            db.close();
        }
        for (AutoCloseable c : toClose) {
            c.close();
        }
    }

    private FakeDaemon daemon(String node) throws IOException {
        FakeDaemon daemon = new FakeDaemon();
        toClose.add(daemon);
        urls.put(node, daemon.url());
        return daemon;
    }

    private Dispatcher dispatcher(Duration reconcile) {
        if (db == null) {
            db = ControllerDb.open(dbDir.resolve("backupctl.db"));
            sleeps = new MapDbSleepStates(db);
        }
        DaemonClient client = new DaemonClient(DaemonClientTest.quick(), urls::get);
        dispatcher = new Dispatcher(new Planner(), client, sleeps, () -> NOTIFY, reconcile, Duration.ofMillis(50), Duration.ofMillis(200),
                Clock.systemUTC());
        return dispatcher;
    }

    /** One app with one proc; instance N runs on the N-th of {@code placement}, backed up on {@code schedule}. */
    static ClusterState state(List<String> nodes, String schedule, List<String> placement) {
        List<ClusterState.Instance> instances = new java.util.ArrayList<>();
        for (int i = 0; i < placement.size(); i++) {
            instances.add(new ClusterState.Instance(i + 1, placement.get(i), List.of()));
        }
        ClusterState.Proc proc = new ClusterState.Proc("demo.web.web", instances,
                List.of(new BackupSpec("demo.web.web", "/data", schedule, "", BackupMode.FULL, "", "")));
        ClusterState.App app = new ClusterState.App("demo", "demo.yaml", new TreeMap<>(Map.of(proc.fullName(), proc)));
        return new ClusterState(nodes, new TreeMap<>(Map.of("demo", app)), List.of());
    }

    private String plannedVersion(String node) {
        return JobSet.of(dispatcher.planned().get(node)).version();
    }

    @Test
    void firstStateRegistersNotifyAndPushesEveryNode() throws IOException {
        FakeDaemon a = daemon(A);
        FakeDaemon b = daemon(B);
        dispatcher(Duration.ofMinutes(1)).accept(state(List.of(A, B), "0 1 * * *", List.of(A, B, A)));

        Await.until("both nodes pushed", WAIT, () -> a.pushedVersions.size() == 1 && b.pushedVersions.size() == 1);

        assertThat(a.notifyAddrs).containsExactly(NOTIFY);
        assertThat(b.notifyAddrs).containsExactly(NOTIFY);
        assertThat(a.pushedVersions).containsExactly(plannedVersion(A));
        assertThat(b.pushedVersions).containsExactly(plannedVersion(B));
        assertThat(dispatcher.planned().get(A)).hasSize(3).last().extracting(Job::action).isEqualTo("backup_expire");
        assertThat(dispatcher.planned().get(B)).hasSize(2);
        Await.until("status reachable", WAIT, () -> dispatcher.nodes().get(A).reachable() && dispatcher.nodes().get(B).reachable());
    }

    @Test
    void onlyNodesWhoseJobSetChangedArePushed() throws IOException {
        FakeDaemon a = daemon(A);
        FakeDaemon b = daemon(B);
        dispatcher(Duration.ofMinutes(1)).accept(state(List.of(A, B), "0 1 * * *", List.of(A, B)));
        Await.until("first pushes", WAIT, () -> a.pushedVersions.size() == 1 && b.pushedVersions.size() == 1);

        // a third instance lands on B; A's jobs are unchanged
        dispatcher.accept(state(List.of(A, B), "0 1 * * *", List.of(A, B, B)));
        Await.until("B re-pushed", WAIT, () -> b.pushedVersions.size() == 2);
        // the same state again changes nothing anywhere
        dispatcher.accept(state(List.of(A, B), "0 1 * * *", List.of(A, B, B)));

        Await.until("B's status current", WAIT, () -> plannedVersion(B).equals(dispatcher.nodes().get(B).pushedVersion()));
        assertThat(a.pushedVersions).hasSize(1);
        assertThat(b.pushedVersions).hasSize(2).last().isEqualTo(plannedVersion(B));
        assertThat(b.pushedVersions.get(0)).isNotEqualTo(b.pushedVersions.get(1));
    }

    @Test
    void aNodeThatLeftThePlanIsSentAnEmptyJobSet() throws IOException {
        FakeDaemon a = daemon(A);
        FakeDaemon b = daemon(B);
        dispatcher(Duration.ofMinutes(1)).accept(state(List.of(A, B), "0 1 * * *", List.of(A, B)));
        Await.until("first pushes", WAIT, () -> a.pushedVersions.size() == 1 && b.pushedVersions.size() == 1);

        dispatcher.accept(state(List.of(A), "0 1 * * *", List.of(A)));

        Await.until("B emptied", WAIT, () -> b.pushedVersions.size() == 2);
        assertThat(b.pushedVersions.get(1)).isEqualTo(JobSet.of(List.of()).version());
    }

    @Test
    void reconcileRePushesOnlyWhenTheDaemonsVersionDiffers() throws IOException {
        FakeDaemon a = daemon(A);
        dispatcher(Duration.ofMillis(50)).accept(state(List.of(A), "0 1 * * *", List.of(A)));
        dispatcher.start();
        Await.until("first push", WAIT, () -> a.pushedVersions.size() == 1);

        Await.until("several reconciles", WAIT, () -> a.debugCalls.get() >= 3);
        assertThat(a.pushedVersions).as("versions match: no re-push").hasSize(1);
        assertThat(a.notifyAddrs.size()).as("notify re-registered on reconcile").isGreaterThanOrEqualTo(3);

        a.forget();

        Await.until("re-push after the daemon lost its jobs", WAIT, () -> a.pushedVersions.size() == 2);
        assertThat(a.pushedVersions.get(1)).isEqualTo(a.pushedVersions.get(0));
    }

    @Test
    void anUnreachableNodeIsRetriedAndNeverBlocksTheOthers() throws IOException {
        FakeDaemon a = daemon(A);
        FakeDaemon down = new FakeDaemon();
        int port = down.url().port();
        urls.put(C, down.url());
        down.close();
        dispatcher(Duration.ofMinutes(1)).accept(state(List.of(A, C), "0 1 * * *", List.of(A, C)));

        Await.until("A pushed", WAIT, () -> a.pushedVersions.size() == 1);
        Await.until("C marked unreachable", WAIT, () -> dispatcher.nodes().get(C).lastError() != null);
        NodeStatus c = dispatcher.nodes().get(C);
        assertThat(c.reachable()).isFalse();
        assertThat(c.lastError()).contains(C);
        assertThat(c.pushedVersion()).isNull();

        FakeDaemon back = new FakeDaemon(port);
        toClose.add(back);

        Await.until("C pushed once it is back", WAIT, () -> back.pushedVersions.size() == 1);
        assertThat(back.notifyAddrs).contains(NOTIFY);
        Await.until("C reachable", WAIT, () -> dispatcher.nodes().get(C).reachable());
    }

    @Test
    void backoffGrowsToTheCap() {
        dispatcher(Duration.ofMinutes(1));
        assertThat(dispatcher.backoff(1)).isEqualTo(Duration.ofMillis(50));
        assertThat(dispatcher.backoff(2)).isEqualTo(Duration.ofMillis(100));
        assertThat(dispatcher.backoff(3)).isEqualTo(Duration.ofMillis(200));
        assertThat(dispatcher.backoff(60)).isEqualTo(Duration.ofMillis(200));
    }

    @Test
    void versionIgnoresOrderAndSleep() {
        var jobs = new Planner().plan(state(List.of(A), "0 1 * * *", List.of(A, A))).get(A);
        var reversed = new java.util.ArrayList<>(jobs);
        java.util.Collections.reverse(reversed);
        assertThat(JobSet.of(reversed).version()).isEqualTo(JobSet.of(jobs).version());
        assertThat(JobSet.of(List.of(jobs.get(0).withSleep(true), jobs.get(1), jobs.get(2))).version()).isEqualTo(JobSet.of(jobs).version());
        assertThat(JobSet.of(jobs.subList(0, 1)).version()).isNotEqualTo(JobSet.of(jobs).version());
    }

    @Test
    void aSleepDoneThroughTheControllerSurvivesARePushAndARestart() throws Exception {
        FakeDaemon a = daemon(A);
        ClusterState state = state(List.of(A), "0 1 * * *", List.of(A));
        dispatcher(Duration.ofMillis(50)).accept(state);
        dispatcher.start();
        Await.until("first push", WAIT, () -> a.pushedVersions.size() == 1);
        String id = dispatcher.planned().get(A).get(0).id();
        assertThat(a.lastPushedSleep(id)).isFalse();

        sleeps.set(id, true);
        assertThat(dispatcher.planned().get(A).get(0).sleep()).as("the plan shows it").isTrue();
        a.forget();
        Await.until("re-push after the daemon lost its jobs", WAIT, () -> a.pushedVersions.size() == 2);
        assertThat(a.lastPushedSleep(id)).as("pushed asleep").isTrue();
        assertThat(a.lastPushedSleep(dispatcher.planned().get(A).get(1).id())).as("the expire job stays awake").isFalse();

        // a controller restart: the same database, a new dispatcher, a daemon that starts empty
        dispatcher.close();
        db.close();
        db = null;
        FakeDaemon fresh = daemon(A);
        dispatcher(Duration.ofMinutes(1)).accept(state);
        Await.until("push after the restart", WAIT, () -> fresh.pushedVersions.size() == 1);
        assertThat(fresh.lastPushedSleep(id)).isTrue();

        sleeps.set(id, false);
        assertThat(sleeps.sleeping(id)).isFalse();
    }

    @Test
    void aNodeThatLeftThePlanIsForgottenAfterItsEmptyJobSet() throws IOException {
        FakeDaemon a = daemon(A);
        FakeDaemon b = daemon(B);
        dispatcher(Duration.ofMinutes(1)).accept(state(List.of(A, B), "0 1 * * *", List.of(A, B)));
        Await.until("first pushes", WAIT, () -> a.pushedVersions.size() == 1 && b.pushedVersions.size() == 1);

        dispatcher.accept(state(List.of(A), "0 1 * * *", List.of(A)));

        Await.until("B emptied and forgotten", WAIT, () -> b.pushedVersions.size() == 2 && !dispatcher.nodes().containsKey(B));
        assertThat(dispatcher.planned()).containsOnlyKeys(A);
    }

    @Test
    void aLeavingNodeThatNeverAnswersIsForgottenAfterAFewAttempts() throws IOException {
        FakeDaemon a = daemon(A);
        FakeDaemon c = daemon(C);
        dispatcher(Duration.ofMinutes(1)).accept(state(List.of(A, C), "0 1 * * *", List.of(A, C)));
        Await.until("first pushes", WAIT, () -> a.pushedVersions.size() == 1 && c.pushedVersions.size() == 1);
        c.close();

        dispatcher.accept(state(List.of(A), "0 1 * * *", List.of(A)));

        Await.until("C forgotten", WAIT, () -> !dispatcher.nodes().containsKey(C));
        assertThat(dispatcher.nodes()).containsOnlyKeys(A);
    }
}
