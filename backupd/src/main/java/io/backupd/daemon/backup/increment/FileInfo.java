package io.backupd.daemon.backup.increment;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/** One entry of a snapshot's file listing; {@code name} is the path relative to the volume. */
public record FileInfo(String name, long size, @JsonProperty("mod_time") Instant modTime, boolean dir) {
}
