package io.backupd.daemon.storage.fs;

import io.backupd.daemon.storage.ObjectInfo;
import io.backupd.daemon.storage.Upload;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.function.Consumer;

/** Writes to a temp file; commit = flush, fsync, rename over the target, fsync the directory. */
final class FsUpload implements Upload {
    private final String key;
    private final Path part;
    private final Path target;
    private final Consumer<Path> symlinkCheck;
    private final Consumer<Path> finished;
    private final FileChannel channel;
    private final OutputStream stream;
    private boolean done;

    /** {@code finished} hears of the temp file once it is renamed into place or deleted. */
    FsUpload(String key, Path part, Path target, Consumer<Path> symlinkCheck, Consumer<Path> finished) throws IOException {
        this.key = key;
        this.part = part;
        this.target = target;
        this.symlinkCheck = symlinkCheck;
        this.finished = finished;
        this.channel = FileChannel.open(part, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
        // closing the caller's stream must not close the channel: commit still needs to fsync it
        this.stream = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16) {
            @Override
            public void close() throws IOException {
                flush();
            }
        };
    }

    @Override
    public OutputStream stream() {
        return stream;
    }

    @Override
    public ObjectInfo commit() {
        if (done) {
            throw new IllegalStateException("upload of " + key + " is already finished");
        }
        try {
            stream.flush();
            channel.force(true);
            long size = channel.size();
            channel.close();
            Files.createDirectories(target.getParent());
            symlinkCheck.accept(target);
            Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            done = true;
            finished.accept(part);
            fsyncDirectory(target.getParent());
            return new ObjectInfo(key, size, Instant.now());
        } catch (IOException e) {
            close();
            throw FsStorage.failed("cannot commit " + key, e);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    @Override
    public void close() {
        if (done) {
            return;
        }
        done = true;
        try {
            channel.close();
        } catch (IOException ignored) {
            // the temp file is deleted below either way
        }
        try {
            Files.deleteIfExists(part);
        } catch (IOException ignored) {
            // never visible as an object; swept later by FsStorage
        }
        finished.accept(part);
    }

    /** Makes the rename itself durable; some file systems refuse to open a directory, which is fine. */
    private static void fsyncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException ignored) {
            // the data is fsynced already; only the rename's durability is weaker here
        }
    }
}
