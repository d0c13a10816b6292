package io.backupd.daemon.backup.increment;

import static org.assertj.core.api.Assertions.assertThat;

import io.backupd.daemon.backup.increment.storage.FsRepositoryStorage;
import io.backupd.daemon.backup.increment.storage.RepositoryStorage;
import io.backupd.testing.FakeClock;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IndexLoaderTest {
    @TempDir
    Path tmp;

    /**
     * A real storage where, the first time an index file is opened, another backup healing lost packs
     * replaces it first: the replacement written under a new name, then the file deleted.
     */
    static final class ReplacedWhileLoading implements RepositoryStorage {
        private final RepositoryStorage delegate;
        private boolean replaced;

        ReplacedWhileLoading(RepositoryStorage delegate) {
            this.delegate = delegate;
        }

        @Override
        public synchronized InputStream open(String key) {
            if (!replaced && key.startsWith(RepositoryLayout.INDEX)) {
                replaced = true;
                try (InputStream in = delegate.open(key)) {
                    delegate.put(RepositoryLayout.indexKey(RepositoryLayout.randomId()), in.readAllBytes());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                delegate.delete(key);
            }
            return delegate.open(key);
        }

        @Override
        public void put(String key, InputStream data, long size) {
            delegate.put(key, data, size);
        }

        @Override
        public InputStream open(String key, long offset, long length) {
            return delegate.open(key, offset, length);
        }

        @Override
        public Optional<Long> size(String key) {
            return delegate.size(key);
        }

        @Override
        public List<String> list(String prefix) {
            return delegate.list(prefix);
        }

        @Override
        public boolean delete(String key) {
            return delegate.delete(key);
        }
    }

    @Test
    void anIndexFileReplacedWhileLoadingIsReadFromItsReplacement() throws IOException {
        Path source = tmp.resolve("volume");
        SourceTrees.create(source);
        FsRepositoryStorage storage = new FsRepositoryStorage(tmp.resolve("repo"));
        new IncrementRepository(storage, TestRepos.options(new FakeClock())).backup(source);
        ChunkIndex whole = IndexLoader.load(storage).index();

        IndexLoader.Loaded loaded = IndexLoader.load(new ReplacedWhileLoading(storage));

        assertThat(loaded.index().size()).isEqualTo(whole.size()).isPositive();
        assertThat(loaded.unreadable()).isEmpty();
    }
}
