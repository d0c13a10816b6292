package io.backupd.common.api;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A run is reported {@code running} when it starts and ends {@code success} or {@code failed}. */
public enum JobState {
    @JsonProperty("running") RUNNING,
    @JsonProperty("success") SUCCESS,
    @JsonProperty("failed") FAILED;

    public boolean isFinished() {
        return this != RUNNING;
    }
}
