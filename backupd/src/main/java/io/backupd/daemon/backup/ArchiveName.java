package io.backupd.daemon.backup;

import io.backupd.common.api.BackupName;
import io.backupd.common.api.JobTarget;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A full archive's name taken apart, as Lain names it:
 * {@code <app>-<procfullname>-<instanceNo>-<volume-key>-<unix seconds><extension>}, e.g.
 * {@code hello-hello.web.web-1-var-lib-mysql-1700000000.tar.gz}.
 *
 * @param name       the whole name
 * @param created    the unix seconds in the name
 * @param extension  {@code .tar.gz}; the entry's {@code format} is this without the dot
 */
public record ArchiveName(String name, String app, String proc, int instanceNo, String volumeKey, Instant created,
                          String extension) {
    private static final Pattern UNIX = Pattern.compile("[0-9]{1,12}");
    private static final Pattern VOLUME_KEY = Pattern.compile("[^/\\\\\\p{Cntrl}]{1," + BackupName.MAX_LENGTH + "}");

    /** {@code tar.gz}: the extension without its dot, as catalogs name the format. */
    public String format() {
        return extension.substring(1);
    }

    /**
     * Every way {@code name} reads as an archive name. Apps, procs and volume keys may all contain
     * {@code -}, so a name can in theory read more than one way ({@code a.web.w-1-2-data}: proc
     * {@code a.web.w} instance 1 volume {@code 2-data}, or proc {@code a.web.w-1} instance 2); the
     * caller tries each reading's catalog, a handful of reads instead of a scan. Empty when the
     * name is not an archive name at all.
     */
    static List<ArchiveName> parse(String name) {
        String extension = BackupLayout.ARCHIVE_EXTENSIONS.stream().filter(name::endsWith).findFirst().orElse(null);
        if (extension == null) {
            return List.of();
        }
        String base = name.substring(0, name.length() - extension.length());
        int lastDash = base.lastIndexOf('-');
        if (lastDash < 0 || !UNIX.matcher(base.substring(lastDash + 1)).matches()) {
            return List.of();
        }
        Instant created = Instant.ofEpochSecond(Long.parseLong(base.substring(lastDash + 1)));
        String rest = base.substring(0, lastDash); // <app>-<proc>-<N>-<volume-key>
        List<ArchiveName> readings = new ArrayList<>();
        for (int a = rest.indexOf('-'); a > 0; a = rest.indexOf('-', a + 1)) {
            String app = rest.substring(0, a);
            String afterApp = rest.substring(a + 1);
            if (!BackupLayout.validApp(app) || !afterApp.startsWith(app + ".")) {
                continue;
            }
            for (int p = afterApp.indexOf('-'); p > 0; p = afterApp.indexOf('-', p + 1)) {
                int n = afterApp.indexOf('-', p + 1);
                if (n < 0) {
                    break;
                }
                String proc = afterApp.substring(0, p);
                String instance = afterApp.substring(p + 1, n);
                String volumeKey = afterApp.substring(n + 1);
                if (BackupLayout.validProc(app, proc) && JobTarget.INSTANCE_NO.matcher(instance).matches()
                        && validVolumeKey(volumeKey)) {
                    readings.add(new ArchiveName(name, app, proc, Integer.parseInt(instance), volumeKey, created, extension));
                }
            }
        }
        return List.copyOf(readings);
    }

    private static boolean validVolumeKey(String key) {
        return VOLUME_KEY.matcher(key).matches() && !key.equals(".") && !key.equals("..");
    }
}
