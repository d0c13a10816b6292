package io.backupd.common.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** How far a run has got, as its task reports it; a total is -1 while unknown. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RunProgress(long bytesDone, long filesDone, long bytesTotal, long filesTotal) {
}
