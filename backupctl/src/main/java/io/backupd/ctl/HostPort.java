package io.backupd.ctl;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** A {@code host:port} flag value, and the node-list flag's IPv4 addresses. */
record HostPort(String host, int port) {
    private static final Pattern IPV4 = Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");

    /** Parses {@code host:port}; IllegalArgumentException says what is wrong. */
    static HostPort parse(String flag, String text) {
        int colon = text.lastIndexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            throw new IllegalArgumentException(flag + " '" + text + "' must be HOST:PORT, e.g. 0.0.0.0:9002");
        }
        return new HostPort(text.substring(0, colon), port(flag, text.substring(colon + 1)));
    }

    static int port(String flag, String text) {
        try {
            int port = Integer.parseInt(text);
            if (port >= 0 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(flag + ": '" + text + "' is not a port (0-65535)");
    }

    /** Whether daemons could not reach this address as it is written (a wildcard bind). */
    boolean isWildcard() {
        return host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]") || host.equals("*");
    }

    /** The host a process on this machine reaches a server bound to {@code host} at: loopback for a wildcard bind. */
    static String reachable(String host) {
        HostPort bound = new HostPort(host, 0);
        if (!bound.isWildcard()) {
            return host;
        }
        return host.contains(":") ? "[::1]" : "127.0.0.1";
    }

    /** Parses {@code ip,ip,...}; IllegalArgumentException names the first bad entry. */
    static List<String> nodes(String flag, String text) {
        List<String> nodes = new ArrayList<>();
        for (String part : text.split(",")) {
            String ip = part.trim();
            if (ip.isEmpty()) {
                continue;
            }
            if (!IPV4.matcher(ip).matches()) {
                throw new IllegalArgumentException(flag + ": '" + ip + "' is not an IPv4 address");
            }
            if (!nodes.contains(ip)) {
                nodes.add(ip);
            }
        }
        if (nodes.isEmpty()) {
            throw new IllegalArgumentException(flag + " needs at least one node ip");
        }
        return nodes;
    }
}
