package io.backupd.common.spec;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * One backup declaration of one volume of one proc, as lain.yaml states it and as Lain's
 * annotation carries it ({@code procname} is the proc's full name, {@code app.type.name}).
 * Empty strings stand for absent hooks and "keep forever" expiry. {@code format} is the archive
 * format of a full backup: {@link FullFormat#DEFAULT} when a full spec names none; null for an
 * incremental spec, which {@link SpecValidator} refuses to give one.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record BackupSpec(String procname, String volume, String schedule, String expire, BackupMode mode,
                         String preRun, String postRun, FullFormat format) {

    @JsonCreator
    public BackupSpec {
        expire = expire == null ? "" : expire;
        preRun = preRun == null ? "" : preRun;
        postRun = postRun == null ? "" : postRun;
        format = format == null && mode == BackupMode.FULL ? FullFormat.DEFAULT : format;
    }

    /** A spec in the default format: what every declaration was before formats could be chosen. */
    public BackupSpec(String procname, String volume, String schedule, String expire, BackupMode mode, String preRun,
                      String postRun) {
        this(procname, volume, schedule, expire, mode, preRun, postRun, null);
    }

    public String app() {
        int dot = procname.indexOf('.');
        return dot < 0 ? procname : procname.substring(0, dot);
    }
}
