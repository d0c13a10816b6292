package io.backupd.daemon.backup.full;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class WriteBehindOutputStreamTest {

    @Test
    void deliversEveryByteInOrder() throws IOException {
        byte[] data = TestData.text(1_000_003, 100);
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        try (WriteBehindOutputStream out = new WriteBehindOutputStream(sink, 4096, 2, "test-writer")) {
            out.write(data, 0, 10);
            out.write(data[10]);
            for (int at = 11; at < data.length; at += 7_777) {
                out.write(data, at, Math.min(7_777, data.length - at));
            }
        }
        assertThat(sink.toByteArray()).isEqualTo(data);
    }

    @Test
    void flushReachesTheSink() throws IOException {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        WriteBehindOutputStream out = new WriteBehindOutputStream(sink, 4096, 2, "test-writer");
        out.write(new byte[] {1, 2, 3});
        out.flush();
        assertThat(sink.toByteArray()).containsExactly(1, 2, 3);
        out.close();
    }

    @Test
    void sinkFailureSurfacesAndTheSinkIsStillClosed() {
        AtomicBoolean closed = new AtomicBoolean();
        OutputStream failing = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("bucket gone");
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                throw new IOException("bucket gone");
            }

            @Override
            public void close() {
                closed.set(true);
            }
        };
        WriteBehindOutputStream out = new WriteBehindOutputStream(failing, 1024, 2, "test-writer");
        assertThatThrownBy(() -> {
            try (out) {
                for (int i = 0; i < 100; i++) {
                    out.write(new byte[1024]);
                }
            }
        }).isInstanceOf(IOException.class).hasMessageContaining("bucket gone");
        assertThat(closed).isTrue();
    }
}
