package io.backupd.daemon.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.backupd.common.error.ErrorCode;
import io.backupd.daemon.storage.fs.FsStorage;
import io.backupd.daemon.storage.memory.InMemoryStorage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CatalogStoreTest {
    static final String KEY = "hello/hello.web.web/1/data/catalog.json";
    static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    @TempDir
    Path dir;

    InMemoryStorage storage = new InMemoryStorage();
    CatalogSeed seed = new CatalogSeed(storage);
    CatalogStore store = new CatalogStore(storage, Clock.fixed(Instant.parse("2026-03-02T00:00:00Z"), ZoneOffset.UTC));

    String stored(String key) throws IOException {
        try (InputStream in = storage.open(key)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void anEntryWrittenIsReadBackWithEveryFieldAndKeptOldestFirst() {
        CatalogEntry newer = seed.archiveOnly("hello", "hello.web.web", 1, "/data", T0.plusSeconds(60));
        CatalogEntry older = seed.archiveOnly("hello", "hello.web.web", 1, "/data", T0);
        CatalogEntry withExtra = new CatalogEntry(older.name(), older.key(), "full", "tar.gz", older.size(), older.sha256(),
                older.created(), "hello", "hello.web.web", 1, older.source(), "/data", List.of("c1", "c2"), "10.0.0.5",
                3L, 30L, "complete", null, Map.of("gzipMembers", List.of(Map.of("offset", 0, "size", 12)), "note", "x"));
        store.update(KEY, Catalog::empty, c -> c.with(newer));
        store.update(KEY, Catalog::empty, c -> c.with(withExtra));

        Catalog read = store.read(KEY).orElseThrow();
        assertThat(read.version()).isEqualTo(1);
        assertThat(read.entries()).extracting(CatalogEntry::name).containsExactly(older.name(), newer.name());
        assertThat(read.entries().get(0)).isEqualTo(withExtra);
        assertThat(read.entries().get(0).toEntity().sha256()).isEqualTo(older.sha256());
    }

    @Test
    void addingTheSameNameTwiceReplacesTheEntry() {
        CatalogEntry entry = seed.archiveOnly("hello", "hello.web.web", 1, "/data", T0);
        store.update(KEY, Catalog::empty, c -> c.with(entry));
        store.update(KEY, Catalog::empty, c -> c.with(entry));
        assertThat(store.read(KEY).orElseThrow().entries()).hasSize(1);
    }

    @Test
    void noCatalogIsCreatedForAFolderWithNothingToList() {
        store.update(KEY, Catalog::empty, c -> c);
        assertThat(storage.stat(KEY)).isEmpty();
        assertThat(store.read(KEY)).isEmpty();
    }

    @Test
    void aDamagedCatalogIsReportedByNameAndNeverOverwrittenByAnUpdate() throws IOException {
        storage.replace(KEY, "{\"version\": 1, \"entries\": [".getBytes(StandardCharsets.UTF_8));
        CatalogEntry entry = seed.archiveOnly("hello", "hello.web.web", 1, "/data", T0);

        assertThatThrownBy(() -> store.read(KEY)).isInstanceOfSatisfying(CorruptCatalogException.class, e -> {
            assertThat(e.getMessage()).contains(KEY, "not valid JSON", "left unchanged", "rebuild");
            assertThat(e.code()).isEqualTo(ErrorCode.INTERNAL);
            assertThat(e.catalogKey()).isEqualTo(KEY);
        });
        assertThatThrownBy(() -> store.update(KEY, Catalog::empty, c -> c.with(entry)))
                .isInstanceOf(CorruptCatalogException.class);
        assertThat(stored(KEY)).isEqualTo("{\"version\": 1, \"entries\": [");
        assertThat(store.corrupt()).containsExactly(KEY);
    }

    @Test
    void anExplicitReplaceKeepsTheDamagedCatalogAside() throws IOException {
        storage.replace(KEY, "garbage".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> store.read(KEY)).isInstanceOf(CorruptCatalogException.class);

        String aside = store.replaceSettingAside(KEY, Catalog.empty()).orElseThrow();

        assertThat(aside).isEqualTo(KEY + ".corrupt-" + Instant.parse("2026-03-02T00:00:00Z").toEpochMilli());
        assertThat(stored(aside)).isEqualTo("garbage");
        assertThat(store.read(KEY)).contains(Catalog.empty());
        assertThat(store.corrupt()).isEmpty();
        assertThat(store.replaceSettingAside(KEY, Catalog.empty())).as("a catalog that parses is not kept aside").isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "missing sha256      | \"sha256\": \"@SHA@\",                         | | field 'sha256' is missing",
            "bad sha256          | \"sha256\": \"@SHA@\"                          | \"sha256\": \"ABC\"  | 64 lowercase hex",
            "key outside folder  | \"key\": \"@KEY@\"                             | \"key\": \"other/x.tar.gz\" | outside the catalog's folder",
            "escaping key        | \"key\": \"@KEY@\"                             | \"key\": \"hello/hello.web.web/1/data/../../x\" | not a valid storage key",
            "negative size       | \"size\": @SIZE@                               | \"size\": -1 | whole numbers",
            "other app           | \"app\": \"hello\"                             | \"app\": \"other\" | must be those of the folder",
            "name with slash     | \"name\": \"@NAME@\"                           | \"name\": \"a/b\" | plain file name",
            "bad created         | \"created\": \"2026-03-01T10:00:00Z\"          | \"created\": \"yesterday\" | entry 0",
    })
    void handWrittenEntriesThatBreakARuleAreReportedNamingTheField(String what, String from, String to, String why) {
        CatalogEntry entry = seed.backup("hello", "hello.web.web", 1, "/data", T0);
        String good = new String(CatalogCodec.encode(store.read(KEY).orElseThrow()), StandardCharsets.UTF_8)
                .replaceAll("\\s*\\n\\s*", "").replace(" : ", ": ");
        String pattern = from.replace("@SHA@", entry.sha256()).replace("@KEY@", entry.key())
                .replace("@SIZE@", Long.toString(entry.size())).replace("@NAME@", entry.name());
        assertThat(good).as("the test edits a field that is there").contains(pattern.replaceAll(",$", ""));
        String bad = good.replace(pattern, to == null ? "" : to);
        storage.replace(KEY, bad.getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> store.read(KEY)).isInstanceOf(CorruptCatalogException.class).hasMessageContaining(KEY)
                .hasMessageContaining(why);
    }

    @Test
    void catalogsOfANewerFormatOrWithoutEntriesAreRefused() {
        storage.replace(KEY, "{\"version\": 2, \"entries\": []}".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> store.read(KEY)).hasMessageContaining("version 2").hasMessageContaining("newer");
        storage.replace(KEY, "{\"version\": 1}".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> store.read(KEY)).hasMessageContaining("'entries'");
        storage.replace(KEY, "[]".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> store.read(KEY)).hasMessageContaining("not a JSON object");
    }

    @Test
    void optionalFieldsMayBeLeftOutAndUnknownOnesAreIgnored() {
        CatalogEntry e = seed.archiveOnly("hello", "hello.web.web", 1, "/data", T0);
        String json = "{\"version\": 1, \"entries\": [{\"name\": \"" + e.name() + "\", \"key\": \"" + e.key() + "\","
                + " \"mode\": \"full\", \"format\": \"tar.gz\", \"size\": " + e.size() + ", \"sha256\": \"" + e.sha256() + "\","
                + " \"created\": \"2026-03-01T10:00:00Z\", \"app\": \"hello\", \"proc\": \"hello.web.web\", \"instanceNo\": 1,"
                + " \"volume\": \"/data\", \"state\": \"complete\", \"madeBy\": \"another tool\"}]}";
        storage.replace(KEY, json.getBytes(StandardCharsets.UTF_8));

        CatalogEntry read = store.read(KEY).orElseThrow().entries().get(0);
        assertThat(read.complete()).isTrue();
        assertThat(read.containers()).isEmpty();
        assertThat(read.server()).isNull();
        assertThat(read.extra()).isEmpty();
        assertThat(read.created()).isEqualTo(T0);
    }

    @Test
    void concurrentUpdatesOfOneCatalogAreSerialisedAndNoneIsLost() throws Exception {
        FsStorage fs = new FsStorage(dir.resolve("store"));
        CatalogSeed fsSeed = new CatalogSeed(fs);
        CatalogStore shared = new CatalogStore(fs, Clock.systemUTC());
        List<CatalogEntry> entries = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            entries.add(fsSeed.archiveOnly("hello", "hello.web.web", 1, "/data", T0.plusSeconds(i)));
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (CatalogEntry entry : entries) {
                done.add(pool.submit(() -> {
                    start.await();
                    return shared.update(KEY, Catalog::empty, c -> c.with(entry));
                }));
            }
            start.countDown();
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(shared.read(KEY).orElseThrow().entries()).containsExactlyElementsOf(entries);
    }

    @Test
    void aWriteByAnotherNodeBetweenReadAndReplaceIsNotLost() {
        CatalogEntry theirs = seed.archiveOnly("hello", "hello.web.web", 1, "/data", T0);
        CatalogEntry ours = seed.archiveOnly("hello", "hello.web.web", 1, "/data", T0.plusSeconds(5));
        AtomicInteger calls = new AtomicInteger();

        store.update(KEY, Catalog::empty, c -> {
            if (calls.getAndIncrement() == 0) {
                // another daemon writes the catalog while this one is computing its change
                storage.replace(KEY, CatalogCodec.encode(Catalog.empty().with(theirs)));
            }
            return c.with(ours);
        });

        assertThat(calls).hasValue(2);
        assertThat(store.read(KEY).orElseThrow().entries()).containsExactly(theirs, ours);
    }
}
