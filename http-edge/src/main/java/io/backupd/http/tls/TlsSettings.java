package io.backupd.http.tls;

import java.nio.file.Path;

/**
 * What a binary's TLS flags say: the identity its server presents ({@code --tls-cert} /
 * {@code --tls-key}; null for plain HTTP) and the CAs its client trusts ({@code --ca-file}; null for
 * the JDK's default trust), and the CAs a client certificate must be signed by when its server
 * asks for one ({@code --tls-client-ca}; null asks for none).
 */
public record TlsSettings(TlsIdentity identity, TlsTrust trust, TlsTrust clientCa) {
    public static final TlsSettings NONE = new TlsSettings(null, null, null);

    /** @throws IllegalArgumentException naming the flag whose file is not usable, or only one of --tls-cert / --tls-key */
    public static TlsSettings fromFlags(Path certFile, Path keyFile, Path caFile) {
        return fromFlags(certFile, keyFile, caFile, null);
    }

    /** As {@link #fromFlags(Path, Path, Path)}; {@code clientCaFile} (--tls-client-ca) needs --tls-cert. */
    public static TlsSettings fromFlags(Path certFile, Path keyFile, Path caFile, Path clientCaFile) {
        TlsIdentity identity = TlsIdentity.fromFlags(certFile, keyFile);
        if (clientCaFile != null && identity == null) {
            throw new IllegalArgumentException("--tls-client-ca asks clients for certificates over TLS: give --tls-cert and --tls-key too");
        }
        return new TlsSettings(identity, caFile == null ? null : TlsTrust.load("--ca-file", caFile),
                clientCaFile == null ? null : TlsTrust.load("--tls-client-ca", clientCaFile));
    }

    /** The scheme of this binary's own URL: {@code https} when it serves TLS. */
    public String serverScheme() {
        return identity == null ? "http" : "https";
    }
}
