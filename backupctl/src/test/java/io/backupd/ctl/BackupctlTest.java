package io.backupd.ctl;

import static org.assertj.core.api.Assertions.assertThat;

import io.backupd.ctl.standalone.StandaloneLayout;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class BackupctlTest {
    @TempDir
    Path apps;

    record Run(int code, String out, String err) {
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Backupctl.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    private ControllerConfig parse(String... args) {
        CommandLine cl = Backupctl.commandLine();
        CommandLine.ParseResult result = cl.parseArgs(args);
        ControllerCommand command = (ControllerCommand) result.subcommand().commandSpec().userObject();
        return command.config();
    }

    @Test
    void etcdEndpointsBecomeTheConfigAndExactlyOneSourceIsRequired() {
        ControllerConfig config = parse("controller", "--etcd", "http://127.0.0.1:2379, http://127.0.0.2:2379",
                "--advertise", "http://10.0.0.9:9002", "--dport", "9100");

        assertThat(config.etcdEndpoints()).isEqualTo("http://127.0.0.1:2379, http://127.0.0.2:2379");
        assertThat(config.appsDir()).isNull();
        assertThat(config.nodes()).isEmpty();
        assertThat(config.dport()).isEqualTo(9100);

        Run both = run("controller", "--etcd", "http://127.0.0.1:2379", "--apps", apps.toString(), "--nodes", "10.0.0.1",
                "--advertise", "http://10.0.0.9:9002");
        Run neither = run("controller", "--advertise", "http://10.0.0.9:9002");
        Run withNodes = run("controller", "--etcd", "http://127.0.0.1:2379", "--nodes", "10.0.0.1", "--advertise", "http://10.0.0.9:9002");
        Run badEndpoint = run("controller", "--etcd", "127.0.0.1:2379", "--advertise", "http://10.0.0.9:9002");
        for (Run run : List.of(both, neither, withNodes, badEndpoint)) {
            assertThat(run.code()).isEqualTo(2);
        }
        assertThat(both.err()).contains("exactly one config source");
        assertThat(neither.err()).contains("exactly one config source");
        assertThat(withNodes.err()).contains("--nodes goes with --apps only");
        assertThat(badEndpoint.err()).contains("must look like http://host:port");
    }

    @Test
    void badFlagsExit2WithAClearMessage() {
        assertThat(run("controller", "--apps", apps.toString(), "--addr", "10.0.0.5:9002").err()).contains("--nodes");
        assertThat(run("controller", "--apps", apps.toString(), "--nodes", "10.0.0.1").err()).contains("--advertise URL is required");
        assertThat(run("controller", "--apps", apps.toString(), "--nodes", "10.0.0.1,nope", "--addr", "10.0.0.5:9002").err())
                .contains("'nope' is not an IPv4 address");
        assertThat(run("controller", "--apps", apps.toString(), "--nodes", "10.0.0.1", "--addr", "10.0.0.5").err())
                .contains("must be HOST:PORT");
        assertThat(run("controller", "--apps", apps.resolve("missing").toString(), "--nodes", "10.0.0.1", "--addr", "1.2.3.4:1").err())
                .contains("is not a directory");
        assertThat(run("controller", "--dport", "many").err()).contains("--dport");
        assertThat(run("controller", "--bogus").err()).contains("Unknown option: '--bogus'");
        assertThat(run("standalone", "--apps", apps.toString()).err()).contains("--data");
        assertThat(run("controller", "--apps", apps.toString(), "--nodes", "10.0.0.1", "--addr", "127.0.0.1:9002",
                "--min-interval", "100ms").err()).contains("--min-interval must be at least 1s");
        assertThat(run("standalone", "--apps", apps.toString(), "--data", apps.resolve("d").toString(),
                "--min-interval", "0s").err()).contains("--min-interval must be at least 1s");
        for (Run run : List.of(run("controller", "--apps", apps.toString()), run("controller", "--bogus"), run(),
                run("standalone", "--apps", apps.toString()))) {
            assertThat(run.code()).isEqualTo(2);
        }
    }

    @Test
    void aClusterSecretFileIsReadAndAnOpenOneIsAUsageError() throws IOException {
        Path good = apps.resolve("secret");
        Files.writeString(good, "s".repeat(40) + "\n");
        Files.setPosixFilePermissions(good, PosixFilePermissions.fromString("rw-------"));
        ControllerConfig config = parse("controller", "--apps", apps.toString(), "--nodes", "10.0.0.1", "--addr", "10.0.0.5:9100",
                "--cluster-secret-file", good.toString());
        assertThat(config.secret()).isNotNull();
        assertThat(config.insecure()).isFalse();

        Path open = apps.resolve("open");
        Files.writeString(open, "s".repeat(40));
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rw-rw-r--"));
        Run refused = run("controller", "--apps", apps.toString(), "--nodes", "10.0.0.1", "--addr", "10.0.0.5:9100",
                "--cluster-secret-file", open.toString());
        assertThat(refused.code()).isEqualTo(2);
        assertThat(refused.err()).contains("chmod 600");
    }

    @Test
    void tlsFlagsBecomeTheConfigAndBadOnesAreUsageErrors() throws IOException {
        HeldCertificate ca = new HeldCertificate.Builder().certificateAuthority(0).build();
        HeldCertificate ctl = new HeldCertificate.Builder().addSubjectAlternativeName("10.0.0.5").signedBy(ca).build();
        HeldCertificate other = new HeldCertificate.Builder().signedBy(ca).build();
        String cert = Files.writeString(apps.resolve("ctl.crt"), ctl.certificatePem()).toString();
        String key = Files.writeString(apps.resolve("ctl.key"), ctl.privateKeyPkcs8Pem()).toString();
        String otherKey = Files.writeString(apps.resolve("other.key"), other.privateKeyPkcs8Pem()).toString();
        String caFile = Files.writeString(apps.resolve("ca.pem"), ca.certificatePem()).toString();
        String[] base = {"controller", "--apps", apps.toString(), "--nodes", "10.0.0.1", "--addr", "10.0.0.5:9100", "--insecure"};

        ControllerConfig config = parse(concat(base, "--tls-cert", cert, "--tls-key", key, "--daemon-scheme", "https",
                "--ca-file", caFile));
        assertThat(config.tls().identity().certificate()).isEqualTo(ctl.certificate());
        assertThat(config.tls().trust()).isNotNull();
        assertThat(config.httpsToDaemons()).isTrue();
        assertThat(config.advertise()).as("the default advertise follows the scheme served").isEqualTo("https://10.0.0.5:9100");
        ControllerConfig plain = parse(base);
        assertThat(plain.httpsToDaemons()).isFalse();
        assertThat(plain.advertise()).isEqualTo("http://10.0.0.5:9100");

        assertThat(run(concat(base, "--tls-key", key)).err()).contains("--tls-cert and --tls-key go together");
        assertThat(run(concat(base, "--tls-cert", cert, "--tls-key", otherKey)).err()).contains("is not the private key");
        assertThat(run(concat(base, "--tls-cert", apps.resolve("none.crt").toString(), "--tls-key", key)).err())
                .contains("--tls-cert: cannot read");
        assertThat(run(concat(base, "--ca-file", caFile)).err()).contains("add --daemon-scheme https");
        Run badScheme = run(concat(base, "--daemon-scheme", "ftp"));
        assertThat(badScheme.code()).isEqualTo(2);
        assertThat(badScheme.err()).contains("--daemon-scheme 'ftp'");
    }

    private static String[] concat(String[] base, String... more) {
        String[] all = Arrays.copyOf(base, base.length + more.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }

    @Test
    void withoutASecretAControllerOnANonLoopbackAddressDoesNotStartUnlessInsecure() {
        Run refused = run("controller", "--apps", apps.toString(), "--nodes", "10.0.0.1", "--addr", "0.0.0.0:0",
                "--advertise", "http://10.0.0.5:9100", "--data", apps.resolve("ctl").toString());
        assertThat(refused.code()).isEqualTo(1);
        assertThat(refused.err()).contains("--cluster-secret-file", "--insecure");
        assertThat(apps.resolve("ctl")).as("nothing was opened").doesNotExist();
        assertThat(parse("controller", "--apps", apps.toString(), "--nodes", "10.0.0.1", "--addr", "10.0.0.5:9100", "--insecure")
                .insecure()).isTrue();
    }

    @Test
    void helpListsEveryFlagWithItsDefault() {
        Run controller = run("controller", "--help");
        Run standalone = run("standalone", "--help");

        assertThat(controller.code()).isZero();
        assertThat(controller.out()).contains("--addr", "0.0.0.0:9002", "--advertise", "--etcd", "/lain/deployd/pod_groups/",
                "--apps", "--nodes", "--data", "/var/lib/backupctl", "--dport", "9002", "--volume-root", "/data/lain/volumes", "--zone",
                "--backup-dir", "--min-interval", "1m", "--cluster-secret-file", "--insecure", "--tls-cert", "--tls-key",
                "--daemon-scheme", "--ca-file");
        assertThat(standalone.code()).isZero();
        assertThat(standalone.out()).contains("--apps", "--data", "--addr", "127.0.0.1:9002", "--volume-root", "DATA/volumes", "--zone",
                "--backup-dir", "DATA/db-copies");
    }

    @Test
    void controllerFlagsBecomeTheConfig() {
        ControllerConfig config = parse("controller", "--apps", apps.toString(), "--nodes", "10.0.0.1, 10.0.0.2,10.0.0.1",
                "--addr", "10.0.0.5:9100", "--data", "/tmp/ctl", "--dport", "9003", "--reconcile", "5");

        assertThat(config.host()).isEqualTo("10.0.0.5");
        assertThat(config.port()).isEqualTo(9100);
        assertThat(config.advertise()).isEqualTo("http://10.0.0.5:9100");
        assertThat(config.nodes()).containsExactly("10.0.0.1", "10.0.0.2");
        assertThat(config.database()).isEqualTo(Path.of("/tmp/ctl/backupctl.db"));
        assertThat(config.dport()).isEqualTo(9003);
        assertThat(config.volumeRoot()).isEqualTo(Path.of("/data/lain/volumes"));
        assertThat(config.reconcileEvery()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.minInterval()).isEqualTo(Duration.ofMinutes(1));
        assertThat(parse("controller", "--apps", apps.toString(), "--nodes", "10.0.0.1", "--addr", "127.0.0.1:9002",
                "--min-interval", "5m").minInterval()).isEqualTo(Duration.ofMinutes(5));
        assertThat(parse("controller", "--apps", apps.toString(), "--nodes", "10.0.0.1", "--advertise", "http://ctl.example:9002/")
                .advertise()).isEqualTo("http://ctl.example:9002");
    }

    @Test
    void databaseCopiesGoOnlyWhereBackupDirSaysAndNowhereWithoutIt() {
        assertThat(parse("controller", "--apps", apps.toString(), "--nodes", "10.0.0.1", "--addr", "10.0.0.5:9100").backupDir()).isNull();
        assertThat(parse("controller", "--apps", apps.toString(), "--nodes", "10.0.0.1", "--addr", "10.0.0.5:9100", "--backup-dir", "/srv/ctl-copies/")
                .backupDir()).isEqualTo(Path.of("/srv/ctl-copies"));
        assertThat(new StandaloneLayout(Path.of("/srv/data"), null, ZoneOffset.UTC).backupDir()).isEqualTo(Path.of("/srv/data/db-copies"));
        assertThat(new StandaloneLayout(Path.of("/srv/data"), null, ZoneOffset.UTC, Path.of("/srv/copies")).backupDir())
                .isEqualTo(Path.of("/srv/copies"));
    }
}
