package io.backupd.ctl.cluster;

import java.util.Map;

/**
 * How a config source is doing, for {@code /api/v2/system/state}.
 *
 * @param kind      {@code directory} or {@code etcd}
 * @param connected whether the source currently sees its backing store (a folder source always
 *                  does; an etcd source only while its watch is established)
 * @param lastError the last failure reaching the backing store, null once it works again
 * @param details   source-specific facts (folder, endpoints, revision, re-list count)
 */
public record SourceStatus(String kind, boolean connected, String lastError, Map<String, Object> details) {
    public SourceStatus {
        details = Map.copyOf(details);
    }
}
