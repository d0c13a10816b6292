package io.backupd.common.spec;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.backupd.common.error.BackupException;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The archive format of a full backup, as app owners name it in {@code backup_full.format} and as
 * the planner passes it in the job arg {@link io.backupd.common.api.JobArgs#FORMAT}: {@code tar.gz}
 * (the default, read by any gzip) or {@code tar.zst} (zstd: less CPU for the same size, read by
 * {@code tar --zstd}). Named once here so lain.yaml, the annotation and the daemon accept exactly
 * the same values.
 */
public enum FullFormat {
    TAR_GZ("tar.gz"), TAR_ZST("tar.zst");

    /** What a full backup is written as when its spec or job names no format. */
    public static final FullFormat DEFAULT = TAR_GZ;

    private final String wireName;

    FullFormat(String wireName) {
        this.wireName = wireName;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }

    /** The archive name ending, with its dot: {@code .tar.gz}. */
    public String extension() {
        return "." + wireName;
    }

    /** The format named exactly {@code text}; INVALID_ARGUMENT naming the known ones for anything else. */
    @JsonCreator
    public static FullFormat parse(String text) {
        for (FullFormat format : values()) {
            if (format.wireName.equals(text)) {
                return format;
            }
        }
        throw BackupException.invalid("format '" + text + "' is not one of " + known());
    }

    /** {@code tar.gz, tar.zst}: for messages. */
    public static String known() {
        return Arrays.stream(values()).map(FullFormat::wireName).collect(Collectors.joining(", "));
    }
}
