package io.backupd.daemon.backup.increment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PathOrderTest {
    @Test
    void directoryPrecedesItsSubtreeWhichIsContiguous() {
        List<String> paths = new ArrayList<>(List.of("a-b", "a/b", "a", "a/b/c", "a.txt", "a/z", "b"));
        paths.sort(PathOrder.COMPARATOR);
        assertThat(paths).containsExactly("a", "a/b", "a/b/c", "a/z", "a-b", "a.txt", "b");
    }

    @Test
    void withinIsSegmentWise() {
        assertThat(PathOrder.within("a/b", "a")).isTrue();
        assertThat(PathOrder.within("a", "a")).isTrue();
        assertThat(PathOrder.within("ab", "a")).isFalse();
        assertThat(PathOrder.within("x", "")).isTrue();
    }
}
