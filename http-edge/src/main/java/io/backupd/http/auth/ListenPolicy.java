package io.backupd.http.auth;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether a server may listen without a cluster secret: on a loopback address (127.0.0.0/8, ::1)
 * only callers on this host can reach it; anywhere else only when the operator said
 * {@code --insecure}, and then every start logs that anyone on the network may call it.
 */
public final class ListenPolicy {
    private static final Logger LOG = LoggerFactory.getLogger(ListenPolicy.class);

    private ListenPolicy() {
    }

    /**
     * Returns the authenticator to serve with: {@link Authenticator#NONE} without a secret, the
     * cluster one with it. Throws IllegalArgumentException for a non-loopback {@code host} without a
     * secret and without {@code insecure}.
     *
     * @param binary   names the binary and its flags in messages ({@code "daemon"})
     * @param secret   null when no {@code --cluster-secret-file} was given
     * @param fallback the access of routes that declare none
     */
    public static Authenticator authenticator(String binary, String host, ClusterSecret secret, boolean insecure,
                                              Access fallback) {
        if (secret != null) {
            return new ClusterAuthenticator(secret, fallback);
        }
        if (!isLoopback(host)) {
            if (!insecure) {
                throw new IllegalArgumentException(binary + " listens on " + host + " without a cluster secret: give"
                        + " --cluster-secret-file, listen on loopback, or accept the risk with --insecure");
            }
            LOG.warn("INSECURE: {} listens on {} without a cluster secret (--insecure): anyone who reaches it can call"
                    + " every endpoint", binary, host);
        }
        return Authenticator.NONE;
    }

    static boolean isLoopback(String host) {
        if (host == null || host.isBlank()) {
            return false; // all interfaces
        }
        try {
            // a literal is parsed, not looked up; a name is resolved the way the server will bind it
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
