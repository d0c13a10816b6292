package io.backupd.ctl.cluster.etcd;

import io.backupd.common.error.BackupException;
import io.etcd.jetcd.Client;
import java.net.URI;
import java.util.Arrays;

/** Builds the jetcd client from the operator's endpoint list. */
public final class EtcdClients {
    // gRPC's default 4 MiB reply limit is a few thousand pod groups; the listing is one reply
    private static final int MAX_LISTING_BYTES = 64 * 1024 * 1024;

    private EtcdClients() {
    }

    /**
     * A client for {@code endpoints}, a comma-separated list such as
     * {@code http://10.0.0.1:2379,http://10.0.0.2:2379}. The client connects lazily; the caller owns
     * it and closes it. INVALID_ARGUMENT when the list is empty or an endpoint is not an http://host:port URL.
     */
    public static Client connect(String endpoints) {
        return Client.builder().endpoints(checkEndpoints(endpoints)).maxInboundMessageSize(MAX_LISTING_BYTES).build();
    }

    /** The endpoints of {@code endpoints}; INVALID_ARGUMENT as {@link #connect} says. Connects to nothing. */
    public static URI[] checkEndpoints(String endpoints) {
        URI[] uris = Arrays.stream(endpoints == null ? new String[0] : endpoints.split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .map(EtcdClients::endpoint)
                .toArray(URI[]::new);
        if (uris.length == 0) {
            throw BackupException.invalid("no etcd endpoint given (expected e.g. http://127.0.0.1:2379)");
        }
        return uris;
    }

    private static URI endpoint(String text) {
        URI uri;
        try {
            uri = URI.create(text);
        } catch (IllegalArgumentException e) {
            uri = null;
        }
        // TLS would need certificates configured on the builder; until that exists, refuse https
        // here rather than fail later with a handshake error nobody can place
        if (uri == null || !"http".equals(uri.getScheme()) || uri.getHost() == null || uri.getPort() < 0) {
            throw BackupException.invalid("etcd endpoint '" + text + "' must look like http://host:port");
        }
        return uri;
    }
}
