package io.backupd.common.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.backupd.common.error.BackupException;
import io.backupd.common.error.ErrorCode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import java.util.stream.Stream;

class LainYamlParserTest {
    private final LainYamlParser parser = new LainYamlParser();

    @Test
    void readsTheHelloFixture() {
        AppDeclaration app = parser.parse(fixture("apps/hello.lain.yaml"), "hello.lain.yaml");

        assertThat(app.appname()).isEqualTo("hello");
        assertThat(app.procs()).extracting(ProcDeclaration::fullName).containsExactly("hello.web.web", "hello.worker.worker");
        ProcDeclaration web = app.procs().get(0);
        assertThat(web.numInstances()).isEqualTo(1);
        assertThat(web.backups()).containsExactly(
                new BackupSpec("hello.web.web", "/var/lib/hello", "0 23 * * *", "30d", BackupMode.FULL, "backup.sh", "end-backup.sh"),
                new BackupSpec("hello.web.web", "/var/lib/hello", "0 * * * *", "3d", BackupMode.INCREMENT, "", ""));
        ProcDeclaration worker = app.procs().get(1);
        assertThat(worker.type()).isEqualTo("worker");
        assertThat(worker.name()).isEqualTo("worker");
        assertThat(worker.numInstances()).isEqualTo(2);
        assertThat(worker.backups()).containsExactly(
                new BackupSpec("hello.worker.worker", "/data/queue", "*/30 * * * *", "12h", BackupMode.FULL, "", ""));
    }

    @ParameterizedTest
    @CsvSource({
            "bad-expire.lain.yaml, badexpire, backup_full.expire, thirty days",
            "bad-schedule.lain.yaml, badsched, backup_full.schedule, 61 25",
            "unknown-key.lain.yaml, unknownkey, backup_full.keep, keep",
            "bad-format.lain.yaml, badformat, backup_full.format, 'zip' is not one of tar.gz, tar.zst",
            "increment-format.lain.yaml, incformat, backup_increment.format, applies to backup_full only",
    })
    void refusesTheBadFixturesNamingAppProcVolumeAndField(String file, String app, String field, String quoted) {
        assertThatThrownBy(() -> parser.parse(fixture("apps/bad/" + file), file))
                .isInstanceOfSatisfying(BackupException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
                    assertThat(e.details()).containsEntry("app", app).containsEntry("proc", "web")
                            .containsEntry("volume", "/data").containsEntry("field", field);
                    assertThat(e.getMessage()).contains("app " + app, "proc web", "volume /data", field, quoted);
                });
    }

    @Test
    void aFullBackupNamesItsArchiveFormatAndDefaultsToTarGz() {
        AppDeclaration app = parser.parse("""
                appname: fmt
                web:
                  volumes:
                    - /zst:
                        backup_full: {schedule: '0 1 * * *', format: tar.zst}
                    - /gz:
                        backup_full: {schedule: '0 1 * * *', format: tar.gz}
                    - /default:
                        backup_full: {schedule: '0 1 * * *'}
                        backup_increment: {schedule: '0 * * * *'}
                """, "fmt");

        assertThat(app.procs().get(0).backups()).extracting(s -> s.volume() + " " + s.mode().wireName() + " " + s.format())
                .containsExactly("/zst full TAR_ZST", "/gz full TAR_GZ", "/default full TAR_GZ", "/default increment null");
    }

    @Test
    void entryWithoutScheduleIsSkippedWithANote() {
        AppDeclaration app = parser.parse("""
                appname: quiet
                web:
                  volumes:
                    - /data:
                        backup_full:
                          expire: 7d
                """, "quiet");
        assertThat(app.procs().get(0).backups()).isEmpty();
        assertThat(app.notes()).singleElement().asString().contains("quiet", "/data", "no schedule");
    }

    static Stream<Arguments> malformed() {
        String head = "appname: x\nweb:\n  volumes:\n";
        String full = ":\n        backup_full: {schedule: '0 1 * * *'}\n";
        return Stream.of(
                Arguments.of(head + "    - ../etc" + full, "volume"),
                Arguments.of(head + "    - /a/../../etc" + full, "volume"),
                Arguments.of(head + "    - /data:\n        backup_hourly: {schedule: '0 1 * * *'}\n", "backup_hourly"),
                Arguments.of(head + "    - /data:\n        backup_full: {schedule: '0 1 * * *', pre_run: [a, b]}\n", "pre_run"),
                Arguments.of(head + "    - /a-b" + full + "    - /a/b" + full, "storage key"),
                Arguments.of("appname: x\nweb:\n  num_instances: many\n", "num_instances"),
                Arguments.of("appname: x\nweb:\n  num_instances: -1\n", "num_instances"),
                Arguments.of("appname: x\nweb:\n  volumes: /data\n", "volumes"),
                Arguments.of("appname: ../x\n", "appname"),
                Arguments.of("appname: x\nproc.q:\n  type: cronjob\n", "type"));
    }

    @ParameterizedTest
    @MethodSource("malformed")
    void refusesMalformedDeclarations(String yaml, String field) {
        assertThatThrownBy(() -> parser.parse(yaml, "t"))
                .isInstanceOfSatisfying(BackupException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
                    assertThat(e.getMessage()).contains(field);
                });
    }

    static Stream<Arguments> refusedNamingTheVolume() {
        String head = "appname: x\nweb:\n  volumes:\n";
        String full = ":\n        backup_full: {schedule: '0 1 * * *'}\n";
        return Stream.of(
                Arguments.of(head + "    - /data" + full + "    - /data:\n        backup_increment: {schedule: '0 * * * *'}\n",
                        "volumes", "declared twice"),
                Arguments.of(head + "    - /data\n    - /data" + full, "volumes", "declared twice"),
                Arguments.of(head + "    - /data:\n        backup_full: {schedule: '0 0 30 2 *'}\n", "backup_full.schedule", "never fires"),
                Arguments.of(head + "    - /data:\n        backup_full: {schedule: '* * * * * *'}\n", "backup_full.schedule",
                        "fires 1s after"),
                Arguments.of(head + "    - /data:\n        backup_increment: {schedule: '0,30 * * * * *'}\n",
                        "backup_increment.schedule", "at most once every 1m"));
    }

    @ParameterizedTest
    @MethodSource("refusedNamingTheVolume")
    void refusesTwiceDeclaredVolumesAndSchedulesThatNeverOrTooOftenFire(String yaml, String field, String reason) {
        assertThatThrownBy(() -> parser.parse(yaml, "t"))
                .isInstanceOfSatisfying(BackupException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
                    assertThat(e.details()).containsEntry("app", "x").containsEntry("proc", "web")
                            .containsEntry("volume", "/data").containsEntry("field", field);
                    assertThat(e.getMessage()).contains(reason);
                });
    }

    @Test
    void aLowerMinimumIntervalAdmitsAFasterSchedule() {
        String yaml = "appname: x\nweb:\n  volumes:\n    - /data:\n        backup_full: {schedule: '*/2 * * * * *'}\n";
        assertThat(new LainYamlParser(java.time.Duration.ofSeconds(1)).parse(yaml, "t").procs().get(0).backups())
                .extracting(BackupSpec::schedule).containsExactly("*/2 * * * * *");
    }

    @Test
    void refusesWhatIsNotYaml() {
        assertThatThrownBy(() -> parser.parse("appname: [unclosed", "broken.yaml"))
                .isInstanceOf(BackupException.class).hasMessageContaining("broken.yaml");
        assertThatThrownBy(() -> parser.parse("- a list", "list.yaml"))
                .isInstanceOf(BackupException.class).hasMessageContaining("mapping");
        assertThatThrownBy(() -> parser.parse("web: {cmd: x}", "noname.yaml"))
                .isInstanceOf(BackupException.class).hasMessageContaining("appname");
    }

    static String fixture(String name) {
        try (InputStream in = LainYamlParserTest.class.getResourceAsStream("/fixtures/" + name)) {
            if (in == null) {
                throw new IllegalStateException("no fixture " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
