package io.backupd.common.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.backupd.common.error.BackupException;
import io.backupd.common.json.Json;
import org.junit.jupiter.api.Test;

class AnnotationParserTest {
    private final AnnotationParser parser = new AnnotationParser();

    @Test
    void readsTheBackupListOfTheHelloPodGroup() throws Exception {
        String annotation = annotationOf("etcd/hello.web.web.json");
        assertThat(parser.parse(annotation, "hello.web.web")).containsExactly(
                new BackupSpec("hello.web.web", "/var/lib/hello", "0 23 * * *", "30d", BackupMode.FULL, "backup.sh", "end-backup.sh"),
                new BackupSpec("hello.web.web", "/var/lib/hello", "0 * * * *", "3d", BackupMode.INCREMENT, "", ""));
    }

    @Test
    void anEmptyBackupListIsNoSpecs() throws Exception {
        assertThat(parser.parse(annotationOf("etcd/plain.web.web.json"), "plain.web.web")).isEmpty();
    }

    @Test
    void refusesTheBrokenAnnotationNamingTheProc() throws Exception {
        assertThatThrownBy(() -> parser.parse(annotationOf("etcd/broken.web.web.json"), "broken.web.web"))
                .isInstanceOf(BackupException.class)
                .hasMessageContaining("broken.web.web").hasMessageContaining("not valid JSON");
    }

    @Test
    void refusesSpecsOfAnotherProcOrWithBadFields() {
        assertThatThrownBy(() -> parser.parse("{\"backup\":[{\"procname\":\"other.web.web\",\"volume\":\"/d\",\"schedule\":\"0 1 * * *\",\"mode\":\"full\"}]}", "hello.web.web"))
                .isInstanceOf(BackupException.class).hasMessageContaining("procname");
        assertThatThrownBy(() -> parser.parse("{\"backup\":[{\"procname\":\"hello.web.web\",\"volume\":\"/d\",\"schedule\":\"0 1 * * *\",\"mode\":\"weekly\"}]}", "hello.web.web"))
                .isInstanceOf(BackupException.class).hasMessageContaining("mode");
        assertThatThrownBy(() -> parser.parse("{\"backup\":[{\"procname\":\"hello.web.web\",\"volume\":\"/../etc\",\"schedule\":\"0 1 * * *\",\"mode\":\"full\"}]}", "hello.web.web"))
                .isInstanceOf(BackupException.class).hasMessageContaining("volume");
        assertThatThrownBy(() -> parser.parse("{\"backup\":{}}", "hello.web.web"))
                .isInstanceOf(BackupException.class).hasMessageContaining("list");
    }

    @Test
    void aFullSpecCarriesItsFormatAndAnIncrementalOneMayNot() {
        String spec = "{\"procname\":\"hello.web.web\",\"volume\":\"/d\",\"schedule\":\"0 1 * * *\",\"mode\":\"%s\"%s}";
        assertThat(parser.parse("{\"backup\":[" + spec.formatted("full", ",\"format\":\"tar.zst\"") + ","
                + spec.formatted("full", "").replace("/d", "/e") + "]}", "hello.web.web")).extracting(BackupSpec::format)
                .containsExactly(FullFormat.TAR_ZST, FullFormat.TAR_GZ);

        assertThatThrownBy(() -> parser.parse("{\"backup\":[" + spec.formatted("full", ",\"format\":\"zip\"") + "]}", "hello.web.web"))
                .isInstanceOfSatisfying(BackupException.class, e -> {
                    assertThat(e.details()).containsEntry("field", "format").containsEntry("volume", "/d");
                    assertThat(e.getMessage()).contains("hello.web.web", "format 'zip' is not one of tar.gz, tar.zst");
                });
        assertThatThrownBy(() -> parser.parse("{\"backup\":[" + spec.formatted("increment", ",\"format\":\"tar.zst\"") + "]}",
                "hello.web.web")).isInstanceOfSatisfying(BackupException.class, e -> {
                    assertThat(e.details()).containsEntry("field", "backup_increment.format");
                    assertThat(e.getMessage()).contains("backup_full only");
                });
    }

    private static String annotationOf(String fixture) throws Exception {
        return Json.mapper().readTree(LainYamlParserTest.fixture(fixture)).at("/Spec/Pod/Annotation").asText();
    }

    @Test
    void aVolumeWhoseBackupIsDeclaredTwiceIsRefusedNamingIt() {
        String spec = "{\"procname\":\"hello.web.web\",\"volume\":\"/d\",\"schedule\":\"%s\",\"mode\":\"%s\"}";
        assertThat(parser.parse("{\"backup\":[" + spec.formatted("0 1 * * *", "full") + "," + spec.formatted("0 * * * *", "increment")
                + "]}", "hello.web.web")).hasSize(2);
        assertThatThrownBy(() -> parser.parse("{\"backup\":[" + spec.formatted("0 1 * * *", "full") + ","
                + spec.formatted("0 2 * * *", "full") + "]}", "hello.web.web"))
                .isInstanceOfSatisfying(BackupException.class, e -> {
                    assertThat(e.details()).containsEntry("volume", "/d").containsEntry("field", "backup");
                    assertThat(e.getMessage()).contains("hello.web.web", "declared twice");
                });
    }

    @Test
    void aScheduleFasterThanTheMinimumIntervalIsRefused() {
        String spec = "{\"procname\":\"hello.web.web\",\"volume\":\"/d\",\"schedule\":\"* * * * * *\",\"mode\":\"full\"}";
        assertThatThrownBy(() -> parser.parse("{\"backup\":[" + spec + "]}", "hello.web.web"))
                .isInstanceOfSatisfying(BackupException.class, e -> {
                    assertThat(e.details()).containsEntry("volume", "/d").containsEntry("field", "backup_full.schedule");
                    assertThat(e.getMessage()).contains("at most once every 1m");
                });
    }
}
