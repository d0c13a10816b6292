package io.backupd.http.tls;

import java.nio.file.Path;
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
    private final HandshakeCertificates certificates;

    private TlsTrust(HandshakeCertificates certificates) {
        this.certificates = certificates;
    }

    /** @throws IllegalArgumentException naming {@code flag} when the file is missing, unreadable or holds no certificate */
    public static TlsTrust load(String flag, Path caFile) {
        List<String> pems = PemFiles.certificates(flag, caFile);
        HandshakeCertificates.Builder builder = new HandshakeCertificates.Builder();
        try {
            pems.stream().map(Certificates::decodeCertificatePem).forEach(builder::addTrustedCertificate);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(flag + ": " + caFile + " holds a certificate that does not decode ("
                    + e.getMessage() + ")");
        }
        return new TlsTrust(builder.build());
    }

    /** Makes {@code client} trust exactly these CAs; {@code trust} null leaves the JDK's default trust. */
    public static OkHttpClient.Builder apply(TlsTrust trust, OkHttpClient.Builder client) {
        if (trust == null) {
            return client;
        }
        return client.sslSocketFactory(trust.certificates.sslSocketFactory(), trust.certificates.trustManager());
    }
}
