package io.backupd.daemon.backup.restore;

import io.backupd.common.json.Json;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The folder of restore journals, {@code <rid>.journal} each. A write is atomic and durable:
 * temp file, fsync, rename over the journal, fsync the folder; so a reader sees the previous
 * phase or the next one, never a torn file. Not thread-safe for the same rid; distinct rids may
 * be written concurrently.
 */
final class JournalStore {
    private static final String SUFFIX = ".journal";
    private static final String TEMP_SUFFIX = ".journal.tmp";

    private final Path dir;

    JournalStore(Path dir) throws IOException {
        this.dir = dir;
        Files.createDirectories(dir);
    }

    Path dir() {
        return dir;
    }

    void write(SwapJournal journal) throws IOException {
        Path temp = dir.resolve(journal.rid() + TEMP_SUFFIX);
        ByteBuffer bytes = ByteBuffer.wrap(Json.writeBytes(journal));
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
            channel.force(true);
        }
        Files.move(temp, file(journal.rid()), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        Fsync.directory(dir);
    }

    /** The journal of {@code rid}; empty if there is none. */
    Optional<SwapJournal> read(String rid) throws IOException {
        String text;
        try {
            text = Files.readString(file(rid), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        SwapJournal journal = Json.read(text, SwapJournal.class, "restore journal " + file(rid));
        String problem = journal.check();
        if (problem != null || !journal.rid().equals(rid)) {
            throw new IOException("restore journal " + file(rid) + " is inconsistent: "
                    + (problem != null ? problem : "rid " + journal.rid() + " in the file"));
        }
        return Optional.of(journal);
    }

    /** Rids of every journal, sorted; deletes temp files a crash left behind (their phase never took effect). */
    List<String> rids() throws IOException {
        List<String> rids = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
            for (Path path : stream) {
                String name = path.getFileName().toString();
                if (name.endsWith(TEMP_SUFFIX)) {
                    Files.deleteIfExists(path);
                } else if (name.endsWith(SUFFIX)) {
                    rids.add(name.substring(0, name.length() - SUFFIX.length()));
                }
            }
        }
        rids.sort(null);
        return rids;
    }

    void delete(String rid) throws IOException {
        Files.deleteIfExists(file(rid));
        Fsync.directory(dir);
    }

    private Path file(String rid) {
        return dir.resolve(rid + SUFFIX);
    }
}
