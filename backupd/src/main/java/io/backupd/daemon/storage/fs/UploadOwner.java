package io.backupd.daemon.storage.fs;

import io.backupd.daemon.storage.HostName;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Who writes an upload temporary: the host (one process id space) and the process. It is part of
 * the temporary's name, {@code upload-<host>~<pid>~<random>.part}, so that a sweep on shared storage
 * can tell its own node's leftovers from another node's uploads in progress.
 *
 * @param host the host name, kept to {@code [A-Za-z0-9._-]} (anything else becomes {@code _})
 */
record UploadOwner(String host, long pid) {
    private static final String PREFIX = "upload-";
    private static final Pattern NAME = Pattern.compile(Pattern.quote(PREFIX) + "([A-Za-z0-9._-]+)~([0-9]+)~[^~]*\\.part");

    UploadOwner {
        host = host.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    static UploadOwner current() {
        return new UploadOwner(HostName.local(), ProcessHandle.current().pid());
    }

    /** The start of this owner's temporaries' names; the JDK appends the random part. */
    String prefix() {
        return PREFIX + host + "~" + pid + "~";
    }

    /** The owner a temporary's file name names; empty for other names (those written before names had owners). */
    static Optional<UploadOwner> ofName(String fileName) {
        Matcher m = NAME.matcher(fileName);
        if (!m.matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new UploadOwner(m.group(1), Long.parseLong(m.group(2))));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
