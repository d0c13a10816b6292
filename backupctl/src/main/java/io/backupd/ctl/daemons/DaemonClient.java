package io.backupd.ctl.daemons;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import io.backupd.common.api.ApiError;
import io.backupd.common.api.DaemonStatus;
import io.backupd.common.api.Entry;
import io.backupd.common.api.Job;
import io.backupd.common.api.JobSetAnswer;
import io.backupd.common.api.RunAnswer;
import io.backupd.common.error.BackupException;
import io.backupd.common.error.ErrorCode;
import io.backupd.common.json.Json;
import io.backupd.http.auth.ClusterSecret;
import io.backupd.http.tls.TlsIdentity;
import io.backupd.http.tls.TlsTrust;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import javax.net.ssl.SSLException;
import okhttp3.FormBody;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * The controller's side of the daemon's v1 API, one call per method. Every call is synchronous
 * and bounded by short timeouts, so a dead node costs seconds, not a hung thread.
 *
 * <p>Errors: a non-2xx answer that carries the JSON error shape becomes the same
 * {@link BackupException} the daemon threw (same code, same message), except a 401: the daemon
 * refused the controller's own credential, which is NODE_UNREACHABLE naming the node; any other non-2xx answer
 * becomes an exception whose code follows the HTTP status; a transport failure (refused, timeout,
 * reset) is {@link ErrorCode#NODE_UNREACHABLE} naming the node. Thread-safe.
 */
public final class DaemonClient {
    private static final int MAX_ERROR_TEXT = 300;

    private final OkHttpClient http;
    private final Function<String, HttpUrl> baseUrl;

    /** @param baseUrl node ip → the daemon's base URL ({@code http://<ip>:<dport>} in production) */
    public DaemonClient(OkHttpClient http, Function<String, HttpUrl> baseUrl) {
        this.http = http;
        this.baseUrl = baseUrl;
    }

    /**
     * The production wiring: daemons listen on {@code dport} of their node's ip; with a cluster
     * {@code secret} (null for none) every call carries the controller's credential.
     */
    public static DaemonClient forPort(int dport, ClusterSecret secret) {
        return forPort(dport, secret, false, null, null);
    }

    /**
     * As {@link #forPort(int, ClusterSecret)}, calling daemons at {@code https://<ip>:<dport>} when
     * {@code https}, trusting the CAs of {@code trust} (null: the JDK's defaults) and presenting
     * {@code identity} (null: none) to a daemon that asks for a client certificate. A daemon whose
     * certificate is not trusted or does not name its ip is NODE_UNREACHABLE, like a refused connection.
     */
    public static DaemonClient forPort(int dport, ClusterSecret secret, boolean https, TlsTrust trust, TlsIdentity identity) {
        OkHttpClient.Builder builder = TlsTrust.apply(trust, identity, new OkHttpClient.Builder());
        if (secret != null) {
            String authorization = "Bearer " + secret.controllerToken();
            builder.addInterceptor(chain -> chain.proceed(chain.request().newBuilder()
                    .header("Authorization", authorization).build()));
        }
        OkHttpClient http = builder
                .connectTimeout(Duration.ofSeconds(2))
                .readTimeout(Duration.ofSeconds(10))
                .writeTimeout(Duration.ofSeconds(10))
                .callTimeout(Duration.ofSeconds(15))
                .retryOnConnectionFailure(false)
                .build();
        String scheme = https ? "https" : "http";
        return new DaemonClient(http, node -> new HttpUrl.Builder().scheme(scheme).host(node).port(dport).build());
    }

    /**
     * Replaces the node's job set; the daemon ignores a version it already has. Its answer names
     * the jobs it left out ({@code rejected}); a set of which it can schedule none is refused
     * (INVALID_ARGUMENT) and changes nothing there.
     */
    public JobSetAnswer putJobs(String node, String version, List<Job> jobs) {
        RequestBody form = new FormBody.Builder().add("data", Json.write(jobs)).add("version", version).build();
        JsonNode answer = call(node, new Request.Builder().url(url(node, "api/v1/cron/jobs")).put(form));
        return decode(node, answer, JobSetAnswer.class, "the job set " + version);
    }

    /** Adds {@code notifyUrl} to where the daemon reports records; adding one twice is harmless. */
    public void addNotify(String node, String notifyUrl) {
        RequestBody form = new FormBody.Builder().add("addr", notifyUrl).build();
        call(node, new Request.Builder().url(url(node, "api/v1/notify")).put(form));
    }

    /** Runs a job now; returns the record id of the run. */
    public String run(String node, String jobId) {
        return rid(node, action(node, jobId, "run"), "run of " + jobId);
    }

    /** The record id in a daemon's {@link RunAnswer} to queueing {@code what}; INTERNAL when it has none. */
    public String rid(String node, JsonNode answer, String what) {
        String rid = decode(node, answer, RunAnswer.class, what).rid();
        if (rid == null || rid.isBlank()) {
            throw new BackupException(ErrorCode.INTERNAL, "daemon " + node + " accepted the " + what + " but sent no rid");
        }
        return rid;
    }

    /** {@code run}, {@code sleep} or {@code wakeup} on one job; returns the daemon's answer. */
    public JsonNode action(String node, String jobId, String action) {
        HttpUrl url = url(node, "api/v1/cron/jobs").newBuilder().addPathSegment(jobId)
                .addPathSegments("actions").addPathSegment(action).build();
        return call(node, new Request.Builder().url(url).post(RequestBody.create(new byte[0], null)));
    }

    public List<Entry> jobs(String node) {
        JsonNode answer = call(node, new Request.Builder().url(url(node, "api/v1/cron/jobs")).get());
        return Json.mapper().convertValue(answer, new TypeReference<List<Entry>>() { });
    }

    /** The daemon's {@code /api/v1/debug}. */
    public DaemonStatus debug(String node) {
        return decode(node, call(node, new Request.Builder().url(url(node, "api/v1/debug")).get()), DaemonStatus.class,
                "debug status");
    }

    /** {@code start} or {@code stop} the node's scheduler ({@code PUT /api/v1/cron/start|stop}); idempotent. */
    public JsonNode scheduling(String node, boolean start) {
        return call(node, new Request.Builder().url(url(node, "api/v1/cron/" + (start ? "start" : "stop")))
                .put(RequestBody.create(new byte[0], null)));
    }

    HttpUrl url(String node, String path) {
        return baseUrl.apply(node).newBuilder().addPathSegments(path).build();
    }

    JsonNode call(String node, Request.Builder request) {
        return exchange(node, request).body();
    }

    /** A 2xx answer: its JSON body and its headers (for the few answers that say more in a header). */
    record Reply(JsonNode body, Headers headers) {
    }

    /** {@link #call}, keeping the answer's headers. */
    Reply exchange(String node, Request.Builder request) {
        Request built = request.header("Accept", "application/json").build();
        int status;
        String text;
        Headers headers;
        try (Response response = http.newCall(built).execute()) {
            status = response.code();
            headers = response.headers();
            ResponseBody body = response.body();
            text = body == null ? "" : body.string();
        } catch (IOException e) {
            String hint = e instanceof SSLException
                    ? "; its certificate must be signed by a CA of the controller's --ca-file and name the node's ip" : "";
            throw new BackupException(ErrorCode.NODE_UNREACHABLE,
                    "daemon on node " + node + " cannot be reached (" + built.method() + " " + built.url() + "): " + e.getMessage()
                            + hint, Map.of("node", node), e);
        }
        if (status < 200 || status > 299) {
            throw decodeError(node, built, status, text);
        }
        try {
            return new Reply(text.isBlank() ? Json.mapper().createObjectNode() : Json.mapper().readTree(text), headers);
        } catch (IOException e) {
            throw new BackupException(ErrorCode.INTERNAL, "daemon on node " + node + " answered " + built.method() + " "
                    + built.url().encodedPath() + " with a body that is not JSON: " + e.getMessage(), Map.of("node", node), e);
        }
    }

    /** {@code answer} as {@code type}; INTERNAL naming the node when a daemon answered in another shape. */
    private static <T> T decode(String node, JsonNode answer, Class<T> type, String what) {
        try {
            return Json.mapper().convertValue(answer, type);
        } catch (IllegalArgumentException e) {
            throw new BackupException(ErrorCode.INTERNAL, "daemon on node " + node + " answered about the " + what
                    + " in a shape this controller cannot read: " + e.getMessage(), Map.of("node", node), e);
        }
    }

    private static BackupException decodeError(String node, Request request, int status, String text) {
        if (status == ErrorCode.UNAUTHENTICATED.httpStatus()) {
            // the controller's credential, not the caller's, was refused: passed on, a 401 would blame the caller
            return new BackupException(ErrorCode.NODE_UNREACHABLE, "daemon on node " + node + " refused the controller's"
                    + " credential (" + request.method() + " " + request.url().encodedPath() + "): give it the same"
                    + " --cluster-secret-file as the controller", Map.of("node", node, "status", status), null);
        }
        try {
            ApiError error = Json.mapper().readValue(text, ApiError.class);
            if (error.error() != null && error.message() != null) {
                return BackupException.fromApiError(error);
            }
        } catch (IOException | RuntimeException notTheErrorShape) {
            // fall through: a proxy or a daemon of another version answered in its own words
        }
        String shown = text.length() > MAX_ERROR_TEXT ? text.substring(0, MAX_ERROR_TEXT) + "…" : text;
        return new BackupException(codeFor(status),
                "daemon on node " + node + " answered " + status + " to " + request.method() + " " + request.url().encodedPath()
                        + (shown.isBlank() ? "" : ": " + shown),
                Map.of("node", node, "status", status), null);
    }

    /** A gateway status came from something between us and the daemon: the daemon was not reached. */
    private static ErrorCode codeFor(int status) {
        return status >= 502 && status <= 504 ? ErrorCode.NODE_UNREACHABLE : ErrorCode.forStatus(status);
    }
}
