package io.backupd.ctl.db;

import static io.backupd.ctl.db.CommitJournal.PAGE_SIZE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mapdb.DBException;

class JournaledVolumeTest {
    @TempDir
    Path dir;

    private Path file() {
        return dir.resolve("store.db");
    }

    private static byte[] filled(int value) {
        byte[] page = new byte[PAGE_SIZE];
        Arrays.fill(page, (byte) value);
        return page;
    }

    /** A file of three pages holding 1, 2 and 3, committed through the volume. */
    private void threePages() {
        JournaledVolume volume = JournaledVolume.open(file());
        try {
            for (int n = 0; n < 3; n++) {
                volume.putData((long) n * PAGE_SIZE, filled(n + 1), 0, PAGE_SIZE);
            }
            volume.sync();
        } finally {
            volume.close();
        }
    }

    @Test
    void writesAreReadBackAtOnceButLastOnlyWhenSynced() {
        JournaledVolume volume = JournaledVolume.open(file());
        volume.ensureAvailable(2 * PAGE_SIZE);
        volume.putLong(PAGE_SIZE - 4, 0x0102030405060708L); // across a page boundary
        assertThat(volume.getLong(PAGE_SIZE - 4)).isEqualTo(0x0102030405060708L);
        assertThat(file()).isEmptyFile();
        volume.sync();
        volume.putInt(16, 42);
        volume.close();

        JournaledVolume reopened = JournaledVolume.open(file());
        try {
            assertThat(reopened.length()).isEqualTo(2 * PAGE_SIZE);
            assertThat(reopened.getLong(PAGE_SIZE - 4)).isEqualTo(0x0102030405060708L);
            assertThat(reopened.getInt(16)).as("written after the last sync").isZero();
        } finally {
            reopened.close();
        }
        assertThat(JournaledVolume.journalPath(file())).as("removed on a clean close").doesNotExist();
    }

    @Test
    void aCompleteJournalIsFinishedOnOpenEvenIfTheFileGotHalfOfIt() throws Exception {
        threePages();
        var pages = new TreeMap<Long, byte[]>();
        pages.put(0L, filled(7));
        pages.put(2L, filled(9));
        pages.put(3L, filled(11));
        try (CommitJournal journal = new CommitJournal(JournaledVolume.journalPath(file()))) {
            journal.write(new CommitJournal.Commit(4L * PAGE_SIZE, pages));
        }
        try (RandomAccessFile raw = new RandomAccessFile(file().toFile(), "rw")) {
            raw.write(filled(7)); // the crash came after the first page was copied
        }

        JournaledVolume volume = JournaledVolume.open(file());
        try {
            assertThat(volume.length()).isEqualTo(4L * PAGE_SIZE);
            for (long[] expect : new long[][] {{0, 7}, {1, 2}, {2, 9}, {3, 11}}) {
                assertThat(volume.getByte(expect[0] * PAGE_SIZE + 100)).as("page %d", expect[0]).isEqualTo((byte) expect[1]);
            }
            assertThat(JournaledVolume.journalPath(file())).isEmptyFile();
        } finally {
            volume.close();
        }
    }

    /** The three pages, then a complete journal that would set page 1 to 8 — before the test damages it. */
    private Path threePagesAndAJournalOverwritingPageOne() throws Exception {
        threePages();
        var pages = new TreeMap<Long, byte[]>();
        pages.put(1L, filled(8));
        Path journalPath = JournaledVolume.journalPath(file());
        try (CommitJournal journal = new CommitJournal(journalPath)) {
            journal.write(new CommitJournal.Commit(3L * PAGE_SIZE, pages));
        }
        return journalPath;
    }

    @Test
    void aTornJournalIsDroppedAndTheFileKeepsTheCommitBefore() throws Exception {
        Path journalPath = threePagesAndAJournalOverwritingPageOne();
        byte[] whole = Files.readAllBytes(journalPath);
        Files.write(journalPath, Arrays.copyOf(whole, whole.length - 100)); // the crash came while writing it

        JournaledVolume volume = JournaledVolume.open(file());
        try {
            assertThat(volume.getByte(PAGE_SIZE + 5)).isEqualTo((byte) 2);
            assertThat(journalPath).isEmptyFile();
        } finally {
            volume.close();
        }
    }

    @Test
    void aJournalWithAFlippedByteIsDropped() throws Exception {
        Path journalPath = threePagesAndAJournalOverwritingPageOne();
        byte[] bytes = Files.readAllBytes(journalPath);
        bytes[40] ^= 1;
        Files.write(journalPath, bytes);

        assertThat(JournaledVolume.holdsStore(dir.resolve("absent.db"))).isFalse();
        JournaledVolume volume = JournaledVolume.open(file());
        try {
            assertThat(volume.getByte(PAGE_SIZE + 5)).isEqualTo((byte) 2);
        } finally {
            volume.close();
        }
    }

    @Test
    void aSecondOpenOfTheSameFileIsRefused() {
        JournaledVolume volume = JournaledVolume.open(file());
        try {
            assertThatThrownBy(() -> JournaledVolume.open(file())).isInstanceOf(DBException.FileLocked.class);
        } finally {
            volume.close();
        }
    }

    @Test
    void truncateDropsPagesPastTheEndAndZeroesTheTail() {
        threePages();
        JournaledVolume volume = JournaledVolume.open(file());
        volume.truncate(PAGE_SIZE + 10);
        volume.sync();
        volume.close();
        JournaledVolume reopened = JournaledVolume.open(file());
        try {
            assertThat(reopened.length()).isEqualTo(PAGE_SIZE + 10);
            assertThat(reopened.getByte(PAGE_SIZE + 9)).isEqualTo((byte) 2);
        } finally {
            reopened.close();
        }
        assertThat(file()).hasSize(PAGE_SIZE + 10);
    }
}
