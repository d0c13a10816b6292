package io.backupd.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.ZoneId;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

class DaemonCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int execute(String... args) {
        CommandLine cli = new CommandLine(new BackupdCommand());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        return cli.execute(args);
    }

    private static DaemonConfig parse(String... args) {
        CommandLine cli = new CommandLine(new BackupdCommand());
        CommandLine.ParseResult parsed = cli.parseArgs(args);
        DaemonCommand daemon = parsed.subcommand().commandSpec().commandLine().getCommand();
        return daemon.config();
    }

    @Test
    void helpListsEveryFlagWithItsDefault() {
        assertThat(execute("daemon", "--help")).isZero();
        String help = out.toString();
        assertThat(help).contains("--addr", "--ip", "--storage", "--volume-root", "--data", "--hooks", "--hook-timeout",
                "--zone", "--workers", "--max-backups", "--catch-up-window", "--cluster-secret-file", "--insecure", "--tls-cert", "--tls-key", "--ca-file", "--tls-client-ca");
        assertThat(help).contains("Default: 0.0.0.0:9002", "Default: /data/lain/volumes", "Default: /var/lib/backupd",
                "Default: docker", "Default: 10m", "Default: system", "Default: 2", "Default: 1h");
    }

    @Test
    void tlsFlagsAreReadAndBadOnesAreUsageErrors(@TempDir Path dir) throws Exception {
        HeldCertificate ca = new HeldCertificate.Builder().certificateAuthority(0).build();
        HeldCertificate node = new HeldCertificate.Builder().addSubjectAlternativeName("10.0.0.5").signedBy(ca).build();
        HeldCertificate other = new HeldCertificate.Builder().signedBy(ca).build();
        String cert = Files.writeString(dir.resolve("node.crt"), node.certificatePem()).toString();
        String key = Files.writeString(dir.resolve("node.key"), node.privateKeyPkcs8Pem()).toString();
        String otherKey = Files.writeString(dir.resolve("other.key"), other.privateKeyPkcs8Pem()).toString();
        String caFile = Files.writeString(dir.resolve("ca.pem"), ca.certificatePem()).toString();

        DaemonConfig config = parse("daemon", "--ip", "10.0.0.5", "--storage", "fs:/b", "--tls-cert", cert, "--tls-key", key,
                "--ca-file", caFile);
        assertThat(config.tls().identity().certificate()).isEqualTo(node.certificate());
        assertThat(config.tls().trust()).isNotNull();
        assertThat(parse("daemon", "--ip", "10.0.0.5", "--storage", "fs:/b").tls().identity()).isNull();

        assertThat(execute("daemon", "--ip", "10.0.0.5", "--storage", "fs:/b", "--tls-cert", cert)).isEqualTo(2);
        assertThat(err.toString()).contains("--tls-cert and --tls-key go together");
        assertThat(execute("daemon", "--ip", "10.0.0.5", "--storage", "fs:/b", "--tls-cert", cert, "--tls-key", otherKey))
                .isEqualTo(2);
        assertThat(err.toString()).contains("is not the private key of the certificate");
        assertThat(execute("daemon", "--ip", "10.0.0.5", "--storage", "fs:/b", "--tls-cert", cert, "--tls-key", key,
                "--ca-file", dir.resolve("missing.pem").toString())).isEqualTo(2);
        assertThat(err.toString()).contains("--ca-file: cannot read");
        assertThat(execute("daemon", "--ip", "10.0.0.5", "--storage", "fs:/b", "--tls-client-ca", caFile)).isEqualTo(2);
        assertThat(err.toString()).contains("--tls-client-ca asks clients for certificates over TLS");
        assertThat(parse("daemon", "--ip", "10.0.0.5", "--storage", "fs:/b", "--tls-cert", cert, "--tls-key", key,
                "--tls-client-ca", caFile).tls().clientCa()).isNotNull();
    }

    @Test
    void aClusterSecretFileIsReadAndABadOneIsAUsageError(@TempDir Path dir) throws Exception {
        Path good = dir.resolve("secret");
        Files.writeString(good, "s".repeat(40) + "\n");
        Files.setPosixFilePermissions(good, PosixFilePermissions.fromString("rw-------"));
        DaemonConfig config = parse("daemon", "--ip", "10.0.0.5", "--storage", "fs:/b", "--cluster-secret-file", good.toString());
        assertThat(config.secret()).isNotNull();
        assertThat(config.secret().isController(config.secret().controllerToken())).isTrue();
        assertThat(config.insecure()).isFalse();

        Path open = dir.resolve("open");
        Files.writeString(open, "s".repeat(40));
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rw-r--r--"));
        assertThat(execute("daemon", "--ip", "10.0.0.5", "--storage", "fs:/b", "--cluster-secret-file", open.toString()))
                .isEqualTo(2);
        assertThat(err.toString()).contains("--cluster-secret-file", "chmod 600");
        assertThat(parse("daemon", "--ip", "10.0.0.5", "--storage", "fs:/b", "--insecure").insecure()).isTrue();
    }

    @Test
    void withoutASecretADaemonOnAllInterfacesRefusesToStartUnlessInsecure(@TempDir Path dir) {
        DaemonConfig config = new DaemonConfig("0.0.0.0", 0, "10.0.0.5", "fs:" + dir.resolve("store"), dir.resolve("v"),
                dir.resolve("data"), "local", Duration.ofSeconds(5), ZoneId.of("UTC"), 1, Duration.ofHours(1), 1);
        assertThatThrownBy(() -> Backupd.start(config)).hasMessageContaining("--cluster-secret-file")
                .hasMessageContaining("--insecure");
        assertThat(dir.resolve("data")).as("nothing started").doesNotExist();
    }

    @Test
    void defaultsFollowLain() {
        DaemonConfig config = parse("daemon", "--ip", "10.0.0.5", "--storage", "fs:/mnt/backup");
        assertThat(config.host()).isEqualTo("0.0.0.0");
        assertThat(config.port()).isEqualTo(9002);
        assertThat(config.nodeIp()).isEqualTo("10.0.0.5");
        assertThat(config.storage()).isEqualTo("fs:/mnt/backup");
        assertThat(config.volumeRoot()).isEqualTo(Path.of("/data/lain/volumes"));
        assertThat(config.dataDir()).isEqualTo(Path.of("/var/lib/backupd"));
        assertThat(config.hooks()).isEqualTo("docker");
        assertThat(config.hookTimeout()).isEqualTo(Duration.ofMinutes(10));
        assertThat(config.zone()).isEqualTo(ZoneId.systemDefault());
        assertThat(config.workers()).isEqualTo(2);
        assertThat(config.catchUpWindow()).isEqualTo(Duration.ofHours(1));
        assertThat(config.maxBackups()).isEqualTo(2);
        assertThat(config.minInterval()).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void everyFlagIsRead() {
        DaemonConfig config = parse("daemon", "--addr", "10.1.2.3:9100", "--storage=fs:/b", "--volume-root", "/v",
                "--data", "/d", "--hooks", "local", "--hook-timeout", "90s", "--zone", "Asia/Shanghai", "--workers", "4",
                "--catch-up-window", "PT30M", "--max-backups", "3", "--min-interval", "5m");
        assertThat(config.host()).isEqualTo("10.1.2.3");
        assertThat(config.port()).isEqualTo(9100);
        assertThat(config.nodeIp()).as("defaults to the addr's host").isEqualTo("10.1.2.3");
        assertThat(config.volumeRoot()).isEqualTo(Path.of("/v"));
        assertThat(config.dataDir()).isEqualTo(Path.of("/d"));
        assertThat(config.hooks()).isEqualTo("local");
        assertThat(config.hookTimeout()).isEqualTo(Duration.ofSeconds(90));
        assertThat(config.zone()).isEqualTo(ZoneId.of("Asia/Shanghai"));
        assertThat(config.workers()).isEqualTo(4);
        assertThat(config.catchUpWindow()).isEqualTo(Duration.ofMinutes(30));
        assertThat(config.maxBackups()).isEqualTo(3);
        assertThat(config.minInterval()).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void aConfigBuiltWithoutTheBackupLimitGetsTheDefault() {
        DaemonConfig config = new DaemonConfig("127.0.0.1", 0, "127.0.0.1", "fs:/b", Path.of("/v"), Path.of("/d"), "local",
                Duration.ofMinutes(1), ZoneId.of("UTC"), 4, Duration.ofHours(1));
        assertThat(config.maxBackups()).isEqualTo(DaemonConfig.DEFAULT_MAX_BACKUPS);
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @CsvSource(delimiter = '|', value = {
            "daemon --storage fs:/b                                   | --ip is required",
            "daemon --ip 10.0.0.1                                     | --storage",
            "daemon --ip 10.0.0.1 --storage fs:/b --bogus             | --bogus",
            "daemon --ip 10.0.0.300 --storage fs:/b                   | not an IPv4",
            "daemon --ip 10.0.0.1 --storage s3:bucket                 | not fs:<dir>",
            "daemon --ip 10.0.0.1 --storage fs:/b --addr nonsense     | --addr",
            "daemon --ip 10.0.0.1 --storage fs:/b --addr h:70000      | --addr",
            "daemon --ip 10.0.0.1 --storage fs:/b --hooks podman      | --hooks",
            "daemon --ip 10.0.0.1 --storage fs:/b --workers 0         | --workers",
            "daemon --ip 10.0.0.1 --storage fs:/b --workers two       | --workers",
            "daemon --ip 10.0.0.1 --storage fs:/b --max-backups 0     | --max-backups must be at least 1",
            "daemon --ip 10.0.0.1 --storage fs:/b --hook-timeout soon | duration",
            "daemon --ip 10.0.0.1 --storage fs:/b --min-interval 500ms | --min-interval must be at least 1s",
            "daemon --ip 10.0.0.1 --storage fs:/b --zone Mars/Base    | time zone",
            "'' | missing command",
    })
    void badFlagsExitWithTwoAndSayWhy(String line, String why) {
        String[] args = line.isBlank() ? new String[0] : line.trim().split("\\s+");
        assertThat(execute(args)).isEqualTo(2);
        assertThat(err.toString()).contains(why);
    }
}
