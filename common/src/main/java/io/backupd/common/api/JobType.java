package io.backupd.common.api;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A job either fires on its cron schedule or runs once when asked. */
public enum JobType {
    @JsonProperty("cron") CRON,
    @JsonProperty("once") ONCE;

    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
