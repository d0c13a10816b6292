package io.backupd.daemon.backup.increment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.backupd.common.error.BackupException;
import java.util.List;
import org.junit.jupiter.api.Test;

class PathSelectorTest {
    @Test
    void starSelectsEverything() {
        PathSelector s = PathSelector.of(List.of("*"));
        assertThat(s.selects("a")).isTrue();
        assertThat(s.selects("a/b/c.txt")).isTrue();
    }

    @Test
    void nameGlobMatchesAtAnyDepth() {
        PathSelector s = PathSelector.of(List.of("*.log"));
        assertThat(s.selects("x.log")).isTrue();
        assertThat(s.selects("dir/sub/y.log")).isTrue();
        assertThat(s.selects("dir/sub/y.log.1")).isFalse();
        assertThat(s.selects("dir")).isFalse();
    }

    @Test
    void pathGlobWithDoubleStarSelectsSubtree() {
        PathSelector s = PathSelector.of(List.of("dir/**"));
        assertThat(s.selects("dir/a")).isTrue();
        assertThat(s.selects("dir/a/b")).isTrue();
        assertThat(s.selects("dirx/a")).isFalse();
        assertThat(s.selects("other/dir/a")).isFalse();
    }

    @Test
    void singleStarStaysInOneSegment() {
        PathSelector s = PathSelector.of(List.of("app/*/x.txt"));
        assertThat(s.selects("app/d1/x.txt")).isTrue();
        assertThat(s.selects("app/d1/d2/x.txt")).isFalse();
    }

    @Test
    void exactPathSelectsItselfAndBelowOnly() {
        PathSelector s = PathSelector.of(List.of("/dir/sub/"));
        assertThat(s.selects("dir/sub")).isTrue();
        assertThat(s.selects("dir/sub/c.log")).isTrue();
        assertThat(s.selects("dir/subway")).isFalse();
        assertThat(s.selects("dir")).isFalse();
    }

    @Test
    void refusesDotDotAndEmpty() {
        assertThatThrownBy(() -> PathSelector.of(List.of("../etc"))).isInstanceOf(BackupException.class);
        assertThatThrownBy(() -> PathSelector.of(List.of())).isInstanceOf(BackupException.class);
        assertThatThrownBy(() -> PathSelector.of(List.of(" "))).isInstanceOf(BackupException.class);
    }
}
