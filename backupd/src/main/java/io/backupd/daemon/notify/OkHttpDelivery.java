package io.backupd.daemon.notify;

import io.backupd.common.api.JobRecord;
import io.backupd.common.json.Json;
import io.backupd.cron.Delivery;
import io.backupd.http.auth.ClusterAuthenticator;
import io.backupd.http.auth.ClusterSecret;
import io.backupd.http.tls.TlsTrust;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * Delivers records by POSTing them as JSON to the notify address. Timeouts are short: the outbox
 * retries, so a slow controller costs a retry, not a stuck delivery thread. With a cluster secret
 * every POST carries this node's credential and names the node, so the controller stores only
 * records of the node that sent them.
 */
public final class OkHttpDelivery implements Delivery {
    private static final MediaType JSON = MediaType.get("application/json");
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);
    static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);

    private final OkHttpClient client;
    private final ClusterSecret secret;
    private final String nodeIp;

    /** @param secret null to send no credential (no cluster secret configured) */
    public OkHttpDelivery(ClusterSecret secret, String nodeIp) {
        this(secret, nodeIp, null);
    }

    /** @param trust the CAs an https notify address must be signed by; null for the JDK's default trust */
    public OkHttpDelivery(ClusterSecret secret, String nodeIp, TlsTrust trust) {
        this(TlsTrust.apply(trust, new OkHttpClient.Builder())
                .connectTimeout(CONNECT_TIMEOUT)
                .readTimeout(CALL_TIMEOUT)
                .writeTimeout(CALL_TIMEOUT)
                .callTimeout(CALL_TIMEOUT)
                .retryOnConnectionFailure(false)
                .build(), secret, nodeIp);
    }

    public OkHttpDelivery(OkHttpClient client, ClusterSecret secret, String nodeIp) {
        this.client = client;
        this.secret = secret;
        this.nodeIp = nodeIp;
    }

    /** One record goes as a JSON object, several as an array of them: the controller takes both. */
    @Override
    public void deliver(String address, List<JobRecord> records) throws IOException {
        HttpUrl url = HttpUrl.parse(address);
        if (url == null) {
            throw new IOException("notify address '" + address + "' is not an http(s) URL");
        }
        byte[] body = records.size() == 1 ? Json.writeBytes(records.get(0)) : Json.writeBytes(records);
        Request.Builder request = new Request.Builder()
                .url(url)
                .post(RequestBody.create(body, JSON));
        if (secret != null) {
            request.header("Authorization", "Bearer " + secret.nodeToken(nodeIp))
                    .header(ClusterAuthenticator.NODE_HEADER, nodeIp);
        }
        try (Response response = client.newCall(request.build()).execute()) {
            if (!response.isSuccessful()) {
                String what = records.size() == 1 ? "record " + records.get(0).rid() : records.size() + " records";
                throw new IOException("notify address " + address + " answered HTTP " + response.code() + " for " + what);
            }
        }
    }

    /** Releases the client's threads and connections; the engine no longer delivers after close. */
    public void close() {
        client.dispatcher().executorService().shutdown();
        client.connectionPool().evictAll();
    }
}
