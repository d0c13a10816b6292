package io.backupd.ctl.cluster.etcd;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.backupd.ctl.cluster.ClusterState;
import io.backupd.testing.Await;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The controller's etcd source against a real etcd: fixtures → cluster state, changes, etcd going away. */
class EtcdSourceTest {
    private static final Duration DEADLINE = Duration.ofSeconds(15);
    private static EtcdServer etcd;
    private static Client client;

    @BeforeAll
    static void startEtcd() throws Exception {
        etcd = EtcdServer.launch();
        client = EtcdClients.connect(etcd.endpoint());
        for (String proc : Fixtures.PROCS) {
            client.getKVClient().put(bytes(Fixtures.key(proc)), bytes(Fixtures.text(proc))).get(10, TimeUnit.SECONDS);
        }
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

    @Test
    void podGroupsBecomeTheClusterStateAndEtcdGoingAwayKeepsIt() throws Exception {
        List<ClusterState> seen = new CopyOnWriteArrayList<>();
        EtcdWatcherConfig config = EtcdWatcherConfig.defaults().withBackoff(Duration.ofMillis(50), Duration.ofMillis(500))
                .withRequestTimeout(Duration.ofSeconds(2));
        try (EtcdSource source = EtcdSource.connect(etcd.endpoint(), config)) {
            assertThat(source.current().apps()).as("empty before the first listing").isEmpty();
            source.addListener(seen::add);
            source.start();
            Await.until("the fixtures are listed", DEADLINE, () -> source.current().apps().containsKey("hello"));

            ClusterState state = source.current();
            assertThat(state.apps()).containsOnlyKeys("hello", "plain");
            assertThat(state.nodes()).containsExactly("127.0.0.2", "127.0.0.3");
            assertThat(state.problems()).singleElement().satisfies(p -> {
                assertThat(p.source()).isEqualTo(Fixtures.key("broken.web.web"));
                assertThat(p.message()).contains("not valid JSON");
            });
            // listeners run on the watcher's thread, after the state they are given is current
            Await.until("the listener has the listed state", DEADLINE, () -> !seen.isEmpty() && seen.get(seen.size() - 1).equals(state));
            Await.until("connected", DEADLINE, () -> source.status().connected());
            assertThat(source.status().kind()).isEqualTo("etcd");
            assertThat(source.status().lastError()).isNull();

            // instance 2 of the worker moves to another node
            client.getKVClient().put(bytes(Fixtures.key("hello.worker.worker")),
                    bytes(Fixtures.text("hello.worker.worker").replace("127.0.0.3", "127.0.0.4"))).get(10, TimeUnit.SECONDS);
            Await.until("the move is seen", DEADLINE, () -> source.current().nodes().contains("127.0.0.4"));
            assertThat(source.current().nodes()).as("plain.web.web stays on .3").containsExactly("127.0.0.2", "127.0.0.3", "127.0.0.4");
            ClusterState moved = source.current();

            etcd.stop();
            try {
                Await.until("the source notices etcd is gone", DEADLINE, () -> !source.status().connected()
                        && source.status().lastError() != null);
                assertThat(source.current()).as("the last state is kept").isEqualTo(moved);
            } finally {
                etcd.start();
            }
            Await.until("connected again", DEADLINE, () -> source.status().connected());
            assertThat(source.current()).isEqualTo(moved);
        }
    }

    private static ByteSequence bytes(String s) {
        return ByteSequence.from(s, UTF_8);
    }
}
