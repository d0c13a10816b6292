package io.backupd.daemon.backup;

import io.backupd.common.api.JobArgs;
import io.backupd.common.error.BackupException;
import io.backupd.common.error.ErrorCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The one place that knows where volumes are on this host and where their backups go in storage.
 * <ul>
 *   <li>volume of instance N: {@code <volume-root>/<app>/<proc>/<N>/<volume>}</li>
 *   <li>volume key: the volume path without its leading {@code /}, with {@code /} turned into
 *       {@code -} ({@code /var/lib/mysql} → {@code var-lib-mysql}), as Lain names it</li>
 *   <li>a full archive: {@code <app>/<proc>/<N>/<volume-key>/full/<app>-<proc>-<N>-<volume-key>-<unix seconds><ext>}</li>
 * </ul>
 * Every input is validated before it becomes a path, and every path is checked to stay under the
 * volume root also after symlinks are resolved. Thread-safe (immutable).
 */
public final class BackupLayout {
    /** Letters, digits, {@code . _ -}; not starting with a dot. Lain app and proc names fit. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    private static final Pattern SEGMENT = Pattern.compile("[^/\\\\\\p{Cntrl}]{1,255}");
    private static final Pattern INSTANCE = Pattern.compile("[0-9]{1,6}");

    private final Path volumeRoot;

    public BackupLayout(Path volumeRoot) {
        this.volumeRoot = volumeRoot.toAbsolutePath().normalize();
    }

    public Path volumeRoot() {
        return volumeRoot;
    }

    /** Validates a backup job's args; INVALID_ARGUMENT naming the first bad arg. */
    public BackupTarget target(Map<String, String> args) {
        String app = required(args, JobArgs.APP);
        if (!NAME.matcher(app).matches() || app.contains("..")) {
            throw invalidArg(JobArgs.APP, app, "letters, digits, '.', '_' and '-', not starting with '.'");
        }
        String proc = required(args, JobArgs.PROC);
        if (!NAME.matcher(proc).matches() || proc.contains("..") || !proc.startsWith(app + ".")) {
            throw invalidArg(JobArgs.PROC, proc, "the proc's full name <app>.<type>.<name> of app '" + app + "'");
        }
        String instance = required(args, JobArgs.INSTANCE_NO);
        if (!INSTANCE.matcher(instance).matches()) {
            throw invalidArg(JobArgs.INSTANCE_NO, instance, "a non-negative instance number");
        }
        return new BackupTarget(app, proc, Integer.parseInt(instance), volume(required(args, JobArgs.VOLUME)));
    }

    /** The volume's directory; refused when it would leave the volume root (also through a symlink). */
    public Path volumeDir(BackupTarget target) {
        Path dir = volumeRoot.resolve(target.app()).resolve(target.proc())
                .resolve(Integer.toString(target.instanceNo())).resolve(target.volume().substring(1)).normalize();
        requireInside(volumeRoot, dir);
        return dir;
    }

    /** Like {@link #volumeDir} and also requires the directory to exist (NOT_FOUND otherwise). */
    public Path existingVolumeDir(BackupTarget target) {
        Path dir = volumeDir(target);
        if (!Files.isDirectory(dir)) {
            throw BackupException.notFound("volume " + target.volume() + " of " + target.proc() + " instance "
                    + target.instanceNo() + " does not exist on this node (no directory " + dir + ")");
        }
        return dir;
    }

    public String volumeKey(String volume) {
        return volume.substring(1).replace('/', '-');
    }

    /** The storage folder of a volume's backups: {@code <app>/<proc>/<N>/<volume-key>}. */
    public String volumeFolder(BackupTarget target) {
        return target.app() + "/" + target.proc() + "/" + target.instanceNo() + "/" + volumeKey(target.volume());
    }

    /** Lain's archive name: {@code <app>-<proc>-<N>-<volume-key>-<unix seconds><extension>}. */
    public String fullArchiveName(BackupTarget target, Instant created, String extension) {
        return target.app() + "-" + target.proc() + "-" + target.instanceNo() + "-" + volumeKey(target.volume())
                + "-" + created.getEpochSecond() + extension;
    }

    public String fullArchiveKey(BackupTarget target, String archiveName) {
        return volumeFolder(target) + "/full/" + archiveName;
    }

    private static String volume(String volume) {
        String trimmed = volume.length() > 1 && volume.endsWith("/") ? volume.substring(0, volume.length() - 1) : volume;
        if (!trimmed.startsWith("/") || trimmed.equals("/")) {
            throw invalidArg(JobArgs.VOLUME, volume, "an absolute path inside the container such as /var/lib/mysql");
        }
        for (String segment : trimmed.substring(1).split("/", -1)) {
            if (!SEGMENT.matcher(segment).matches() || segment.equals(".") || segment.equals("..")) {
                throw invalidArg(JobArgs.VOLUME, volume, "a path without empty, '.' or '..' parts or control characters");
            }
        }
        return trimmed;
    }

    /**
     * Refuses {@code path} unless it is under {@code root} lexically and, for its deepest existing
     * part, after resolving symlinks. A root that does not exist yet has nothing to escape through.
     */
    static void requireInside(Path root, Path path) {
        if (!path.startsWith(root) || path.equals(root)) {
            throw BackupException.invalid(path + " is not inside " + root);
        }
        try {
            Path existing = path;
            while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
                existing = existing.getParent();
            }
            if (existing == null || !existing.startsWith(root) || !Files.exists(root)) {
                return;
            }
            if (!existing.toRealPath().startsWith(root.toRealPath())) {
                throw BackupException.invalid(path + " leads outside " + root + " through a symlink; refused");
            }
        } catch (IOException e) {
            throw new BackupException(ErrorCode.INTERNAL, "cannot resolve " + path + ": " + e.getMessage(), e);
        }
    }

    private static String required(Map<String, String> args, String key) {
        String value = args.get(key);
        if (value == null || value.isBlank()) {
            throw BackupException.invalid("arg '" + key + "' is missing");
        }
        return value;
    }

    private static BackupException invalidArg(String key, String value, String expected) {
        String shown = value.replaceAll("\\p{Cntrl}", "?");
        return new BackupException(ErrorCode.INVALID_ARGUMENT, "arg '" + key + "' is '" + shown + "'; expected " + expected,
                Map.of("arg", key), null);
    }
}
