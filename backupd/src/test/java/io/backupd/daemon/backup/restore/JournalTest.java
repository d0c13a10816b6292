package io.backupd.daemon.backup.restore;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalTest {
    @Test
    void roundTripsAndDerivesItsFolders(@TempDir Path tmp) throws Exception {
        JournalStore store = new JournalStore(tmp.resolve("j"));
        Path volume = tmp.resolve("v");
        SwapJournal journal = SwapJournal.staging(volume, "r1").swapping(List.of("a", "new\nline"), List.of("é"));

        store.write(journal);

        assertThat(store.read("r1")).contains(journal);
        assertThat(journal.stagingPath()).isEqualTo(tmp.resolve(".v.restore-r1"));
        assertThat(journal.oldPath()).isEqualTo(tmp.resolve(".v.old-r1"));
        assertThat(store.rids()).containsExactly("r1");
    }

    @Test
    void aJournalPointingElsewhereIsNotActedOn(@TempDir Path tmp) throws Exception {
        RestoreFixture fx = new RestoreFixture(tmp.resolve("host"));
        Path victim = Files.createDirectories(tmp.resolve("victim"));
        Files.writeString(victim.resolve("keep.txt"), "keep");
        Map<String, String> volumeBefore = TreeSnapshot.of(fx.volume);
        SwapJournal honest = SwapJournal.staging(fx.volume, "r1");
        SwapJournal tampered = new SwapJournal(1, "r1", SwapJournal.Phase.COMMITTED, honest.volume(), victim.toString(),
                victim.toString(), List.of(), List.of());
        new JournalStore(fx.journalDir).write(tampered);

        RecoveryReport report = fx.swap(CrashPoint.NONE).recover();

        assertThat(report.allResolved()).isFalse();
        assertThat(report.actions()).singleElement().satisfies(a -> assertThat(a.detail()).contains("inconsistent"));
        assertThat(Files.readString(victim.resolve("keep.txt"))).isEqualTo("keep");
        assertThat(TreeSnapshot.of(fx.volume)).isEqualTo(volumeBefore);
        assertThat(fx.journalFiles()).containsExactly("r1.journal");
    }

    @Test
    void recoveryDeletesTempFilesOfJournalWritesThatNeverLanded(@TempDir Path tmp) throws Exception {
        RestoreFixture fx = new RestoreFixture(tmp);
        Files.writeString(fx.journalDir.resolve("r9.journal.tmp"), "{\"half");

        assertThat(fx.swap(CrashPoint.NONE).recover().actions()).isEmpty();
        assertThat(fx.journalFiles()).isEmpty();
    }

    @Test
    void namesOfVeryLongVolumesStayUnderNameMax(@TempDir Path tmp) {
        Path volume = tmp.resolve("v".repeat(255));

        assertThat(SwapJournal.stagingOf(volume, "r".repeat(64)).getFileName().toString()).hasSizeLessThanOrEqualTo(255);
    }
}
