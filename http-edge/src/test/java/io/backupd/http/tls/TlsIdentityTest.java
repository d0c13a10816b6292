package io.backupd.http.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The usage errors of {@code --tls-cert} / {@code --tls-key} / {@code --ca-file}, each naming the flag. */
class TlsIdentityTest {
    private static final HeldCertificate CA = TestCertificates.ca("backupd test CA");

    @TempDir
    Path dir;

    @Test
    void neitherFlagIsPlainHttp() {
        assertThat(TlsIdentity.fromFlags(null, null)).isNull();
    }

    @Test
    void onlyOneOfTheTwoFlagsIsRefused() throws IOException {
        TestCertificates files = new TestCertificates(dir);
        HeldCertificate server = TestCertificates.loopbackServer(CA);
        Path cert = files.cert("server", server);
        Path key = files.key("server", server);
        assertThatThrownBy(() -> TlsIdentity.fromFlags(cert, null)).hasMessageContaining("--tls-cert and --tls-key go together");
        assertThatThrownBy(() -> TlsIdentity.fromFlags(null, key)).hasMessageContaining("--tls-cert and --tls-key go together");
    }

    @Test
    void aMissingFileIsRefusedNamingTheFlag() throws IOException {
        HeldCertificate server = TestCertificates.loopbackServer(CA);
        Path key = new TestCertificates(dir).key("server", server);
        assertThatThrownBy(() -> TlsIdentity.fromFlags(dir.resolve("none.crt"), key))
                .hasMessageStartingWith("--tls-cert: cannot read");
        assertThatThrownBy(() -> TlsTrust.load("--ca-file", dir.resolve("none.pem")))
                .hasMessageStartingWith("--ca-file: cannot read");
    }

    @Test
    void aFileThatIsNotPemIsRefused() throws IOException {
        TestCertificates files = new TestCertificates(dir);
        HeldCertificate server = TestCertificates.loopbackServer(CA);
        Path junk = files.write("junk.crt", "not a certificate\n");
        assertThatThrownBy(() -> TlsIdentity.fromFlags(junk, files.key("server", server)))
                .hasMessageContaining("--tls-cert").hasMessageContaining("no PEM block");
        HeldCertificate rsa = new HeldCertificate.Builder().rsa2048().signedBy(CA).build();
        assertThatThrownBy(() -> TlsIdentity.fromFlags(files.cert("rsa", rsa), files.write("pkcs1.key", rsa.privateKeyPkcs1Pem())))
                .hasMessageContaining("--tls-key").hasMessageContaining("PKCS#8");
    }

    @Test
    void aKeyThatIsNotTheCertificatesIsRefused() throws IOException {
        TestCertificates files = new TestCertificates(dir);
        HeldCertificate server = TestCertificates.loopbackServer(CA);
        HeldCertificate other = TestCertificates.loopbackServer(CA);
        assertThatThrownBy(() -> TlsIdentity.fromFlags(files.cert("server", server), files.key("other", other)))
                .hasMessageContaining("is not the private key of the certificate");
    }

    @Test
    void aChainFileWithIntermediatesIsTaken() throws IOException {
        TestCertificates files = new TestCertificates(dir);
        HeldCertificate intermediate = new HeldCertificate.Builder().certificateAuthority(0).commonName("intermediate")
                .signedBy(CA).build();
        HeldCertificate server = TestCertificates.loopbackServer(intermediate);
        Path chain = files.write("chain.crt", server.certificatePem() + intermediate.certificatePem());
        TlsIdentity identity = TlsIdentity.fromFlags(chain, files.key("server", server));
        assertThat(identity.certificate()).isEqualTo(server.certificate());
    }
}
