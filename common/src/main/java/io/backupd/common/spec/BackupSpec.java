package io.backupd.common.spec;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * One backup declaration of one volume of one proc, as lain.yaml states it and as Lain's
 * annotation carries it ({@code procname} is the proc's full name, {@code app.type.name}).
 * Empty strings stand for absent hooks and "keep forever" expiry.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record BackupSpec(String procname, String volume, String schedule, String expire, BackupMode mode,
                         String preRun, String postRun) {

    public BackupSpec {
        expire = expire == null ? "" : expire;
        preRun = preRun == null ? "" : preRun;
        postRun = postRun == null ? "" : postRun;
    }

    public String app() {
        int dot = procname.indexOf('.');
        return dot < 0 ? procname : procname.substring(0, dot);
    }
}
