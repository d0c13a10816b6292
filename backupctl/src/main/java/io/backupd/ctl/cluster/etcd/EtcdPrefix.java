package io.backupd.ctl.cluster.etcd;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.Watch;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.WatchOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The three etcd calls the watcher makes on one key prefix: list it, read etcd's current revision,
 * watch it. Blocking calls wait at most {@code timeout} (jetcd would otherwise wait for a connection
 * indefinitely) and fail with the jetcd exception wrapped in {@link ExecutionException}, or with
 * {@link TimeoutException}. Thread-safe, as the jetcd client is.
 */
final class EtcdPrefix {
    /** Every key-value under the prefix at one revision. */
    record Listing(List<PodGroupState.Entry> entries, long revision) {
    }

    private final Client client;
    private final ByteSequence prefix;
    private final Duration timeout;

    EtcdPrefix(Client client, String prefix, Duration timeout) {
        this.client = client;
        this.prefix = ByteSequence.from(prefix, UTF_8);
        this.timeout = timeout;
    }

    Listing list() throws InterruptedException, ExecutionException, TimeoutException {
        GetResponse response = await(client.getKVClient().get(prefix, GetOption.builder().isPrefix(true).build()));
        return new Listing(response.getKvs().stream().map(EtcdPrefix::entry).toList(), response.getHeader().getRevision());
    }

    /** etcd's current revision (of the whole store, not just this prefix), read cheaply. */
    long currentRevision() throws InterruptedException, ExecutionException, TimeoutException {
        GetOption countOnly = GetOption.builder().isPrefix(true).withCountOnly(true).build();
        return await(client.getKVClient().get(prefix, countOnly)).getHeader().getRevision();
    }

    /**
     * Watches the prefix from {@code fromRevision} with progress notifications and a created
     * notification (the first sign the watch is established).
     */
    Watch.Watcher watch(long fromRevision, Watch.Listener listener) {
        WatchOption option = WatchOption.builder()
                .isPrefix(true)
                .withRevision(fromRevision)
                .withProgressNotify(true)
                .withCreateNotify(true)
                // a member without a leader serves stale data; have etcd end the watch instead
                .withRequireLeader(true)
                .build();
        return client.getWatchClient().watch(prefix, option, listener);
    }

    static PodGroupState.Entry entry(KeyValue kv) {
        return new PodGroupState.Entry(kv.getKey().toString(UTF_8), kv.getValue().getBytes(), kv.getModRevision());
    }

    private <T> T await(CompletableFuture<T> future) throws InterruptedException, ExecutionException, TimeoutException {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } finally {
            future.cancel(true); // no-op when done; otherwise stops jetcd retrying in the background
        }
    }
}
