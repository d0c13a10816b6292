package io.backupd.daemon.backup.full;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class ReadAheadInputStreamTest {

    @Test
    void returnsEveryByteInOrder() throws IOException {
        for (int size : new int[] {0, 1, 4096, 4097, 1_000_003}) {
            byte[] data = TestData.random(size, size);
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            try (InputStream in = new ReadAheadInputStream(new ByteArrayInputStream(data), 4096, 2, "test-reader")) {
                int b = in.read();
                if (b >= 0) {
                    got.write(b);
                }
                in.transferTo(got);
                assertThat(in.read()).isEqualTo(-1);
            }
            assertThat(got.toByteArray()).as("%d bytes", size).isEqualTo(data);
        }
    }

    @Test
    void sourceFailureSurfacesAfterTheBytesBeforeIt() throws IOException {
        InputStream failing = new SequenceInputStream(new ByteArrayInputStream(new byte[10_000]), new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("disk read error");
            }
        });
        try (InputStream in = new ReadAheadInputStream(failing, 4096, 2, "test-reader")) {
            assertThat(in.readNBytes(8192)).hasSize(8192);
            assertThatThrownBy(in::readAllBytes).isInstanceOf(IOException.class).hasMessageContaining("disk read error");
        }
    }

    @Test
    void anUncheckedFailureOfTheSourceReachesTheReaderAsItself() throws IOException {
        // a restore's storage stream says "cancelled" this way; wrapped in an IOException it would read as a bad archive
        InputStream cancelled = new SequenceInputStream(new ByteArrayInputStream(new byte[5_000]), new InputStream() {
            @Override
            public int read() {
                throw new CancellationException("the restore was cancelled");
            }
        });
        try (InputStream in = new ReadAheadInputStream(cancelled, 4096, 2, "test-reader")) {
            assertThat(in.readNBytes(4096)).hasSize(4096);
            assertThatThrownBy(in::readAllBytes).isExactlyInstanceOf(CancellationException.class)
                    .hasMessage("the restore was cancelled");
        }
    }

    @Test
    void closeStopsReadingAndClosesTheSource() throws IOException {
        AtomicBoolean closed = new AtomicBoolean();
        InputStream endless = new InputStream() {
            @Override
            public int read() {
                return 7;
            }

            @Override
            public void close() {
                closed.set(true);
            }
        };
        InputStream in = new ReadAheadInputStream(endless, 4096, 2, "test-reader");
        assertThat(in.read()).isEqualTo(7);
        in.close();
        assertThat(closed).isTrue();
        assertThatThrownBy(in::read).isInstanceOf(IOException.class);
    }
}
