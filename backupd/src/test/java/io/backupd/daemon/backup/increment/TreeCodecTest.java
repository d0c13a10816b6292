package io.backupd.daemon.backup.increment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TreeCodecTest {
    private static List<TreeEntry> entries() {
        Random r = new Random(1);
        ChunkId a = new ChunkId(r.nextLong(), r.nextLong(), r.nextLong(), r.nextLong());
        ChunkId b = new ChunkId(r.nextLong(), r.nextLong(), r.nextLong(), r.nextLong());
        return List.of(
                new TreeEntry("app", EntryType.DIR, 0755, 0, 0, 1_700_000_000_123_456_789L, 1_700_000_000_123_456_789L,
                        0, 11, 2049, null, List.of()),
                new TreeEntry("app/große datei.bin", EntryType.FILE, 04755, 4_000_000_000L > 0 ? -294_967_296 : 0, 7,
                        -1_000L, 1_800_000_000_000_000_001L, 12_345_678_901L, Long.MAX_VALUE, 2049, null,
                        List.of(a, b, a)),
                new TreeEntry("app/link", EntryType.SYMLINK, 0777, 1, 1, 0, Long.MAX_VALUE, 0, 13, 2049,
                        "../elsewhere/✓", List.of()),
                new TreeEntry("b", EntryType.FILE, 0600, 0, 0, Long.MAX_VALUE, Long.MIN_VALUE + 1, 0, 14, 2049, null,
                        List.of()));
    }

    private static byte[] encode(List<TreeEntry> entries) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (TreeCodec.Writer w = new TreeCodec.Writer(out)) {
            for (TreeEntry e : entries) {
                w.write(e);
            }
        }
        return out.toByteArray();
    }

    private static List<TreeEntry> decode(byte[] bytes) throws IOException {
        List<TreeEntry> out = new ArrayList<>();
        try (TreeCodec.Reader r = new TreeCodec.Reader(new ByteArrayInputStream(bytes))) {
            for (TreeEntry e = r.next(); e != null; e = r.next()) {
                out.add(e);
            }
        }
        return out;
    }

    @Test
    void entriesRoundTripWithPrefixSharedPathsUnsignedIdsAndNegativeTimes() throws IOException {
        byte[] bytes = encode(entries());
        assertThat(Arrays.copyOf(bytes, 5)).isEqualTo(new byte[] {'B', 'D', 'T', 'R', 1});
        assertThat(decode(bytes)).isEqualTo(entries());
    }

    @Test
    void fieldsAppendedByALaterVersionAreSkipped() throws IOException {
        TreeEntry e = new TreeEntry("x", EntryType.FILE, 0644, 0, 0, 1, 2, 0, 1, 1, null, List.of());
        byte[] one = encode(List.of(e));
        // record = bytes 5 .. end-1 (the last byte is the end marker); lengthen it by two unknown bytes
        int length = one[5];
        byte[] longer = new byte[one.length + 2];
        System.arraycopy(one, 0, longer, 0, 5);
        longer[5] = (byte) (length + 2);
        System.arraycopy(one, 6, longer, 6, length);
        longer[6 + length] = 42;
        longer[7 + length] = 43;
        longer[8 + length] = 0;
        assertThat(decode(longer)).containsExactly(e);
    }

    @Test
    void aRecordWithoutCtimeFromAnEarlierWriterReadsAsUnknown() throws IOException {
        TreeEntry e = new TreeEntry("x", EntryType.FILE, 0644, 0, 0, 1, TreeEntry.NO_CTIME, 0, 1, 1, null, List.of());
        byte[] bytes = encode(List.of(e));
        TreeEntry withCtime = new TreeEntry("x", EntryType.FILE, 0644, 0, 0, 1, 1, 0, 1, 1, null, List.of());
        byte[] longer = encode(List.of(withCtime));

        assertThat(longer.length).as("ctime equal to mtime costs one byte").isEqualTo(bytes.length + 1);
        assertThat(decode(bytes)).containsExactly(e);
        assertThat(decode(longer)).containsExactly(withCtime);
    }

    @Test
    void aTruncatedStreamIsAnErrorNotAShorterTree() throws IOException {
        byte[] bytes = encode(entries());
        byte[] cut = Arrays.copyOf(bytes, bytes.length - 1);
        assertThatThrownBy(() -> decode(cut)).isInstanceOf(EOFException.class);
        byte[] mid = Arrays.copyOf(bytes, bytes.length / 2);
        assertThatThrownBy(() -> decode(mid)).isInstanceOfAny(EOFException.class, IllegalArgumentException.class);
        byte[] wrongMagic = bytes.clone();
        wrongMagic[0] = 'X';
        assertThatThrownBy(() -> decode(wrongMagic)).isInstanceOf(IllegalArgumentException.class);
    }
}
