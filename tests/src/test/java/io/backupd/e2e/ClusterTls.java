package io.backupd.e2e;

import io.backupd.testing.Http;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;

/**
 * Certificates for a {@link Cluster} on loopback, made in the test: one CA that the controller and
 * every daemon trust ({@code --ca-file}), and for each process a certificate naming its ip. The
 * nodes in {@code rogue} get certificates from another CA that nobody was told to trust. The test
 * itself, as the operator, trusts both CAs.
 */
final class ClusterTls {
    static final String CONTROLLER = "127.0.0.1";

    private final Path caFile;
    private final Map<String, Path[]> identities = new HashMap<>();
    private final HandshakeCertificates operatorTrust;

    private ClusterTls(Path caFile, HandshakeCertificates operatorTrust) {
        this.caFile = caFile;
        this.operatorTrust = operatorTrust;
    }

    static ClusterTls make(Path dir, List<String> ips, Set<String> rogue) throws IOException {
        Path folder = Files.createDirectories(dir.resolve("tls"));
        HeldCertificate ca = new HeldCertificate.Builder().certificateAuthority(0).commonName("cluster CA").build();
        HeldCertificate otherCa = new HeldCertificate.Builder().certificateAuthority(0).commonName("rogue CA").build();
        Path caFile = Files.writeString(folder.resolve("ca.pem"), ca.certificatePem());
        ClusterTls tls = new ClusterTls(caFile, new HandshakeCertificates.Builder()
                .addTrustedCertificate(ca.certificate()).addTrustedCertificate(otherCa.certificate()).build());
        for (String ip : ips) {
            HeldCertificate held = new HeldCertificate.Builder().commonName(ip).addSubjectAlternativeName(ip)
                    .signedBy(rogue.contains(ip) ? otherCa : ca).build();
            tls.identities.put(ip, new Path[]{Files.writeString(folder.resolve(ip + ".crt"), held.certificatePem()),
                    Files.writeString(folder.resolve(ip + ".key"), held.privateKeyPkcs8Pem())});
        }
        return tls;
    }

    /** The flags of the process on {@code ip}: its certificate and key, and the cluster CA as its clients' trust. */
    List<String> flags(String ip) {
        Path[] identity = identities.get(ip);
        return List.of("--tls-cert", identity[0].toString(), "--tls-key", identity[1].toString(), "--ca-file", caFile.toString());
    }

    /** An https client for {@code ip:port} trusting both CAs. */
    Http http(String ip, int port, Map<String, String> headers) {
        return new Http("https://" + ip + ":" + port, headers,
                builder -> builder.sslSocketFactory(operatorTrust.sslSocketFactory(), operatorTrust.trustManager()));
    }
}
