package io.backupd.ctl.cluster.etcd;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/** The deployd pod group values in {@code src/test/resources/fixtures/etcd}. */
final class Fixtures {
    static final String PREFIX = EtcdWatcherConfig.POD_GROUPS_PREFIX;
    /** File name without .json = proc full name; the app is its first segment. */
    static final List<String> PROCS = List.of("hello.web.web", "hello.worker.worker", "plain.web.web", "broken.web.web");

    private Fixtures() {
    }

    static String key(String proc) {
        return PREFIX + proc.substring(0, proc.indexOf('.')) + "/" + proc;
    }

    static byte[] bytes(String proc) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/fixtures/etcd/" + proc + ".json")) {
            if (in == null) {
                throw new IllegalStateException("no fixture for " + proc);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String text(String proc) {
        return new String(bytes(proc), java.nio.charset.StandardCharsets.UTF_8);
    }
}
