package io.backupd.ctl.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.backupd.common.error.BackupException;
import io.backupd.common.spec.LainYamlParser;
import io.backupd.ctl.Fixtures;
import io.backupd.ctl.plan.Planner;
import io.backupd.testing.Await;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectorySourceTest {
    private static final List<String> NODES = List.of("10.0.0.1", "10.0.0.2", "10.0.0.3");
    private static final String DEMO = """
            appname: demo
            web:
              num_instances: %d
              volumes:
                - /data:
                    backup_full:
                      schedule: "0 1 * * *"
            """;

    @TempDir
    Path apps;
    private DirectorySource source;

    @AfterEach
    void close() {
        if (source != null) {
            source.close();
        }
    }

    private DirectorySource open(Duration poll) {
        source = new DirectorySource(apps, NODES, new LainYamlParser(), poll);
        return source;
    }

    @Test
    void initialScanPlacesInstancesRoundRobin() throws IOException {
        Fixtures.copy("/apps/hello.lain.yaml", apps, "hello.lain.yaml");
        Files.writeString(apps.resolve("demo.yml"), DEMO.formatted(4));
        Files.writeString(apps.resolve("notes.txt"), "not yaml, not read");

        ClusterState state = open(Duration.ofMinutes(1)).current();

        assertThat(state.apps()).containsOnlyKeys("demo", "hello");
        assertThat(state.problems()).isEmpty();
        assertThat(state.nodes()).isEqualTo(NODES);
        ClusterState.Proc demoWeb = state.apps().get("demo").procs().get("demo.web.web");
        assertThat(demoWeb.instances()).extracting(ClusterState.Instance::nodeIp)
                .containsExactly("10.0.0.1", "10.0.0.2", "10.0.0.3", "10.0.0.1");
        assertThat(demoWeb.instances()).extracting(ClusterState.Instance::instanceNo).containsExactly(1, 2, 3, 4);
        assertThat(demoWeb.instances()).allSatisfy(i -> assertThat(i.containers()).isEmpty());
        assertThat(state.apps().get("hello").procs()).containsOnlyKeys("hello.web.web", "hello.worker.worker");
        assertThat(state.apps().get("hello").source()).isEqualTo("hello.lain.yaml");
    }

    @Test
    void editIsPickedUpByRefreshAndListenersHearOnce() throws IOException {
        Files.writeString(apps.resolve("demo.yaml"), DEMO.formatted(1));
        open(Duration.ofMinutes(1));
        List<ClusterState> heard = new CopyOnWriteArrayList<>();
        source.addListener(heard::add);

        assertThat(source.refresh()).as("nothing changed yet").isFalse();
        Files.writeString(apps.resolve("demo.yaml"), DEMO.formatted(3));
        assertThat(source.refresh()).isTrue();
        assertThat(source.refresh()).isFalse();

        assertThat(heard).hasSize(1);
        assertThat(heard.get(0).apps().get("demo").procs().get("demo.web.web").instances()).hasSize(3);
        assertThat(source.current()).isEqualTo(heard.get(0));
    }

    @Test
    void badFilesAreProblemsWhileGoodAppsStillPlan() throws IOException {
        Fixtures.copy("/apps/hello.lain.yaml", apps, "hello.lain.yaml");
        Fixtures.copy("/apps/bad/bad-schedule.lain.yaml", apps, "bad-schedule.lain.yaml");
        Fixtures.copy("/apps/bad/unknown-key.lain.yaml", apps, "unknown-key.lain.yaml");
        Fixtures.copy("/apps/bad/bad-format.lain.yaml", apps, "bad-format.lain.yaml");
        Files.writeString(apps.resolve("broken.yaml"), "appname: [unclosed");

        ClusterState state = open(Duration.ofMinutes(1)).current();

        assertThat(state.apps()).containsOnlyKeys("hello");
        assertThat(state.problems()).extracting(ClusterState.Problem::source)
                .containsExactlyInAnyOrder("bad-schedule.lain.yaml", "unknown-key.lain.yaml", "bad-format.lain.yaml", "broken.yaml");
        assertThat(state.problems()).filteredOn(p -> p.source().equals("bad-schedule.lain.yaml"))
                .singleElement().satisfies(p -> assertThat(p.message()).contains("badsched").contains("schedule"));
        assertThat(state.problems()).filteredOn(p -> p.source().equals("bad-format.lain.yaml"))
                .singleElement().satisfies(p -> assertThat(p.message()).contains("badformat", "backup_full.format", "'zip'"));
        assertThat(new Planner().plan(state).values().stream().flatMap(List::stream).filter(j -> j.action().equals("backup")).count())
                .isEqualTo(4);
    }

    @Test
    void aPerSecondScheduleIsAProblemNamingAppProcVolumeAndField() throws IOException {
        Fixtures.copy("/apps/hello.lain.yaml", apps, "hello.lain.yaml");
        Files.writeString(apps.resolve("often.yaml"), """
                appname: often
                web:
                  volumes:
                    - /data:
                        backup_full:
                          schedule: "* * * * * *"
                """);

        ClusterState state = open(Duration.ofMinutes(1)).current();

        assertThat(state.apps()).containsOnlyKeys("hello");
        assertThat(state.problems()).singleElement().satisfies(p -> {
            assertThat(p.source()).isEqualTo("often.yaml");
            assertThat(p.message()).contains("app often", "proc web", "volume /data", "field backup_full.schedule",
                    "at most once every 1m");
        });
    }

    @Test
    void secondFileOfTheSameAppIsSkipped() throws IOException {
        Files.writeString(apps.resolve("a.yaml"), DEMO.formatted(1));
        Files.writeString(apps.resolve("b.yaml"), DEMO.formatted(2));

        ClusterState state = open(Duration.ofMinutes(1)).current();

        assertThat(state.apps().get("demo").source()).isEqualTo("a.yaml");
        assertThat(state.problems()).singleElement().satisfies(p -> {
            assertThat(p.source()).isEqualTo("b.yaml");
            assertThat(p.message()).contains("already declared in a.yaml");
        });
    }

    @Test
    void removedFileRemovesItsApp() throws IOException {
        Fixtures.copy("/apps/hello.lain.yaml", apps, "hello.lain.yaml");
        Files.writeString(apps.resolve("demo.yaml"), DEMO.formatted(1));
        open(Duration.ofMinutes(1));
        assertThat(source.current().apps()).containsOnlyKeys("demo", "hello");

        Files.delete(apps.resolve("hello.lain.yaml"));
        assertThat(source.refresh()).isTrue();

        assertThat(source.current().apps()).containsOnlyKeys("demo");
    }

    @Test
    void pollingPicksUpANewFileWithoutRefresh() throws IOException {
        open(Duration.ofMillis(50)).start();
        List<ClusterState> heard = new CopyOnWriteArrayList<>();
        source.addListener(heard::add);

        Files.writeString(apps.resolve("demo.yaml"), DEMO.formatted(1));

        // the state is current a moment before its listeners hear of it: wait for the listener
        Await.until("the poller to see demo.yaml and tell its listener", Duration.ofSeconds(20),
                () -> heard.stream().anyMatch(state -> state.apps().containsKey("demo")));
        assertThat(source.current().apps()).containsKey("demo");
    }

    @Test
    void aMissingFolderIsAProblemNotACrash() {
        apps = apps.resolve("missing");
        assertThat(open(Duration.ofMinutes(1)).current().problems()).singleElement()
                .satisfies(p -> assertThat(p.message()).contains("cannot list"));
    }

    @Test
    void noNodesIsRefused() {
        assertThatThrownBy(() -> new DirectorySource(apps, List.of(), new LainYamlParser(), Duration.ofSeconds(1)))
                .isInstanceOf(BackupException.class).hasMessageContaining("at least one node");
    }
}
