package io.backupd.http.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The secret a controller and its daemons share, and the credentials derived from it: the
 * controller's is HMAC-SHA256(secret, "controller"), a node's HMAC-SHA256(secret, "node:" + ip), so
 * a node's credential names its node and proves nothing about another. For rotation the file may
 * hold several secrets, one a line: credentials are made with the first and accepted from any.
 * Comparisons are constant time.
 */
public final class ClusterSecret {
    /** Shorter secrets are refused: 32 bytes is the HMAC-SHA256 key size. */
    public static final int MIN_BYTES = 32;
    private static final String CONTROLLER = "controller";
    private static final Set<PosixFilePermission> OPEN = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private final List<byte[]> secrets;

    private ClusterSecret(List<byte[]> secrets) {
        this.secrets = secrets;
    }

    /**
     * Reads {@code file}: one secret a line (blank lines ignored), the first the current one. Throws
     * IllegalArgumentException naming the file when it is missing, holds no secret, holds one shorter
     * than {@link #MIN_BYTES}, or can be read by group or others (as ssh refuses an open key).
     */
    public static ClusterSecret load(Path file) {
        List<String> lines;
        try {
            // the file a link points to is what is read (Kubernetes mounts secrets as links)
            Set<PosixFilePermission> mode = Files.getPosixFilePermissions(file);
            if (mode.stream().anyMatch(OPEN::contains)) {
                throw new IllegalArgumentException("cluster secret file " + file + " is open to group or others;"
                        + " chmod 600 it");
            }
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (UnsupportedOperationException e) {
            throw new IllegalArgumentException("cluster secret file " + file + ": its permissions cannot be checked here");
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the cluster secret file " + file + ": " + e);
        }
        List<byte[]> secrets = lines.stream().map(String::strip).filter(line -> !line.isEmpty())
                .map(line -> line.getBytes(StandardCharsets.UTF_8)).toList();
        if (secrets.isEmpty()) {
            throw new IllegalArgumentException("cluster secret file " + file + " holds no secret");
        }
        if (secrets.stream().anyMatch(secret -> secret.length < MIN_BYTES)) {
            throw new IllegalArgumentException("cluster secret file " + file + " holds a secret shorter than "
                    + MIN_BYTES + " bytes; make one with: openssl rand -hex 32");
        }
        return new ClusterSecret(secrets);
    }

    /** A fresh secret held only in memory: standalone mode, whose daemon runs in the same process. */
    public static ClusterSecret random() {
        byte[] secret = new byte[MIN_BYTES];
        new SecureRandom().nextBytes(secret);
        return new ClusterSecret(List.of(HexFormat.of().formatHex(secret).getBytes(StandardCharsets.US_ASCII)));
    }

    /** The credential the controller sends to daemons. */
    public String controllerToken() {
        return token(secrets.get(0), CONTROLLER);
    }

    /** The credential the daemon of node {@code ip} sends with its records. */
    public String nodeToken(String ip) {
        return token(secrets.get(0), node(ip));
    }

    public boolean isController(String token) {
        return matches(token, CONTROLLER);
    }

    /** Whether {@code token} is the credential of node {@code ip}, under any of the secrets. */
    public boolean isNode(String token, String ip) {
        return ip != null && !ip.isEmpty() && matches(token, node(ip));
    }

    private boolean matches(String token, String label) {
        if (token == null) {
            return false;
        }
        byte[] given = token.getBytes(StandardCharsets.US_ASCII);
        boolean any = false;
        for (byte[] secret : secrets) {
            // every secret is tried, so the time taken does not say which one matched
            any |= MessageDigest.isEqual(given, token(secret, label).getBytes(StandardCharsets.US_ASCII));
        }
        return any;
    }

    private static String node(String ip) {
        return "node:" + ip;
    }

    private static String token(byte[] secret, String label) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(label.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }
}
