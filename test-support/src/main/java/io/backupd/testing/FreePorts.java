package io.backupd.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Ports nobody listens on right now, for servers and processes a test starts. */
public final class FreePorts {
    private FreePorts() {
    }

    /** A port free on {@code host} (an address such as {@code 127.0.0.2}) at the time of the call. */
    public static int on(String host) {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(host))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on " + host, e);
        }
    }

    /** A port free on the loopback address. */
    public static int loopback() {
        return on(InetAddress.getLoopbackAddress().getHostAddress());
    }
}
