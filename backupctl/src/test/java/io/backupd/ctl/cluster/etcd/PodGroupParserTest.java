package io.backupd.ctl.cluster.etcd;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.backupd.common.error.BackupException;
import io.backupd.common.error.ErrorCode;
import io.backupd.common.spec.AnnotationParser;
import io.backupd.common.spec.BackupMode;
import io.backupd.common.spec.BackupSpec;
import io.backupd.common.spec.FullFormat;
import org.junit.jupiter.api.Test;

class PodGroupParserTest {
    private final PodGroupParser parser = new PodGroupParser(Fixtures.PREFIX, new AnnotationParser());

    @Test
    void readsSpecsAndInstancesOfAFixture() {
        PodGroup group = parser.parse(Fixtures.key("hello.web.web"), Fixtures.bytes("hello.web.web"), 7);

        assertThat(group.procFullName()).isEqualTo("hello.web.web");
        assertThat(group.app()).isEqualTo("hello");
        assertThat(group.modRevision()).isEqualTo(7);
        assertThat(group.specs()).containsExactly(
                new BackupSpec("hello.web.web", "/var/lib/hello", "0 23 * * *", "30d", BackupMode.FULL, "backup.sh", "end-backup.sh"),
                new BackupSpec("hello.web.web", "/var/lib/hello", "0 * * * *", "3d", BackupMode.INCREMENT, "", ""));
        assertThat(group.instances()).containsExactly(
                new PodGroup.Instance(1, java.util.List.of(new PodGroup.Container("c0ffee01a1b2", "127.0.0.2", "node1"))));
    }

    @Test
    void readsEveryInstanceOfAMultiInstanceProc() {
        PodGroup group = parser.parse(Fixtures.key("hello.worker.worker"), Fixtures.bytes("hello.worker.worker"), 1);

        assertThat(group.instances()).extracting(PodGroup.Instance::instanceNo).containsExactly(1, 2);
        assertThat(group.instances()).flatExtracting(PodGroup.Instance::containers)
                .extracting(PodGroup.Container::nodeIp).containsExactly("127.0.0.2", "127.0.0.3");
        assertThat(group.specs()).singleElement().extracting(BackupSpec::volume).isEqualTo("/data/queue");
    }

    @Test
    void aProcWithoutBackupsHasNoSpecs() {
        assertThat(parser.parse(Fixtures.key("plain.web.web"), Fixtures.bytes("plain.web.web"), 1).specs()).isEmpty();
    }

    @Test
    void anAnnotationThatIsNotJsonNamesTheKeyAndProc() {
        String key = Fixtures.key("broken.web.web");
        assertThatThrownBy(() -> parser.parse(key, Fixtures.bytes("broken.web.web"), 1))
                .isInstanceOf(BackupException.class)
                .satisfies(e -> assertThat(((BackupException) e).code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
                .hasMessageStartingWith(key + ": ")
                .hasMessageContaining("broken.web.web")
                .hasMessageContaining("not valid JSON");
    }

    @Test
    void aValueThatIsNotJsonNamesTheKey() {
        String key = Fixtures.key("hello.web.web");
        assertThatThrownBy(() -> parser.parse(key, "{\"Spec\":".getBytes(UTF_8), 1))
                .isInstanceOf(BackupException.class)
                .hasMessageStartingWith(key + ": value is not a deployd pod group");
    }

    @Test
    void aValueWithoutSpecNameIsRejected() {
        String key = Fixtures.key("hello.web.web");
        assertThatThrownBy(() -> parser.parse(key, "{\"Pods\": []}".getBytes(UTF_8), 1))
                .hasMessage(key + ": value has no Spec.Name");
    }

    @Test
    void aSpecNameThatDoesNotMatchTheKeyIsRejected() {
        String key = Fixtures.PREFIX + "hello/hello.other.other";
        assertThatThrownBy(() -> parser.parse(key, Fixtures.bytes("hello.web.web"), 1))
                .hasMessageContaining("Spec.Name 'hello.web.web' does not match the key");
    }

    @Test
    void aKeyOutsideTheLayoutIsRejected() {
        String key = Fixtures.PREFIX + "hello.web.web";
        assertThatThrownBy(() -> parser.parse(key, Fixtures.bytes("hello.web.web"), 1))
                .hasMessageContaining("key is not of the form");
    }

    @Test
    void aPodWithoutInstanceNoIsRejected() {
        String value = "{\"Spec\":{\"Name\":\"hello.web.web\"},\"Pods\":[{\"Containers\":[]}]}";
        assertThatThrownBy(() -> parser.parse(Fixtures.key("hello.web.web"), value.getBytes(UTF_8), 1))
                .hasMessageContaining("InstanceNo");
    }

    @Test
    void theAnnotationCarriesAFullBackupsFormatAndAnUnknownOneNamesKeyProcAndField() {
        String key = Fixtures.key("hello.web.web");
        String value = "{\"Spec\":{\"Name\":\"hello.web.web\",\"Pod\":{\"Annotation\":\"{\\\"backup\\\":[{\\\"procname\\\":"
                + "\\\"hello.web.web\\\",\\\"volume\\\":\\\"/d\\\",\\\"schedule\\\":\\\"0 1 * * *\\\",\\\"mode\\\":"
                + "\\\"full\\\",\\\"format\\\":\\\"%s\\\"}]}\"}}}";

        assertThat(parser.parse(key, value.formatted("tar.zst").getBytes(UTF_8), 1).specs())
                .singleElement().extracting(BackupSpec::format).isEqualTo(FullFormat.TAR_ZST);
        assertThatThrownBy(() -> parser.parse(key, value.formatted("tar.xz").getBytes(UTF_8), 1))
                .isInstanceOfSatisfying(BackupException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
                    assertThat(e.details()).containsEntry("field", "format");
                    assertThat(e.getMessage()).startsWith(key + ": ").contains("hello.web.web", "'tar.xz'", "tar.gz, tar.zst");
                });
    }

    @Test
    void unknownFieldsAndMissingOptionalPartsAreFine() {
        String value = "{\"Spec\":{\"Name\":\"hello.web.web\",\"New\":{\"x\":1}},\"Extra\":[1,2]}";
        PodGroup group = parser.parse(Fixtures.key("hello.web.web"), value.getBytes(UTF_8), 3);
        assertThat(group.specs()).isEmpty();
        assertThat(group.instances()).isEmpty();
    }
}
