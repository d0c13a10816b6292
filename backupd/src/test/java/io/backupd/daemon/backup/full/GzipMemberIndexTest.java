package io.backupd.daemon.backup.full;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class GzipMemberIndexTest {

    static List<GzipMember> members(int count, int plain, int packed) {
        List<GzipMember> list = new ArrayList<>();
        long u = 0;
        long c = 0;
        for (int i = 0; i < count; i++) {
            int p = packed + i % 7; // varying, so a mixed-up order would show
            list.add(new GzipMember(u, c, p, plain));
            u += plain;
            c += p;
        }
        return list;
    }

    @Test
    void roundTripsOffsetsBeyondFourGigabytes() throws IOException {
        List<GzipMember> index = members(100, GzipMember.MAX_UNCOMPRESSED_LENGTH, 50_000_000);
        byte[] bytes = GzipMemberIndex.toBytes(index);
        assertThat(GzipMemberIndex.fromBytes(bytes)).isEqualTo(index);
        assertThat(index.get(99).compressedOffset()).isGreaterThan(1L << 32);
    }

    @Test
    void isCompact() {
        // a 1.1 GB archive in 1 MiB blocks
        byte[] bytes = GzipMemberIndex.toBytes(members(1100, 1 << 20, 400_000));
        assertThat(bytes.length).isLessThan(1100 * 7 + 16);
    }

    @Test
    void roundTripsRealIndexAndEmptyOne() throws IOException {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        ParallelGzipOutputStream out = new ParallelGzipOutputStream(sink, 2, 4096, 6);
        out.write(TestData.mixed(50_000, 40));
        out.close();

        ByteArrayOutputStream stored = new ByteArrayOutputStream();
        GzipMemberIndex.write(out.members(), stored);
        GzipMemberIndex.write(List.of(), stored);
        stored.write(99); // whatever follows an index is left unread
        ByteArrayInputStream in = new ByteArrayInputStream(stored.toByteArray());
        assertThat(GzipMemberIndex.read(in)).isEqualTo(out.members());
        assertThat(GzipMemberIndex.read(in)).isEmpty();
        assertThat(in.read()).isEqualTo(99);
    }

    @Test
    void rejectsCorruption() {
        byte[] good = GzipMemberIndex.toBytes(members(10, 1 << 20, 300_000));

        byte[] magic = good.clone();
        magic[0] = 'X';
        assertThatThrownBy(() -> GzipMemberIndex.fromBytes(magic)).hasMessageContaining("magic");

        byte[] version = good.clone();
        version[4] = 2;
        assertThatThrownBy(() -> GzipMemberIndex.fromBytes(version)).hasMessageContaining("version 2");

        for (int i = 5; i < good.length; i++) {
            byte[] flipped = good.clone();
            flipped[i] ^= 0x01;
            assertThatThrownBy(() -> GzipMemberIndex.fromBytes(flipped)).as("flip at %d", i).isInstanceOf(IOException.class);
        }
        for (int n = 0; n < good.length; n++) {
            byte[] cut = Arrays.copyOf(good, n);
            assertThatThrownBy(() -> GzipMemberIndex.fromBytes(cut)).as("cut at %d", n).isInstanceOf(IOException.class);
        }
        byte[] longer = Arrays.copyOf(good, good.length + 1);
        assertThatThrownBy(() -> GzipMemberIndex.fromBytes(longer)).hasMessageContaining("trailing");
    }

    @Test
    void rejectsImpossibleEntriesEvenWithAValidChecksum() throws IOException {
        // a member claiming 1 GiB: a reader must not allocate that
        byte[] body = {'B', 'G', 'Z', 'I', 1, 1, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x04, 100};
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(body);
        int c = (int) crc.getValue();
        byte[] bytes = Arrays.copyOf(body, body.length + 4);
        bytes[body.length] = (byte) (c >>> 24);
        bytes[body.length + 1] = (byte) (c >>> 16);
        bytes[body.length + 2] = (byte) (c >>> 8);
        bytes[body.length + 3] = (byte) c;
        assertThatThrownBy(() -> GzipMemberIndex.fromBytes(bytes)).isInstanceOf(IOException.class)
                .hasMessageContaining("entry #0");
    }

    @Test
    void refusesToWriteAnIndexWithGaps() {
        List<GzipMember> gappy = List.of(new GzipMember(0, 0, 100, 10), new GzipMember(10, 100, 100, 11),
                new GzipMember(22, 200, 100, 10));
        assertThatThrownBy(() -> GzipMemberIndex.toBytes(gappy)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void truncatedStreamIsAnEofException() {
        byte[] good = GzipMemberIndex.toBytes(members(3, 1000, 100));
        assertThatThrownBy(() -> GzipMemberIndex.read(new ByteArrayInputStream(Arrays.copyOf(good, good.length - 2))))
                .isInstanceOf(EOFException.class);
    }
}
