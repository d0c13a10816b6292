package io.backupd.daemon.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.backupd.common.error.BackupException;
import io.backupd.common.error.ErrorCode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What every {@link Storage} driver must do; each driver's test extends this with its own factory. */
public abstract class StorageContractTest {
    protected Storage storage;

    /** A fresh, empty storage for each test. */
    protected abstract Storage newStorage() throws IOException;

    @BeforeEach
    void open() throws IOException {
        storage = newStorage();
    }

    protected static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    protected String read(String key) throws IOException {
        try (InputStream in = storage.open(key)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    protected List<String> keys(String prefix) {
        try (Stream<ObjectInfo> list = storage.list(prefix)) {
            return list.map(ObjectInfo::key).sorted().toList();
        }
    }

    @Test
    void committedUploadIsVisibleWithItsBytesAndSize() throws IOException {
        ObjectInfo info;
        try (Upload upload = storage.create("app/p/1/vol/full/a.tar.gz")) {
            upload.stream().write(bytes("hello "));
            upload.stream().write(bytes("world"));
            info = upload.commit();
        }
        assertThat(info.key()).isEqualTo("app/p/1/vol/full/a.tar.gz");
        assertThat(info.size()).isEqualTo(11);
        assertThat(read("app/p/1/vol/full/a.tar.gz")).isEqualTo("hello world");
        assertThat(storage.stat("app/p/1/vol/full/a.tar.gz")).get().extracting(ObjectInfo::size).isEqualTo(11L);
    }

    @Test
    void uploadIsInvisibleUntilCommit() throws IOException {
        try (Upload upload = storage.create("a/b.bin")) {
            upload.stream().write(bytes("partial"));
            upload.stream().flush();
            assertThat(storage.stat("a/b.bin")).isEmpty();
            assertThat(keys("")).isEmpty();
            assertThatThrownBy(() -> storage.open("a/b.bin"))
                    .isInstanceOfSatisfying(BackupException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
            upload.commit();
        }
        assertThat(keys("")).containsExactly("a/b.bin");
    }

    @Test
    void abortedUploadNeverBecomesVisible() throws IOException {
        try (Upload upload = storage.create("a/never.bin")) {
            upload.stream().write(bytes("half an archive"));
            // closed without commit, as when the archiver throws
        }
        assertThat(storage.stat("a/never.bin")).isEmpty();
        assertThat(keys("")).isEmpty();
        assertThat(keys("a/")).isEmpty();
    }

    @Test
    void commitReplacesAnExistingObjectWhole() throws IOException {
        storage.replace("cat/catalog.json", bytes("old old old"));
        try (Upload upload = storage.create("cat/catalog.json")) {
            upload.stream().write(bytes("new"));
            upload.commit();
        }
        assertThat(read("cat/catalog.json")).isEqualTo("new");
    }

    @Test
    void replaceWritesSmallObjectsAtomically() throws IOException {
        storage.replace("x/catalog.json", bytes("[1]"));
        ObjectInfo second = storage.replace("x/catalog.json", bytes("[1,2]"));
        assertThat(second.size()).isEqualTo(5);
        assertThat(read("x/catalog.json")).isEqualTo("[1,2]");
        assertThat(keys("x/")).containsExactly("x/catalog.json");
    }

    @Test
    void listFiltersByPrefix() {
        storage.replace("hello/hello.web.web/1/data/full/a", bytes("1"));
        storage.replace("hello/hello.web.web/1/data/full/b", bytes("22"));
        storage.replace("hello/hello.web.web/2/data/full/c", bytes("333"));
        storage.replace("hello2/x", bytes("4"));
        assertThat(keys("hello/hello.web.web/1/")).containsExactly(
                "hello/hello.web.web/1/data/full/a", "hello/hello.web.web/1/data/full/b");
        assertThat(keys("hello/")).hasSize(3);
        assertThat(keys("hello")).hasSize(4);
        assertThat(keys("nothing/")).isEmpty();
        try (Stream<ObjectInfo> list = storage.list("hello/hello.web.web/2/")) {
            assertThat(list.toList()).singleElement().extracting(ObjectInfo::size).isEqualTo(3L);
        }
    }

    @Test
    void rangedReadReturnsTheRangeAndStopsAtTheEnd() throws IOException {
        storage.replace("app/p/1/vol/increment/packs/ab", bytes("0123456789"));
        try (InputStream middle = storage.open("app/p/1/vol/increment/packs/ab", 3, 4);
             InputStream tail = storage.open("app/p/1/vol/increment/packs/ab", 8, 100);
             InputStream past = storage.open("app/p/1/vol/increment/packs/ab", 20, 5)) {
            assertThat(new String(middle.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("3456");
            assertThat(new String(tail.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("89");
            assertThat(past.readAllBytes()).isEmpty();
        }
        assertThatThrownBy(() -> storage.open("app/p/1/vol/increment/packs/missing", 0, 1))
                .isInstanceOfSatisfying(BackupException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
        assertThatThrownBy(() -> storage.open("app/p/1/vol/increment/packs/ab", -1, 1))
                .isInstanceOfSatisfying(BackupException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
    }

    @Test
    void deleteIsIdempotent() {
        storage.replace("d/e", bytes("x"));
        assertThat(storage.delete("d/e")).isTrue();
        assertThat(storage.delete("d/e")).isFalse();
        assertThat(storage.stat("d/e")).isEmpty();
    }

    @Test
    void openOfAMissingKeyIsNotFound() {
        assertThatThrownBy(() -> storage.open("no/such"))
                .isInstanceOfSatisfying(BackupException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
    }

    @ParameterizedTest
    @ValueSource(strings = {"../etc/passwd", "/etc/passwd", "a/../../b", "a//b", "a/./b", "", "a/b/", "a\\b"})
    void keysThatCouldEscapeAreRefusedBeforeAnythingIsWritten(String key) {
        assertThatThrownBy(() -> storage.create(key))
                .isInstanceOfSatisfying(BackupException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
        assertThatThrownBy(() -> storage.replace(key, bytes("x")))
                .isInstanceOfSatisfying(BackupException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
        assertThat(keys("")).isEmpty();
    }

    @Test
    void locationIsReported() {
        assertThat(storage.location()).contains(":");
    }

    @Test
    void sweepingTemporariesNeverTouchesObjectsOrAnOpenUpload() throws IOException {
        storage.replace("app/p/1/vol/catalog.json", bytes("{}"));
        try (Upload open = storage.create("app/p/1/vol/full/b.tar.gz")) {
            open.stream().write(bytes("in progress"));
            open.stream().flush();

            assertThat(storage.sweepTemporaries(java.time.Instant.now().plusSeconds(3600))).isZero();

            open.commit();
        }
        assertThat(read("app/p/1/vol/catalog.json")).isEqualTo("{}");
        assertThat(read("app/p/1/vol/full/b.tar.gz")).isEqualTo("in progress");
        assertThat(keys("")).containsExactly("app/p/1/vol/catalog.json", "app/p/1/vol/full/b.tar.gz");
    }
}
