package io.backupd.ctl.cluster.etcd;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.backupd.common.spec.AnnotationParser;
import java.util.List;
import org.junit.jupiter.api.Test;

class PodGroupStateTest {
    private static final String WEB = Fixtures.key("hello.web.web");
    private static final String BROKEN = Fixtures.key("broken.web.web");

    private final PodGroupState state = new PodGroupState(new PodGroupParser(Fixtures.PREFIX, new AnnotationParser()));

    @Test
    void aListingHoldsGroupsAndProblems() {
        List<PodGroupState.Entry> all = Fixtures.PROCS.stream()
                .map(p -> new PodGroupState.Entry(Fixtures.key(p), Fixtures.bytes(p), 2)).toList();

        assertThat(state.replaceAll(all, 10)).isTrue();

        Snapshot snapshot = state.snapshot();
        assertThat(snapshot.groups()).containsOnlyKeys(WEB, Fixtures.key("hello.worker.worker"), Fixtures.key("plain.web.web"));
        assertThat(snapshot.problems()).containsOnlyKeys(BROKEN);
        assertThat(snapshot.revision()).isEqualTo(10);
        assertThat(state.replaceAll(all, 11)).as("the same listing again changes nothing").isFalse();
    }

    @Test
    void eventsNoNewerThanTheListingOrTheHeldValueAreIgnored() {
        state.replaceAll(List.of(entry(WEB, "hello.web.web", 5)), 8);

        assertThat(state.put(entry(WEB, "hello.worker.worker", 7))).as("older than the listing").isFalse();
        assertThat(state.put(entry(WEB, "hello.web.web", 9))).isTrue();
        assertThat(state.put(entry(WEB, "broken.web.web", 9))).as("same revision twice").isFalse();
        assertThat(state.delete(WEB, 9)).isFalse();
        assertThat(state.snapshot().groups().get(WEB).modRevision()).isEqualTo(9);
        assertThat(state.revision()).isEqualTo(9);
    }

    @Test
    void aDeleteRemovesAGroupOrAProblem() {
        state.replaceAll(List.of(entry(WEB, "hello.web.web", 2), entry(BROKEN, "broken.web.web", 3)), 3);

        assertThat(state.delete(WEB, 4)).isTrue();
        assertThat(state.delete(BROKEN, 5)).isTrue();
        assertThat(state.delete(BROKEN, 6)).as("already gone").isFalse();

        assertThat(state.snapshot().groups()).isEmpty();
        assertThat(state.snapshot().problems()).isEmpty();
    }

    @Test
    void aFixedValueClearsItsProblemAndABrokenOneReplacesItsGroup() {
        state.replaceAll(List.of(), 1);

        state.put(entry(BROKEN, "broken.web.web", 2));
        assertThat(state.snapshot().problems()).containsKey(BROKEN);

        String fixed = Fixtures.text("plain.web.web").replace("plain.web.web", "broken.web.web");
        state.put(new PodGroupState.Entry(BROKEN, fixed.getBytes(UTF_8), 3));
        assertThat(state.snapshot().problems()).isEmpty();
        assertThat(state.snapshot().groups()).containsKey(BROKEN);

        state.put(new PodGroupState.Entry(BROKEN, "nope".getBytes(UTF_8), 4));
        assertThat(state.snapshot().groups()).isEmpty();
        assertThat(state.snapshot().problems().get(BROKEN)).startsWith(BROKEN + ": value is not a deployd pod group");
    }

    @Test
    void aSnapshotDoesNotChangeWithTheState() {
        state.replaceAll(List.of(entry(WEB, "hello.web.web", 2)), 2);
        Snapshot before = state.snapshot();

        state.delete(WEB, 3);

        assertThat(before.groups()).containsKey(WEB);
    }

    private static PodGroupState.Entry entry(String key, String fixture, long modRevision) {
        return new PodGroupState.Entry(key, Fixtures.bytes(fixture), modRevision);
    }
}
