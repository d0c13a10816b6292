package io.backupd.http.tls;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import okhttp3.OkHttpClient;
import okhttp3.tls.Certificates;
import okhttp3.tls.HandshakeCertificates;

/**
 * The CA certificates a client trusts instead of the JDK's defaults ({@code --ca-file}: PEM, one or
 * more certificates). Hostname verification stays on: a server's certificate must name the host or
 * IP it is called at.
 */
public final class TlsTrust {
    private final List<X509Certificate> cas;

    private TlsTrust(List<X509Certificate> cas) {
        this.cas = List.copyOf(cas);
    }

    /** @throws IllegalArgumentException naming {@code flag} when the file is missing, unreadable or holds no certificate */
    public static TlsTrust load(String flag, Path caFile) {
        List<String> pems = PemFiles.certificates(flag, caFile);
        try {
            return new TlsTrust(pems.stream().map(Certificates::decodeCertificatePem).toList());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(flag + ": " + caFile + " holds a certificate that does not decode ("
                    + e.getMessage() + ")");
        }
    }

    /** Makes {@code client} trust exactly these CAs; {@code trust} null leaves the JDK's default trust. */
    public static OkHttpClient.Builder apply(TlsTrust trust, OkHttpClient.Builder client) {
        return apply(trust, null, client);
    }

    /**
     * As {@link #apply(TlsTrust, OkHttpClient.Builder)}, presenting {@code identity} as a client
     * certificate to a server that asks for one (null: none).
     */
    public static OkHttpClient.Builder apply(TlsTrust trust, TlsIdentity identity, OkHttpClient.Builder client) {
        if (trust == null && identity == null) {
            return client;
        }
        HandshakeCertificates.Builder certificates = new HandshakeCertificates.Builder();
        if (trust == null) {
            certificates.addPlatformTrustedCertificates();
        } else {
            trust.addTo(certificates);
        }
        if (identity != null) {
            identity.addTo(certificates);
        }
        HandshakeCertificates built = certificates.build();
        return client.sslSocketFactory(built.sslSocketFactory(), built.trustManager());
    }

    void addTo(HandshakeCertificates.Builder certificates) {
        cas.forEach(certificates::addTrustedCertificate);
    }
}
