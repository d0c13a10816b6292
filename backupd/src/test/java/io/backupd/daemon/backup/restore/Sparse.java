package io.backupd.daemon.backup.restore;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/** Sparse files for tests, and how many bytes a file really takes on disk (GNU {@code stat}, as the JDK cannot say). */
public final class Sparse {
    private Sparse() {
    }

    /** A file of {@code length} bytes that holds data in three small places and holes everywhere else. */
    public static void create(Path file, long length) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(length);
            raf.write("head".getBytes(StandardCharsets.US_ASCII));
            raf.seek(length / 2 + 123);
            raf.write("middle".getBytes(StandardCharsets.US_ASCII));
            raf.seek(length - 4);
            raf.write("tail".getBytes(StandardCharsets.US_ASCII));
        }
    }

    /** Bytes allocated to {@code file}: {@code stat -c %b} blocks of {@code %B} bytes. */
    public static long allocatedBytes(Path file) {
        Processes.Result stat = Processes.run(List.of("stat", "-c", "%b %B", file.toString()));
        if (stat.exitCode() != 0) {
            throw new IllegalStateException("stat failed: " + stat.output());
        }
        String[] parts = stat.output().trim().split(" ");
        return Long.parseLong(parts[0]) * Long.parseLong(parts[1]);
    }
}
