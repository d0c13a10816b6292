package io.backupd.http.tls;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import okhttp3.tls.HeldCertificate;

/** Certificates made for a test: a CA and the loopback server certificates it signs (IP SAN 127.0.0.1). */
record TestCertificates(Path dir) {

    static HeldCertificate ca(String name) {
        return new HeldCertificate.Builder().certificateAuthority(0).commonName(name).build();
    }

    static HeldCertificate loopbackServer(HeldCertificate ca, Instant notBefore, Instant notAfter) {
        return new HeldCertificate.Builder().commonName("127.0.0.1").addSubjectAlternativeName("127.0.0.1")
                .signedBy(ca).validityInterval(notBefore.toEpochMilli(), notAfter.toEpochMilli()).build();
    }

    static HeldCertificate loopbackServer(HeldCertificate ca) {
        Instant now = Instant.now();
        return loopbackServer(ca, now.minus(Duration.ofMinutes(5)), now.plus(Duration.ofDays(1)));
    }

    Path write(String name, String pem) throws IOException {
        return Files.writeString(dir.resolve(name), pem);
    }

    Path cert(String name, HeldCertificate held) throws IOException {
        return write(name + ".crt", held.certificatePem());
    }

    Path key(String name, HeldCertificate held) throws IOException {
        return write(name + ".key", held.privateKeyPkcs8Pem());
    }
}
