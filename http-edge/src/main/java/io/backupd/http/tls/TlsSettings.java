package io.backupd.http.tls;

import java.nio.file.Path;

/**
 * What a binary's TLS flags say: the identity its server presents ({@code --tls-cert} /
 * {@code --tls-key}; null for plain HTTP) and the CAs its client trusts ({@code --ca-file}; null for
 * the JDK's default trust).
 */
public record TlsSettings(TlsIdentity identity, TlsTrust trust) {
    public static final TlsSettings NONE = new TlsSettings(null, null);

    /** @throws IllegalArgumentException naming the flag whose file is not usable, or only one of --tls-cert / --tls-key */
    public static TlsSettings fromFlags(Path certFile, Path keyFile, Path caFile) {
        return new TlsSettings(TlsIdentity.fromFlags(certFile, keyFile), caFile == null ? null : TlsTrust.load("--ca-file", caFile));
    }

    /** The scheme of this binary's own URL: {@code https} when it serves TLS. */
    public String serverScheme() {
        return identity == null ? "http" : "https";
    }
}
