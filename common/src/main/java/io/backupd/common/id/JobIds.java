package io.backupd.common.id;

import io.backupd.common.error.BackupException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * Job ids: the node's IPv4 as 8 hex digits, then the hex MD5 of spec, action and args in key
 * order. The prefix lets the controller route {@code /cron/jobs/:id/...} to the node from the id
 * alone; the digest makes the same job planned twice get the same id.
 */
public final class JobIds {
    private static final int NODE_HEX = 8;

    private JobIds() {
    }

    public static String of(String nodeIp, String spec, String action, Map<String, String> args) {
        StringBuilder canonical = new StringBuilder();
        canonical.append(spec).append('\n').append(action).append('\n');
        new TreeMap<>(args).forEach((k, v) -> canonical.append(k).append('=').append(v).append('\n'));
        return nodeHex(nodeIp) + HexFormat.of().formatHex(md5(canonical.toString()));
    }

    /** The node ip a job id was made for; INVALID_ARGUMENT when the id is not of this shape. */
    public static String nodeIp(String jobId) {
        if (jobId == null || jobId.length() != NODE_HEX + 32 || !jobId.chars().allMatch(JobIds::isLowerHex)) {
            throw BackupException.invalid("'" + jobId + "' is not a job id (8 hex digits of node ip + 32 of MD5)");
        }
        int ip = Integer.parseUnsignedInt(jobId.substring(0, NODE_HEX), 16);
        return (ip >>> 24) + "." + ((ip >>> 16) & 0xff) + "." + ((ip >>> 8) & 0xff) + "." + (ip & 0xff);
    }

    public static boolean isJobId(String candidate) {
        return candidate != null && candidate.length() == NODE_HEX + 32 && candidate.chars().allMatch(JobIds::isLowerHex);
    }

    static String nodeHex(String nodeIp) {
        String[] parts = nodeIp == null ? new String[0] : nodeIp.split("\\.", -1);
        if (parts.length != 4) {
            throw BackupException.invalid("'" + nodeIp + "' is not an IPv4 address");
        }
        StringBuilder hex = new StringBuilder(NODE_HEX);
        for (String part : parts) {
            int octet;
            try {
                octet = Integer.parseInt(part);
            } catch (NumberFormatException e) {
                throw BackupException.invalid("'" + nodeIp + "' is not an IPv4 address");
            }
            if (octet < 0 || octet > 255 || part.isEmpty() || part.length() > 3) {
                throw BackupException.invalid("'" + nodeIp + "' is not an IPv4 address");
            }
            hex.append(String.format("%02x", octet));
        }
        return hex.toString();
    }

    private static boolean isLowerHex(int c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
    }

    private static byte[] md5(String text) {
        try {
            return MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has MD5", e);
        }
    }
}
