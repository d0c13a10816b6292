package io.backupd.ctl;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.backupd.common.json.Json;
import io.backupd.ctl.standalone.StandaloneLayout;
import io.backupd.testing.Await;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Standalone mode in-process with the real embedded daemon: the pushed job set's version is the one
 * the daemon reports in /debug (what reconcile relies on), and a run's record comes back through notify.
 */
class StandaloneTest {
    private static final Duration WAIT = Duration.ofSeconds(15);

    @TempDir
    Path dir;
    private final OkHttpClient http = new OkHttpClient();

    private JsonNode call(String method, String url) throws IOException {
        RequestBody body = method.equals("POST") ? RequestBody.create(new byte[0], null) : null;
        try (Response r = http.newCall(new Request.Builder().url(url).method(method, body).build()).execute()) {
            return Json.mapper().readTree(r.body().string());
        }
    }

    private JsonNode post(String url, String... form) throws IOException {
        okhttp3.FormBody.Builder body = new okhttp3.FormBody.Builder();
        for (int i = 0; i < form.length; i += 2) {
            body.add(form[i], form[i + 1]);
        }
        try (Response r = http.newCall(new Request.Builder().url(url).post(body.build()).build()).execute()) {
            JsonNode answer = Json.mapper().readTree(r.body().string());
            return answer.isObject() ? ((com.fasterxml.jackson.databind.node.ObjectNode) answer).put("status", r.code()) : answer;
        }
    }

    /** Every file and directory under {@code root}: relative path → its content (files) or "dir". */
    private static Map<String, String> tree(Path root) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.toList()) {
                out.put(root.relativize(path).toString(), Files.isDirectory(path) ? "dir" : Files.readString(path));
            }
        }
        return out;
    }

    /**
     * Through the controller and a real daemon: a migrate into the parent of the backed-up volume
     * (/var/lib of /var/lib/shop) or into /etc is refused and leaves every file of every instance
     * in place; the migrate into the same volume of the other instance works.
     */
    @Test
    void aMigrateIntoAnUndeclaredDirectoryLeavesEveryFileAndTheRealOneWorks() throws Exception {
        Path apps = Files.createDirectory(dir.resolve("apps"));
        Files.writeString(apps.resolve("shop.yaml"), """
                appname: shop
                web:
                  num_instances: 2
                  volumes:
                    - /var/lib/shop:
                        backup_full:
                          schedule: "0 3 * * *"
                """);
        StandaloneLayout layout = new StandaloneLayout(dir.resolve("data"), null, ZoneOffset.UTC);
        Path instances = layout.volumeRoot().resolve("shop/shop.web.web");
        for (int n = 1; n <= 2; n++) {
            Path shop = Files.createDirectories(instances.resolve(n + "/var/lib/shop/orders"));
            Files.writeString(shop.resolve("o1.json"), "order of instance " + n);
            Files.writeString(instances.resolve(n + "/var/lib/beside.txt"), "beside " + n);
            Files.writeString(Files.createDirectories(instances.resolve(n + "/etc")).resolve("passwd"), "root:x:0:0");
        }

        try (StandaloneCommand.Running running = StandaloneCommand.start(apps, layout, new HostPort("127.0.0.1", 0))) {
            String root = "http://127.0.0.1:" + running.controller().port();
            String id = null;
            for (JsonNode job : call("GET", root + "/api/v2/app/shop/cron/jobs")) {
                if (job.path("args").path("instanceNo").asText().equals("1")) {
                    id = job.get("id").asText();
                }
            }
            String rid = call("POST", root + "/api/v2/app/shop/cron/jobs/" + id + "/actions/run").get("rid").asText();
            awaitSuccess(root + "/api/v2/app/shop/cron/records/" + rid);
            String name = call("GET", root + "/api/v2/app/shop/proc/web/backups").get(0).get("name").asText();
            Map<String, String> before = tree(instances);
            String v2 = root + "/api/v2/app/shop/proc/web/backups/" + name + "/actions/migrate";
            String v1 = root + "/api/v1/backup/migrate/app/shop/proc/web/file/" + name;

            for (JsonNode refused : List.of(post(v2, "volume", "/var/lib", "to", "2"), post(v2, "volume", "/etc", "to", "2"),
                    post(v1, "volume", "/var/lib", "from", "1", "to", "2"), post(v1, "volume", "/etc", "from", "1", "to", "2"))) {
                assertThat(refused.get("status").asInt()).as("%s", refused).isEqualTo(400);
                assertThat(refused.get("error").asText()).isEqualTo("INVALID_ARGUMENT");
                assertThat(refused.get("message").asText()).contains("volume");
            }
            assertThat(tree(instances)).isEqualTo(before);

            Map<String, String> instanceOne = tree(instances.resolve("1"));
            JsonNode migrate = post(v2, "volume", "/var/lib/shop", "to", "2");
            assertThat(migrate.get("status").asInt()).as("%s", migrate).isEqualTo(202);
            awaitSuccess(root + "/api/v2/app/shop/cron/records/" + migrate.get("rid").asText());
            assertThat(Files.readString(instances.resolve("2/var/lib/shop/orders/o1.json"))).isEqualTo("order of instance 1");
            assertThat(Files.readString(instances.resolve("2/var/lib/beside.txt"))).isEqualTo("beside 2");
            assertThat(Files.readString(instances.resolve("2/etc/passwd"))).isEqualTo("root:x:0:0");
            assertThat(tree(instances.resolve("1"))).as("the source instance is left alone").isEqualTo(instanceOne);
        }
    }

    /** The node's expire job, listed under the app, runs through the app's route on the real daemon. */
    @Test
    void theNodesExpireJobRunsThroughTheAppsRoute() throws Exception {
        Path apps = Files.createDirectory(dir.resolve("apps"));
        StandaloneLayout layout = new StandaloneLayout(dir.resolve("data"), null, ZoneOffset.UTC);
        webDataApp(apps, layout, "demo", "backup_full");

        try (StandaloneCommand.Running running = StandaloneCommand.start(apps, layout, new HostPort("127.0.0.1", 0))) {
            String ctl = "http://127.0.0.1:" + running.controller().port() + "/api/v2";
            String expire = null;
            for (JsonNode job : call("GET", ctl + "/app/demo/cron/jobs")) {
                if (job.get("action").asText().equals("backup_expire")) {
                    expire = job.get("id").asText();
                }
            }
            assertThat(expire).as("the node's expire job is listed under the app").isNotNull();

            JsonNode run = post(ctl + "/app/demo/cron/jobs/" + expire + "/actions/run");

            assertThat(run.get("status").asInt()).as("%s", run).isEqualTo(202);
            String rid = run.get("rid").asText();
            Await.until("the expire run's success record", WAIT, () -> {
                try {
                    for (JsonNode record : call("GET", ctl + "/system/records")) {
                        if (record.get("rid").asText().equals(rid)) {
                            return "success".equals(record.path("state").asText());
                        }
                    }
                    return false;
                } catch (IOException e) {
                    return false;
                }
            });
        }
    }

    /** Declares app {@code app} whose web proc backs up /data ({@code kind}: backup_full or backup_increment); returns the volume. */
    private static Path webDataApp(Path apps, StandaloneLayout layout, String app, String kind) throws IOException {
        Path volume = Files.createDirectories(layout.volumeRoot().resolve(app + "/" + app + ".web.web/1/data"));
        Files.writeString(apps.resolve(app + ".yaml"), """
                appname: %s
                web:
                  volumes:
                    - /data:
                        %s:
                          schedule: "0 3 * * *"
                """.formatted(app, kind));
        return volume;
    }

    /** Waits until the record at {@code recordUrl} (the controller's) says {@code success}. */
    private void awaitSuccess(String recordUrl) {
        Await.until("a success record at " + recordUrl, WAIT, () -> {
            try {
                return "success".equals(call("GET", recordUrl).path("state").asText());
            } catch (IOException e) {
                return false;
            }
        });
    }

    @Test
    void runOfAPlannedJobComesBackAsASuccessRecord() throws Exception {
        runComesBackAsASuccessRecord(new HostPort("127.0.0.1", 0));
    }

    /** The embedded daemon reports to where the controller listens, not to a fixed 127.0.0.1. */
    @Test
    void aControllerOnAnotherLoopbackAddressAndAFixedPortStillGetsItsRecords() throws Exception {
        runComesBackAsASuccessRecord(new HostPort("127.0.0.2", freePort("127.0.0.2")));
    }

    /** A script that lists a new app's jobs and runs one at once gets a run, not "no cron job on this node". */
    @Test
    void aJobRunTheMomentANewLainYamlIsPlannedSucceeds() throws Exception {
        Path apps = Files.createDirectory(dir.resolve("apps"));
        StandaloneLayout layout = new StandaloneLayout(dir.resolve("data"), null, ZoneOffset.UTC);

        try (StandaloneCommand.Running running = StandaloneCommand.start(apps, layout, new HostPort("127.0.0.1", 0))) {
            String ctl = "http://127.0.0.1:" + running.controller().port() + "/api/v2";
            Files.writeString(webDataApp(apps, layout, "late", "backup_full").resolve("a.txt"), "late");
            Await.until("the new app's job listed", WAIT, () -> {
                try {
                    return call("GET", ctl + "/app/late/cron/jobs").path(0).has("id");
                } catch (IOException e) {
                    return false;
                }
            });
            String id = call("GET", ctl + "/app/late/cron/jobs").get(0).get("id").asText();
            JsonNode run = call("POST", ctl + "/app/late/cron/jobs/" + id + "/actions/run");

            assertThat(run.has("rid")).as("%s", run).isTrue();
            String rid = run.get("rid").asText();
            awaitSuccess(ctl + "/app/late/cron/records/" + rid);
        }
    }

    /** One page of a file listing: the entries and the {@code X-Backupd-Next-After} header, null on the last page. */
    private record Page(int status, JsonNode body, String next) {
    }

    private Page page(String url) throws IOException {
        try (Response r = http.newCall(new Request.Builder().url(url).get().build()).execute()) {
            return new Page(r.code(), Json.mapper().readTree(r.body().string()), r.header("X-Backupd-Next-After"));
        }
    }

    /** Every name of a listing paged through the controller at {@code limit} per page, following the header to the end. */
    private List<String> pageThrough(String base, int limit) throws IOException {
        List<String> names = new ArrayList<>();
        String after = null;
        for (int pages = 0; pages < 100; pages++) {
            HttpUrl.Builder url = HttpUrl.get(base).newBuilder().addQueryParameter("limit", Integer.toString(limit));
            if (after != null) {
                url.addQueryParameter("after", after);
            }
            Page page = page(url.build().toString());
            assertThat(page.status()).as("%s", page.body()).isEqualTo(200);
            assertThat(page.body().size()).isLessThanOrEqualTo(limit);
            page.body().forEach(entry -> names.add(entry.get("name").asText()));
            if (page.next() == null) {
                return names;
            }
            after = page.next();
        }
        throw new AssertionError("the listing did not end within 100 pages: " + names.size() + " names so far");
    }

    /** A snapshot listing longer than a page is paged through the controller (v2 open=true and v1 filelist), never cut. */
    @Test
    void aFileListingIsPagedThroughTheControllerWithTheDaemonsCursor() throws Exception {
        Path apps = Files.createDirectory(dir.resolve("apps"));
        StandaloneLayout layout = new StandaloneLayout(dir.resolve("data"), null, ZoneOffset.UTC);
        Path volume = webDataApp(apps, layout, "snap", "backup_increment");
        for (int i = 0; i < 23; i++) {
            Path file = volume.resolve("d" + (i % 3) + "/f" + i + ".txt");
            Files.createDirectories(file.getParent());
            Files.writeString(file, "file " + i);
        }

        try (StandaloneCommand.Running running = StandaloneCommand.start(apps, layout, new HostPort("127.0.0.1", 0))) {
            String root = "http://127.0.0.1:" + running.controller().port();
            String id = call("GET", root + "/api/v2/app/snap/cron/jobs").get(0).get("id").asText();
            String rid = call("POST", root + "/api/v2/app/snap/cron/jobs/" + id + "/actions/run").get("rid").asText();
            awaitSuccess(root + "/api/v2/app/snap/cron/records/" + rid);
            String name = call("GET", root + "/api/v2/app/snap/proc/web/backups").get(0).get("name").asText();
            String v2 = root + "/api/v2/app/snap/proc/web/backups/" + name + "?open=true";
            Page whole = page(v2 + "&limit=100000");
            assertThat(whole.next()).isNull();
            List<String> all = new ArrayList<>();
            whole.body().forEach(entry -> all.add(entry.get("name").asText()));
            assertThat(all).hasSizeGreaterThan(23).contains("d0/f0.txt", "d2/f20.txt");

            List<String> v2Pages = pageThrough(v2, 5);
            List<String> v1Pages = pageThrough(root + "/api/v1/backup/filelist/app/snap/proc/web/dir/" + name, 7);

            assertThat(v2Pages).doesNotHaveDuplicates().containsExactlyElementsOf(all);
            assertThat(v1Pages).doesNotHaveDuplicates().containsExactlyElementsOf(all);
            JsonNode d1 = page(v2 + "&prefix=d1&limit=100").body();
            assertThat(d1).isNotEmpty().allSatisfy(entry -> assertThat(entry.get("name").asText()).startsWith("d1"));
            Page bad = page(v2 + "&limit=0");
            assertThat(bad.status()).isEqualTo(400);
            assertThat(bad.body().get("error").asText()).isEqualTo("INVALID_ARGUMENT");
        }
    }

    /** A wildcard bind is reached through loopback, by the embedded daemon as by this test. */
    @Test
    void aWildcardBindOnAFixedPortGetsItsRecordsThroughLoopback() throws Exception {
        assertThat(HostPort.reachable("0.0.0.0")).isEqualTo("127.0.0.1");
        assertThat(HostPort.reachable("::")).isEqualTo("[::1]");
        assertThat(HostPort.reachable("127.0.0.2")).isEqualTo("127.0.0.2");
        runComesBackAsASuccessRecord(new HostPort("0.0.0.0", freePort("0.0.0.0")));
    }

    @Test
    void databaseCopiesGoUnderDataDbCopiesAndNowhereElse() throws Exception {
        Path apps = Files.createDirectory(dir.resolve("apps"));
        StandaloneLayout layout = new StandaloneLayout(dir.resolve("data"), null, ZoneOffset.UTC);

        try (StandaloneCommand.Running running = StandaloneCommand.start(apps, layout, new HostPort("127.0.0.1", 0))) {
            String ctl = "http://127.0.0.1:" + running.controller().port() + "/api/v2";

            JsonNode copy = post(ctl + "/system/backup", "dir", "before-upgrade");
            JsonNode outside = post(ctl + "/system/backup", "dir", dir.resolve("elsewhere").toString());

            assertThat(copy.get("status").asInt()).as("%s", copy).isEqualTo(201);
            assertThat(copy.get("file").asText()).isEqualTo(layout.data().resolve("db-copies/before-upgrade/backupctl.db").toString());
            assertThat(outside.get("status").asInt()).isEqualTo(400);
            assertThat(outside.get("error").asText()).isEqualTo("INVALID_ARGUMENT");
            assertThat(dir.resolve("elsewhere")).doesNotExist();
        }
    }

    private static int freePort(String host) throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(host))) {
            return socket.getLocalPort();
        }
    }

    private void runComesBackAsASuccessRecord(HostPort listen) throws Exception {
        Path apps = Files.createDirectory(dir.resolve("apps"));
        StandaloneLayout layout = new StandaloneLayout(dir.resolve("data"), null, ZoneOffset.UTC);
        Path volume = webDataApp(apps, layout, "demo", "backup_full");
        Files.writeString(volume.resolve("a.txt"), "hello");

        try (StandaloneCommand.Running running = StandaloneCommand.start(apps, layout, listen)) {
            String ctl = "http://" + HostPort.reachable(listen.host()) + ":" + running.controller().port() + "/api/v2";
            String daemon = running.daemon().baseUrl() + "/api/v1";
            Await.until("job set pushed", WAIT, () -> {
                try {
                    JsonNode node = call("GET", ctl + "/system/state").get("nodes").get(0);
                    return node.get("plannedVersion").asText().equals(node.get("pushedVersion").asText(null));
                } catch (IOException e) {
                    return false;
                }
            });
            JsonNode node = call("GET", ctl + "/system/state").get("nodes").get(0);
            assertThat(node.get("pushedVersion").asText()).isEqualTo(node.get("plannedVersion").asText());
            // the embedded daemon shares a secret with its controller only: a caller on this host is refused
            assertThat(call("GET", daemon + "/debug").get("error").asText()).isEqualTo("UNAUTHENTICATED");

            String id = call("GET", ctl + "/app/demo/cron/jobs").get(0).get("id").asText();
            String rid = call("POST", ctl + "/app/demo/cron/jobs/" + id + "/actions/run").get("rid").asText();

            awaitSuccess(ctl + "/app/demo/cron/records/" + rid);
            try (Stream<Path> full = Files.list(layout.backups().resolve("demo/demo.web.web/1/data/full"))) {
                // the archive, and the gzip member index a restore inflates it on several cores with
                assertThat(full.map(p -> p.getFileName().toString()).map(n -> n.replaceAll("-\\d+\\.", "-<unix>.")))
                        .containsExactlyInAnyOrder("demo-demo.web.web-1-data-<unix>.tar.gz", "demo-demo.web.web-1-data-<unix>.tar.gz.idx");
            }
        }
    }
}
