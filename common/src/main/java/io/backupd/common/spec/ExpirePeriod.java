package io.backupd.common.spec;

import io.backupd.common.error.BackupException;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses the expire periods of lain.yaml: a whole number followed by m, h, d or w ({@code 30d}, {@code 12h}). */
public final class ExpirePeriod {
    private static final Pattern FORM = Pattern.compile("(\\d{1,6})([mhdw])");

    private ExpirePeriod() {
    }

    public static Duration parse(String text) {
        Matcher m = FORM.matcher(text == null ? "" : text.trim());
        if (!m.matches()) {
            throw BackupException.invalid("expire '" + text + "' is not a period like 90m, 12h, 30d or 1w");
        }
        long n = Long.parseLong(m.group(1));
        if (n == 0) {
            throw BackupException.invalid("expire '" + text + "' must be longer than zero");
        }
        return switch (m.group(2)) {
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            case "d" -> Duration.ofDays(n);
            default -> Duration.ofDays(7 * n);
        };
    }
}
