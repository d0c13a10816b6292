package io.backupd.daemon.backup.increment;

import java.util.ArrayList;
import java.util.List;

/**
 * Problems a backup steps over (a file that vanished or cannot be read), kept for the result: the
 * first {@value #KEPT} in full, the rest only counted so a broken volume cannot fill the memory.
 */
final class Warnings {
    static final int KEPT = 100;
    private final List<String> messages = new ArrayList<>();
    private long count;

    void add(String path, String message) {
        if (messages.size() < KEPT) {
            messages.add((path.isEmpty() ? "." : path) + ": " + message);
        }
        count++;
    }

    long count() {
        return count;
    }

    List<String> messages() {
        return List.copyOf(messages);
    }
}
