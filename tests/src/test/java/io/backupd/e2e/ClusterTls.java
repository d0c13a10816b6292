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
 * nodes in {@code rogue} get certificates from another CA that nobody was told to trust. Every
 * daemon asks its callers for a client certificate of the cluster CA ({@code --tls-client-ca}); the
 * controller presents its own. The test itself, as the operator, trusts both CAs and presents a
 * client certificate of the cluster CA.
 */
final class ClusterTls {
    static final String CONTROLLER = "127.0.0.1";

    private final Path caFile;
    private final Map<String, Path[]> identities = new HashMap<>();
    private final HandshakeCertificates operator;
    private final HandshakeCertificates anonymous;

    private ClusterTls(Path caFile, HandshakeCertificates operator, HandshakeCertificates anonymous) {
        this.caFile = caFile;
        this.operator = operator;
        this.anonymous = anonymous;
    }

    static ClusterTls make(Path dir, List<String> ips, Set<String> rogue) throws IOException {
        Path folder = Files.createDirectories(dir.resolve("tls"));
        HeldCertificate ca = new HeldCertificate.Builder().certificateAuthority(0).commonName("cluster CA").build();
        HeldCertificate otherCa = new HeldCertificate.Builder().certificateAuthority(0).commonName("rogue CA").build();
        Path caFile = Files.writeString(folder.resolve("ca.pem"), ca.certificatePem());
        HeldCertificate operator = new HeldCertificate.Builder().commonName("operator").signedBy(ca).build();
        ClusterTls tls = new ClusterTls(caFile, new HandshakeCertificates.Builder().heldCertificate(operator)
                .addTrustedCertificate(ca.certificate()).addTrustedCertificate(otherCa.certificate()).build(),
                new HandshakeCertificates.Builder()
                        .addTrustedCertificate(ca.certificate()).addTrustedCertificate(otherCa.certificate()).build());
        for (String ip : ips) {
            HeldCertificate held = new HeldCertificate.Builder().commonName(ip).addSubjectAlternativeName(ip)
                    .signedBy(rogue.contains(ip) ? otherCa : ca).build();
            tls.identities.put(ip, new Path[]{Files.writeString(folder.resolve(ip + ".crt"), held.certificatePem()),
                    Files.writeString(folder.resolve(ip + ".key"), held.privateKeyPkcs8Pem())});
        }
        return tls;
    }

    /** The controller's flags: its certificate and key, and the cluster CA as its client's trust. */
    List<String> controllerFlags() {
        Path[] identity = identities.get(CONTROLLER);
        return List.of("--tls-cert", identity[0].toString(), "--tls-key", identity[1].toString(), "--ca-file", caFile.toString());
    }

    /** The daemon's flags on {@code ip}: as the controller's, and client certificates of the cluster CA required. */
    List<String> daemonFlags(String ip) {
        Path[] identity = identities.get(ip);
        return List.of("--tls-cert", identity[0].toString(), "--tls-key", identity[1].toString(), "--ca-file", caFile.toString(),
                "--tls-client-ca", caFile.toString());
    }

    /** An https client for {@code ip:port} trusting both CAs, presenting the operator's client certificate. */
    Http http(String ip, int port, Map<String, String> headers) {
        return client(ip, port, headers, operator);
    }

    /** As {@link #http}, presenting no client certificate. */
    Http withoutClientCertificate(String ip, int port) {
        return client(ip, port, Map.of(), anonymous);
    }

    private static Http client(String ip, int port, Map<String, String> headers, HandshakeCertificates certificates) {
        return new Http("https://" + ip + ":" + port, headers,
                builder -> builder.sslSocketFactory(certificates.sslSocketFactory(), certificates.trustManager()));
    }
}
