package io.backupd.daemon.backup.full;

/** What an archive writer reports to, and asks, whoever runs it. Called from the writing thread. */
public interface ArchiveProgress {

    /** {@code bytes} more volume bytes and {@code files} more files were archived. */
    void advance(long bytes, long files);

    /** True once the writer should stop. */
    boolean cancelled();

    ArchiveProgress NONE = new ArchiveProgress() {
        @Override
        public void advance(long bytes, long files) {
        }

        @Override
        public boolean cancelled() {
            return false;
        }
    };
}
