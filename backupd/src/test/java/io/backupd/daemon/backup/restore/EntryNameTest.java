package io.backupd.daemon.backup.restore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EntryNameTest {
    @Test
    void dropsEmptyAndDotComponents() throws Refusal {
        assertThat(EntryName.components("./a//b/./c/", 4096)).containsExactly("a", "b", "c");
        assertThat(EntryName.components("./", 4096)).isEmpty();
        assertThat(EntryName.components("..a/b..", 4096)).containsExactly("..a", "b..");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/x", "////x", "../x", "a/../../x", "a/..", "a\0b"})
    void refusesEscapingOrMalformedNames(String name) {
        assertThatThrownBy(() -> EntryName.components(name, 4096)).isInstanceOf(Refusal.class);
    }

    @Test
    void boundsTheNameAndEachComponent() throws Refusal {
        assertThatThrownBy(() -> EntryName.components("a".repeat(11), 10)).hasMessageContaining("11 bytes long");
        assertThatThrownBy(() -> EntryName.components("é".repeat(128), 4096)).hasMessageContaining("longer than 255");
        assertThat(EntryName.components("é".repeat(127), 4096)).hasSize(1);
    }

    @Test
    void displaysControlsEscapedAndLongNamesShortened() {
        assertThat(EntryName.display("a\0b\nc")).isEqualTo("a\\0b\\x0ac");
        assertThat(EntryName.display("x".repeat(5000))).hasSizeLessThan(200).endsWith("... (5000 chars)");
        assertThat(List.of(EntryName.display(null))).containsExactly("");
    }
}
