package io.backupd.daemon;

/**
 * The daemon's composition root and {@code main}. SKELETON: the surface standalone mode uses;
 * being written.
 */
public final class Backupd implements AutoCloseable {

    /** Builds storage, hook runner, tasks, engine and the v1 API from {@code config} and starts them. */
    public static Backupd start(DaemonConfig config) {
        throw new UnsupportedOperationException("not yet");
    }

    /** The port the v1 API listens on (the real one when the config asked for 0). */
    public int port() {
        throw new UnsupportedOperationException("not yet");
    }

    /** {@code http://host:port}, without a trailing slash. */
    public String baseUrl() {
        throw new UnsupportedOperationException("not yet");
    }

    /** Stops the API and the engine; running tasks are asked to cancel. */
    @Override
    public void close() {
        throw new UnsupportedOperationException("not yet");
    }

    public static void main(String[] args) {
        throw new UnsupportedOperationException("not yet");
    }
}
