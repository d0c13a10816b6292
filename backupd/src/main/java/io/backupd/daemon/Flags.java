package io.backupd.daemon;

import java.time.Duration;
import java.time.ZoneId;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Parsing of the command line's value types. */
public final class Flags {
    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h|d)");
    private static final Pattern HOST_PORT = Pattern.compile("(.*):(\\d{1,5})");
    private static final Pattern IPV4 = Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");

    private Flags() {
    }

    record HostPort(String host, int port) {
    }

    /** {@code host:port}, {@code [v6]:port} or {@code :port} (all interfaces). */
    static Optional<HostPort> hostPort(String text) {
        Matcher m = HOST_PORT.matcher(text == null ? "" : text.trim());
        if (!m.matches()) {
            return Optional.empty();
        }
        int port = Integer.parseInt(m.group(2));
        String host = m.group(1);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        if (port > 65535) {
            return Optional.empty();
        }
        return Optional.of(new HostPort(host.isEmpty() ? "0.0.0.0" : host, port));
    }

    static boolean isIpv4(String text) {
        return text != null && IPV4.matcher(text).matches();
    }

    /** {@code 500ms}, {@code 90s}, {@code 10m}, {@code 1h}, {@code 2d}, or ISO-8601 such as {@code PT10M}. */
    public static final class DurationConverter implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            Matcher m = DURATION.matcher(value.trim().toLowerCase(Locale.ROOT));
            if (m.matches()) {
                long n = Long.parseLong(m.group(1));
                return switch (m.group(2)) {
                    case "ms" -> Duration.ofMillis(n);
                    case "s" -> Duration.ofSeconds(n);
                    case "m" -> Duration.ofMinutes(n);
                    case "h" -> Duration.ofHours(n);
                    default -> Duration.ofDays(n);
                };
            }
            try {
                return Duration.parse(value.trim());
            } catch (RuntimeException e) {
                throw new TypeConversionException("'" + value + "' is not a duration such as 90s, 10m or 1h");
            }
        }
    }

    /** {@code system} or a zone id such as {@code Asia/Shanghai} or {@code UTC}. */
    static final class ZoneConverter implements ITypeConverter<ZoneId> {
        @Override
        public ZoneId convert(String value) {
            if (value.equals("system")) {
                return ZoneId.systemDefault();
            }
            try {
                return ZoneId.of(value);
            } catch (RuntimeException e) {
                throw new TypeConversionException("'" + value + "' is not a time zone such as UTC or Asia/Shanghai");
            }
        }
    }
}
