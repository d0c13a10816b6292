package io.backupd.daemon.api.v1;

import io.backupd.testing.Http;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * Route tests run against a real daemon in a fresh folder, started before each test (before a
 * subclass's own {@code @BeforeEach}) and closed after it.
 */
abstract class AgainstRealDaemon {
    @TempDir
    Path dir;

    DaemonFixture d;
    Http http;

    @BeforeEach
    void startDaemon() throws IOException {
        d = new DaemonFixture(dir);
        http = d.http;
    }

    @AfterEach
    void stopDaemon() {
        d.close();
    }
}
