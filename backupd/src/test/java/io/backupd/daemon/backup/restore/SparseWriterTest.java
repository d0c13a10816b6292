package io.backupd.daemon.backup.restore;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Whatever mix of zero blocks, data and odd write sizes goes in, the file reads back the same bytes. */
class SparseWriterTest {
    @TempDir
    Path tmp;

    @ParameterizedTest(name = "written in pieces of {0} bytes")
    @ValueSource(ints = {1, 1000, 4096, 5000, 65536})
    void theFileHoldsExactlyWhatWasWritten(int piece) throws IOException {
        for (byte[] content : new byte[][] {new byte[0], new byte[10], new byte[3 * SparseWriter.BLOCK], mixed(), endsInData()}) {
            Path file = tmp.resolve("f-" + piece + "-" + content.length);
            long written;
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                SparseWriter out = new SparseWriter(channel);
                for (int off = 0; off < content.length; off += piece) {
                    out.write(content, off, Math.min(piece, content.length - off));
                }
                written = out.finish();
            }
            assertThat(written).isEqualTo(content.length);
            assertThat(Files.readAllBytes(file)).as("%d bytes in pieces of %d", content.length, piece).isEqualTo(content);
        }
    }

    /** Zero blocks, a data block, zeros not aligned to a block, and a trailing hole. */
    private static byte[] mixed() {
        byte[] b = new byte[10 * SparseWriter.BLOCK + 777];
        for (int i = 2 * SparseWriter.BLOCK; i < 3 * SparseWriter.BLOCK + 100; i++) {
            b[i] = (byte) (i * 31 + 1);
        }
        b[5 * SparseWriter.BLOCK + 17] = 9;
        return b;
    }

    private static byte[] endsInData() {
        byte[] b = new byte[4 * SparseWriter.BLOCK + 3];
        b[b.length - 1] = 1;
        return b;
    }
}
