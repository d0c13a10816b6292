package io.backupd.ctl.cluster.etcd;

import static org.assertj.core.api.Assertions.assertThat;

import io.backupd.common.spec.AnnotationParser;
import io.backupd.ctl.cluster.ClusterState;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class SnapshotConversionTest {
    private final PodGroupParser parser = new PodGroupParser(Fixtures.PREFIX, new AnnotationParser());

    private Snapshot fixtures() {
        Map<String, PodGroup> groups = new TreeMap<>();
        for (String proc : List.of("hello.web.web", "hello.worker.worker", "plain.web.web")) {
            groups.put(Fixtures.key(proc), parser.parse(Fixtures.key(proc), Fixtures.bytes(proc), 5));
        }
        return new Snapshot(new TreeMap<>(groups), new TreeMap<>(Map.of(Fixtures.key("broken.web.web"), "broken: not JSON")), 9);
    }

    @Test
    void instancesRunOnTheNodeOfTheirContainers() {
        ClusterState state = SnapshotConversion.toState(fixtures(), Fixtures.PREFIX);

        assertThat(state.nodes()).containsExactly("127.0.0.2", "127.0.0.3");
        assertThat(state.apps()).containsOnlyKeys("hello", "plain");
        ClusterState.Proc worker = state.apps().get("hello").procs().get("hello.worker.worker");
        assertThat(worker.instances()).containsExactly(
                new ClusterState.Instance(1, "127.0.0.2", List.of(new ClusterState.Container("c0ffee02a1b2", "127.0.0.2"))),
                new ClusterState.Instance(2, "127.0.0.3", List.of(new ClusterState.Container("c0ffee03a1b2", "127.0.0.3"))));
        assertThat(worker.backups()).singleElement().satisfies(spec -> assertThat(spec.volume()).isEqualTo("/data/queue"));
        assertThat(state.apps().get("hello").source()).isEqualTo("etcd " + Fixtures.PREFIX + "hello/");
        assertThat(state.apps().get("plain").procs().get("plain.web.web").backups()).isEmpty();
        assertThat(state.problems()).containsExactly(new ClusterState.Problem(Fixtures.key("broken.web.web"), "broken: not JSON"));
    }

    @Test
    void unplacedOrBadlyPlacedInstancesAreProblemsNotJobs() {
        String value = Fixtures.text("hello.worker.worker").replace("\"127.0.0.3\"", "\"\"").replace("\"127.0.0.2\"", "\"node-one\"");
        PodGroup group = parser.parse(Fixtures.key("hello.worker.worker"), value.getBytes(java.nio.charset.StandardCharsets.UTF_8), 3);
        Snapshot snapshot = new Snapshot(new TreeMap<>(Map.of(Fixtures.key("hello.worker.worker"), group)), new TreeMap<>(), 3);

        ClusterState state = SnapshotConversion.toState(snapshot, Fixtures.PREFIX);

        assertThat(state.apps().get("hello").procs().get("hello.worker.worker").instances()).isEmpty();
        assertThat(state.nodes()).isEmpty();
        assertThat(state.problems()).extracting(ClusterState.Problem::message)
                .anySatisfy(m -> assertThat(m).contains("instance 1").contains("node-one"))
                .anySatisfy(m -> assertThat(m).contains("instance 2").contains("no NodeIp"));
    }
}
