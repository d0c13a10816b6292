package io.backupd.ctl.api.v2;

import static org.assertj.core.api.Assertions.assertThat;

import io.backupd.common.api.BackupEntity;
import io.backupd.common.api.Job;
import io.backupd.common.api.JobRecord;
import io.backupd.common.api.JobType;
import io.backupd.common.spec.LainYamlParser;
import io.backupd.ctl.Backupctl;
import io.backupd.ctl.Fixtures;
import io.backupd.ctl.api.RouteGroup;
import io.backupd.ctl.api.v1.V1Routes;
import io.backupd.ctl.backups.BackupRestores;
import io.backupd.ctl.backups.BackupService;
import io.backupd.ctl.cluster.DirectorySource;
import io.backupd.ctl.cron.CronJobs;
import io.backupd.ctl.daemons.DaemonBackups;
import io.backupd.ctl.daemons.DaemonClient;
import io.backupd.ctl.daemons.DaemonClientTest;
import io.backupd.ctl.daemons.FanOut;
import io.backupd.ctl.db.ControllerDb;
import io.backupd.ctl.dispatch.Dispatcher;
import io.backupd.ctl.dispatch.MapDbSleepStates;
import io.backupd.ctl.plan.Planner;
import io.backupd.ctl.records.AppRecords;
import io.backupd.ctl.records.MapDbRecordStore;
import io.backupd.http.ApiServer;
import io.backupd.testing.Await;
import io.backupd.testing.Http;
import io.backupd.testing.Http.Answer;
import io.backupd.http.auth.Authenticator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import okhttp3.RequestBody;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real controller API on port 0, wired like {@code Backupctl.start}, over hello + other + one bad
 * file placed on two nodes (hello web and worker instance 1 and other on N1, worker instance 2 on
 * N2), whose daemons are {@link FakeNode}s sharing one backup storage.
 */
abstract class RoutesTestBase {
    static final String N1 = "10.0.0.1";
    static final String N2 = "10.0.0.2";
    static final String NODE = N1;

    @TempDir
    Path dir;
    final List<BackupEntity> storage = new CopyOnWriteArrayList<>();
    FakeNode node1;
    FakeNode node2;
    ControllerDb db;
    MapDbRecordStore records;
    MapDbSleepStates sleeps;
    private DirectorySource source;
    private Dispatcher dispatcher;
    private FanOut fanOut;
    private ApiServer api;
    private Http http;

    @BeforeEach
    void start() throws IOException {
        Path apps = Files.createDirectory(dir.resolve("apps"));
        Fixtures.copy("/apps/hello.lain.yaml", apps, "hello.lain.yaml");
        Fixtures.copy("/apps/bad/bad-expire.lain.yaml", apps, "bad-expire.lain.yaml");
        Files.writeString(apps.resolve("other.yaml"), """
                appname: other
                web:
                  volumes:
                    - /data:
                        backup_full:
                          schedule: "0 2 * * *"
                """);
        node1 = new FakeNode(N1, storage);
        node2 = new FakeNode(N2, storage);
        db = ControllerDb.open(dir.resolve("backupctl.db"));
        records = new MapDbRecordStore(db);
        sleeps = new MapDbSleepStates(db);
        source = new DirectorySource(apps, List.of(N1, N2), new LainYamlParser(), Duration.ofMinutes(1));
        Map<String, okhttp3.HttpUrl> urls = Map.of(N1, node1.url(), N2, node2.url());
        DaemonClient client = new DaemonClient(DaemonClientTest.quick(), urls::get);
        DaemonBackups daemonBackups = new DaemonBackups(client);
        // loaded CI machines stall a fake node for seconds at times; no test here relies on the deadline
        fanOut = new FanOut(Duration.ofSeconds(20));
        dispatcher = new Dispatcher(new Planner(), client, sleeps, () -> "http://ctl/api/v2/system/notify", Duration.ofMinutes(1),
                Duration.ofSeconds(1), Duration.ofSeconds(1), Clock.systemUTC());
        dispatcher.accept(source.current());
        Clock clock = Clock.fixed(Instant.parse("2026-02-10T00:00:00Z"), ZoneOffset.UTC);
        AppRecords appRecords = new AppRecords(records, app -> source.current().apps().containsKey(app));
        CronJobs jobs = new CronJobs(source, dispatcher, client, sleeps, fanOut);
        BackupService backups = new BackupService(source, daemonBackups, fanOut);
        BackupRestores restores = new BackupRestores(backups, daemonBackups);
        List<RouteGroup> groups = List.of(
                new SystemRoutes(appRecords, source, dispatcher, db, copyRoot()),
                new CronRoutes(jobs),
                new RecordRoutes(appRecords, ZoneOffset.UTC, clock),
                new BackupRoutes(backups, restores),
                new ServerRoutes(jobs, dispatcher, client),
                new V1Routes(backups, restores, jobs, appRecords, ZoneOffset.UTC, clock));
        api = ApiServer.builder("controller").listen("127.0.0.1", 0).maxRequestBytes(Backupctl.MAX_REQUEST_BYTES)
                .authenticator(authenticator()).routes(endpoints -> groups.forEach(group -> group.register(endpoints))).start();
        http = new Http("http://127.0.0.1:" + api.port());
        Await.until("both nodes got their job sets", Duration.ofSeconds(5),
                () -> !node1.calls("PUT", "/api/v1/cron/jobs").isEmpty() && !node2.calls("PUT", "/api/v1/cron/jobs").isEmpty());
    }

    /** The auth step the API runs; none, as on loopback without a cluster secret, unless a test says otherwise. */
    Authenticator authenticator() {
        return Authenticator.NONE;
    }

    /** Every route the API registered. */
    List<ApiServer.Route> routes() {
        return api.routes();
    }

    /** Writes {@code yaml} as {@code file} into the apps folder and plans again, as the folder's poll would. */
    void replan(String file, String yaml) throws IOException {
        Files.writeString(dir.resolve("apps").resolve(file), yaml);
        source.refresh();
        dispatcher.accept(source.current());
    }

    @AfterEach
    void stop() throws IOException {
        api.close();
        dispatcher.close();
        fanOut.close();
        source.close();
        db.close();
        node1.close();
        node2.close();
    }

    /** The port the controller API listens on, for requests OkHttp would not send as written. */
    int port() {
        return api.port();
    }

    /** The operator's --backup-dir for this test's controller; empty: database copies are not configured. */
    java.util.Optional<java.nio.file.Path> copyRoot() {
        return java.util.Optional.of(dir.resolve("copies"));
    }

    Answer call(String method, String path, RequestBody body) throws IOException {
        return http.send(method, path, body);
    }

    Answer call(String method, String path, RequestBody body, Map<String, String> headers) throws IOException {
        return http.with(headers).send(method, path, body);
    }

    Answer get(String path) throws IOException {
        return http.get(path);
    }

    Answer post(String path, String json) throws IOException {
        return http.postJson(path, json);
    }

    Answer postForm(String path, String... pairs) throws IOException {
        return http.post(path, pairs);
    }

    /** Calls made to the fake daemons other than the dispatcher's own (job sets, notify, debug). */
    List<RecordedRequest> apiCalls() {
        List<RecordedRequest> out = new java.util.ArrayList<>();
        for (FakeNode node : List.of(node1, node2)) {
            node.calls.stream().filter(c -> !c.getPath().equals("/api/v1/cron/jobs") || !c.getMethod().equals("PUT"))
                    .filter(c -> !c.getPath().equals("/api/v1/notify") && !c.getPath().equals("/api/v1/debug")).forEach(out::add);
        }
        return out;
    }

    static void assertError(Answer answer, int status, String code) {
        assertThat(answer.status()).as("%s", answer.body()).isEqualTo(status);
        assertThat(answer.contentType()).startsWith("application/json");
        assertThat(answer.body().get("error").asText()).isEqualTo(code);
        assertThat(answer.body().get("message").asText()).isNotBlank();
        assertThat(answer.body().toString()).doesNotContain("at io.").doesNotContain("Exception");
    }

    static JobRecord record(String rid, String app, String start) {
        Job job = Job.of("0a000001" + "0".repeat(32), "0 1 * * *", "backup", Map.of("app", app), JobType.CRON);
        return JobRecord.started(rid, job, NODE, Instant.parse(start));
    }

    static BackupEntity backup(String app, String proc, int instanceNo, String volume, long unix) {
        String name = app + "-" + proc + "-" + instanceNo + "-" + volume.substring(1).replace('/', '-') + "-" + unix + ".tar.gz";
        return new BackupEntity(name, "full", app, proc, "/data/lain/volumes/" + app + "/" + proc + "/" + instanceNo + volume,
                volume, N1, 100, Instant.ofEpochSecond(unix), List.of(), instanceNo, "ab".repeat(32), 1L, null);
    }
}
