/**
 * TLS from PEM files: {@link io.backupd.http.tls.TlsIdentity} is the certificate and key a server
 * presents ({@code --tls-cert}, {@code --tls-key}), {@link io.backupd.http.tls.TlsTrust} the CA
 * certificates a client trusts ({@code --ca-file}). PEM decoding is okhttp-tls's.
 */
package io.backupd.http.tls;
