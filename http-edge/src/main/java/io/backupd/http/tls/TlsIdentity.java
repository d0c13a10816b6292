package io.backupd.http.tls;

import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.List;
import okhttp3.tls.Certificates;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;

/**
 * The certificate (with the chain up to, not including, the CA) and private key a server presents.
 * Loaded from {@code --tls-cert} (PEM, the leaf first, then any intermediates) and {@code --tls-key}
 * (a PKCS#8 {@code -----BEGIN PRIVATE KEY-----} PEM, RSA or EC); refused when a file is missing,
 * unreadable or not PEM, or when the key is not the certificate's.
 */
public final class TlsIdentity {
    private final HeldCertificate held;
    private final List<X509Certificate> intermediates;

    private TlsIdentity(HeldCertificate held, List<X509Certificate> intermediates) {
        this.held = held;
        this.intermediates = intermediates;
    }

    /**
     * The identity the flags name, or null when neither is given.
     *
     * @throws IllegalArgumentException naming the flag: only one of the two, or a file that is not usable
     */
    public static TlsIdentity fromFlags(Path certFile, Path keyFile) {
        if (certFile == null && keyFile == null) {
            return null;
        }
        if (certFile == null || keyFile == null) {
            throw new IllegalArgumentException("--tls-cert and --tls-key go together: give both, or neither for plain HTTP");
        }
        return load(certFile, keyFile);
    }

    /** @throws IllegalArgumentException naming the flag and the file that is not usable */
    public static TlsIdentity load(Path certFile, Path keyFile) {
        List<String> chain = PemFiles.certificates("--tls-cert", certFile);
        String key = PemFiles.read("--tls-key", keyFile).stream()
                .filter(block -> block.type().equals("PRIVATE KEY")).map(PemFiles.Block::pem).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("--tls-key: " + keyFile
                        + " holds no PKCS#8 -----BEGIN PRIVATE KEY----- block (convert with: openssl pkcs8 -topk8 -nocrypt)"));
        HeldCertificate held;
        try {
            held = HeldCertificate.decode(chain.get(0) + "\n" + key);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("--tls-cert " + certFile + " / --tls-key " + keyFile + ": not a usable certificate"
                    + " and key (" + e.getMessage() + ")");
        }
        List<X509Certificate> intermediates;
        try {
            intermediates = chain.subList(1, chain.size()).stream().map(Certificates::decodeCertificatePem).toList();
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("--tls-cert: " + certFile + " holds a certificate that does not decode ("
                    + e.getMessage() + ")");
        }
        if (!signsFor(held.keyPair().getPrivate(), held.certificate().getPublicKey())) {
            throw new IllegalArgumentException("--tls-key: " + keyFile + " is not the private key of the certificate in "
                    + certFile);
        }
        return new TlsIdentity(held, intermediates);
    }

    /** The leaf certificate, e.g. to log its subject and expiry. */
    public X509Certificate certificate() {
        return held.certificate();
    }

    /** Key material for a server presenting this identity; {@code clientCa} non-null: the CAs client certificates are checked against. */
    public HandshakeCertificates serverCertificates(TlsTrust clientCa) {
        HandshakeCertificates.Builder certificates = new HandshakeCertificates.Builder();
        addTo(certificates);
        if (clientCa != null) {
            clientCa.addTo(certificates);
        }
        return certificates.build();
    }

    void addTo(HandshakeCertificates.Builder certificates) {
        certificates.heldCertificate(held, intermediates.toArray(X509Certificate[]::new));
    }

    // HeldCertificate.decode pairs any key with any certificate; a signature the certificate's key
    // verifies is the one check that works for every key type.
    private static boolean signsFor(PrivateKey key, PublicKey publicKey) {
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            default -> throw new IllegalArgumentException("--tls-key: a " + key.getAlgorithm() + " key; RSA or EC are supported");
        };
        if (!key.getAlgorithm().equals(publicKey.getAlgorithm())) {
            return false;
        }
        try {
            byte[] challenge = new byte[32];
            new SecureRandom().nextBytes(challenge);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(challenge);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(publicKey);
            verifier.update(challenge);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
