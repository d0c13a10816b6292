package io.backupd.common.spec;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.backupd.common.error.BackupException;
import java.util.Locale;

/** {@code full}: a tar archive of the whole volume; {@code increment}: a deduplicated snapshot. */
public enum BackupMode {
    FULL, INCREMENT;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static BackupMode parse(String text) {
        for (BackupMode mode : values()) {
            if (mode.wireName().equals(text)) {
                return mode;
            }
        }
        throw BackupException.invalid("mode '" + text + "' is neither 'full' nor 'increment'");
    }
}
