package io.backupd.http.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterSecretTest {
    private static final String OLD = "o".repeat(40);
    private static final String NEW = "n".repeat(40);

    @TempDir
    Path dir;

    private Path file(String text, String mode) throws IOException {
        Path file = dir.resolve("secret");
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
        return file;
    }

    @Test
    void aNodesCredentialNamesItsNodeOnly() throws IOException {
        ClusterSecret secret = ClusterSecret.load(file(NEW + "\n", "rw-------"));
        String a = secret.nodeToken("10.0.0.1");
        assertThat(secret.isNode(a, "10.0.0.1")).isTrue();
        assertThat(secret.isNode(a, "10.0.0.2")).isFalse();
        assertThat(secret.isController(a)).isFalse();
        assertThat(secret.isController(secret.controllerToken())).isTrue();
        assertThat(secret.isController(null)).isFalse();
        assertThat(secret.isNode(a, null)).isFalse();
    }

    @Test
    void rotationSignsWithTheFirstAndAcceptsEither() throws IOException {
        ClusterSecret old = ClusterSecret.load(file(OLD + "\n", "r--------"));
        ClusterSecret rolling = ClusterSecret.load(file(NEW + "\n\n" + OLD + "\n", "r--------"));
        ClusterSecret rolled = ClusterSecret.load(file(NEW + "\n", "r--------"));
        assertThat(rolling.isController(old.controllerToken())).isTrue();
        assertThat(rolling.isController(rolled.controllerToken())).isTrue();
        assertThat(rolling.controllerToken()).isEqualTo(rolled.controllerToken());
        assertThat(rolled.isController(old.controllerToken())).isFalse();
    }

    @Test
    void aBadFileIsRefused() throws IOException {
        assertThatThrownBy(() -> ClusterSecret.load(file(NEW, "rw-r--r--"))).hasMessageContaining("chmod 600");
        assertThatThrownBy(() -> ClusterSecret.load(file("\n \n", "rw-------"))).hasMessageContaining("holds no secret");
        assertThatThrownBy(() -> ClusterSecret.load(file("short", "rw-------"))).hasMessageContaining("shorter than 32");
        assertThatThrownBy(() -> ClusterSecret.load(dir.resolve("absent"))).hasMessageContaining("cannot read");
    }

    @Test
    void aLinkIsJudgedByTheFileItPointsTo() throws IOException {
        Path target = file(NEW, "rw-------");
        Path link = Files.createSymbolicLink(dir.resolve("link"), target);
        assertThat(ClusterSecret.load(link).isController(ClusterSecret.load(target).controllerToken())).isTrue();
        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw----r--"));
        assertThatThrownBy(() -> ClusterSecret.load(link)).hasMessageContaining("chmod 600");
    }

    @Test
    void randomSecretsDiffer() {
        assertThat(ClusterSecret.random().controllerToken()).isNotEqualTo(ClusterSecret.random().controllerToken());
    }
}
