package io.backupd.daemon.backup;

import io.backupd.common.api.JobArgs;
import io.backupd.common.api.JobTarget;
import io.backupd.common.error.BackupException;
import io.backupd.common.error.ErrorCode;
import io.backupd.common.spec.FullFormat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The one place that knows where volumes are on this host and where their backups go in storage.
 * <ul>
 *   <li>volume of instance N: {@code <volume-root>/<app>/<proc>/<N>/<volume>}</li>
 *   <li>volume key: the volume path without its leading {@code /}, with {@code /} turned into
 *       {@code -} ({@code /var/lib/mysql} → {@code var-lib-mysql}), as Lain names it</li>
 *   <li>a full archive: {@code <app>/<proc>/<N>/<volume-key>/full/<app>-<proc>-<N>-<volume-key>-<unix seconds><ext>},
 *       {@code <ext>} being {@code .tar.gz} or {@code .tar.zst}; beside a {@code .tar.gz}, its gzip member
 *       index {@code <archive name>.idx}</li>
 *   <li>the volume's catalog: {@code <app>/<proc>/<N>/<volume-key>/catalog.json}</li>
 *   <li>the volume's snapshot repository ({@code docs/repository-format.md}):
 *       {@code <app>/<proc>/<N>/<volume-key>/increment/}, and beside it {@code increment.json}, which
 *       says which volume the repository protects (listings find repositories by it)</li>
 *   <li>a snapshot's name: {@code <app>-<proc>-<N>-<volume-key>-snap-<snapshot id>}
 *       ({@link SnapshotName}), the same head as a full archive's, so the name says whose it is</li>
 * </ul>
 * An archive name encodes its volume folder, so a backup is found by name through
 * {@link #archiveNames} and {@link #catalogKey(ArchiveName)} without scanning storage.
 * Every input is validated before it becomes a path, and every path is checked to stay under the
 * volume root also after symlinks are resolved. Thread-safe (immutable).
 */
public final class BackupLayout {
    /** The name of a volume folder's catalog. */
    public static final String CATALOG = "catalog.json";
    /**
     * The restore journals' folder inside the volume root: on the volumes' filesystem, so it
     * lives and dies with them; its leading dot keeps it apart from every app folder (app names
     * cannot start with one).
     */
    public static final String RESTORE_JOURNALS = ".backupd-restore";
    /** Archive name endings this version writes and recognises; the format is the ending without its dot. */
    public static final List<String> ARCHIVE_EXTENSIONS = Arrays.stream(FullFormat.values()).map(FullFormat::extension).toList();
    /**
     * Ending of a {@code .tar.gz}'s gzip member index, stored beside it as {@code <archive name>.idx}
     * ({@code docs/gzip-member-index.md}); it lives and dies with its archive.
     */
    public static final String MEMBER_INDEX_SUFFIX = ".idx";
    /** Letters, digits, {@code . _ -}; not starting with a dot. Lain app and proc names fit. */
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    private static final Pattern SEGMENT = Pattern.compile("[^/\\\\\\p{Cntrl}]{1,255}");

    private final Path volumeRoot;

    public BackupLayout(Path volumeRoot) {
        this.volumeRoot = volumeRoot.toAbsolutePath().normalize();
    }

    public Path volumeRoot() {
        return volumeRoot;
    }

    /** Where restores journal their swaps ({@code docs/restore-journal.md}): {@code <volume-root>/.backupd-restore}. */
    public Path restoreJournalDir() {
        return volumeRoot.resolve(RESTORE_JOURNALS);
    }

    /** Validates a job's target args; INVALID_ARGUMENT naming the first bad arg. */
    public BackupTarget target(Map<String, String> args) {
        return target(JobTarget.parse(args));
    }

    /** The target as a safe path below the volume root; INVALID_ARGUMENT naming the first bad arg. */
    public BackupTarget target(JobTarget target) {
        String app = target.app();
        if (!validApp(app)) {
            throw invalidArg(JobArgs.APP, app, "letters, digits, '.', '_' and '-', not starting with '.'");
        }
        String proc = target.proc();
        if (!validProc(app, proc)) {
            throw invalidArg(JobArgs.PROC, proc, "the proc's full name <app>.<type>.<name> of app '" + app + "'");
        }
        return new BackupTarget(app, proc, target.instanceNo(), volume(target.volume(), "arg", JobArgs.VOLUME));
    }

    /** An app or proc name from outside (a filter): letters, digits, {@code . _ -}; INVALID_ARGUMENT naming {@code field}. */
    public String checkName(String value, String field) {
        if (value == null || !validApp(value)) {
            throw invalid("field", field, value == null ? "" : value, "letters, digits, '.', '_' and '-', not starting with '.'");
        }
        return value;
    }

    /** A volume path from outside (a {@code dir} filter): absolute, no empty, '.' or '..' parts; INVALID_ARGUMENT naming {@code field}. */
    public String checkVolume(String value, String field) {
        return volume(value == null ? "" : value, "field", field);
    }

    /**
     * The name of an incremental snapshot from outside (it may contain {@code /}): refused with
     * INVALID_ARGUMENT when it holds {@code ..}, a backslash or control characters.
     */
    public String checkSnapshotName(String name, String field) {
        String value = name == null ? "" : name;
        if (value.isBlank() || value.contains("..") || value.contains("\\") || value.chars().anyMatch(Character::isISOControl)) {
            String shown = value.replaceAll("\\p{Cntrl}", "?");
            throw new BackupException(ErrorCode.INVALID_ARGUMENT, field + " '" + shown + "' must be a non-empty name without"
                    + " '..', '\\' or control characters", Map.of("field", field), null);
        }
        return value;
    }

    /** The name of the volume's snapshot repository marker, beside {@code catalog.json}. */
    public static final String INCREMENT_MARKER = "increment.json";

    /** The storage prefix of a volume's snapshot repository: {@code <app>/<proc>/<N>/<volume-key>/increment/}. */
    public String incrementPrefix(BackupTarget target) {
        return volumeFolder(target) + "/increment/";
    }

    /** The key of the marker saying which volume a folder's repository protects. */
    public String incrementMarkerKey(BackupTarget target) {
        return volumeFolder(target) + "/" + INCREMENT_MARKER;
    }

    /** {@code <app>-<proc>-<N>-<volume-key>-snap-<id>}: a snapshot's stable, owner-carrying name. */
    public String snapshotName(BackupTarget target, String snapshotId) {
        return target.app() + "-" + target.proc() + "-" + target.instanceNo() + "-" + volumeKey(target.volume())
                + SnapshotName.SEPARATOR + snapshotId;
    }

    /** Every reading of {@code name} as a snapshot name (usually one; none when it is not one). */
    public List<SnapshotName> snapshotNames(String name) {
        return SnapshotName.parse(name);
    }

    /** Every reading of {@code name} as a full archive name (usually one; none when it is not one). */
    public List<ArchiveName> archiveNames(String name) {
        return ArchiveName.parse(name);
    }

    /** True when {@code name} is a full archive name of {@code target}'s volume folder. */
    public boolean isArchiveOf(BackupTarget target, String name) {
        String key = volumeKey(target.volume());
        return ArchiveName.parse(name).stream().anyMatch(a -> a.app().equals(target.app()) && a.proc().equals(target.proc())
                && a.instanceNo() == target.instanceNo() && a.volumeKey().equals(key));
    }

    static boolean validApp(String app) {
        return NAME.matcher(app).matches() && !app.contains("..");
    }

    static boolean validProc(String app, String proc) {
        return NAME.matcher(proc).matches() && !proc.contains("..") && proc.startsWith(app + ".");
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
        return folder(target.app(), target.proc(), target.instanceNo(), volumeKey(target.volume()));
    }

    /** The key of the volume folder's catalog. */
    public String catalogKey(BackupTarget target) {
        return volumeFolder(target) + "/" + CATALOG;
    }

    /** The key of the catalog that lists the archive {@code name} names. */
    public String catalogKey(ArchiveName name) {
        return folder(name.app(), name.proc(), name.instanceNo(), name.volumeKey()) + "/" + CATALOG;
    }

    /** The list prefix of a volume folder's full archives. */
    public String fullArchivesPrefix(BackupTarget target) {
        return volumeFolder(target) + "/full/";
    }

    private static String folder(String app, String proc, int instanceNo, String volumeKey) {
        return app + "/" + proc + "/" + instanceNo + "/" + volumeKey;
    }

    /** Lain's archive name: {@code <app>-<proc>-<N>-<volume-key>-<unix seconds><extension>}. */
    public String fullArchiveName(BackupTarget target, Instant created, String extension) {
        return target.app() + "-" + target.proc() + "-" + target.instanceNo() + "-" + volumeKey(target.volume())
                + "-" + created.getEpochSecond() + extension;
    }

    public String fullArchiveKey(BackupTarget target, String archiveName) {
        return volumeFolder(target) + "/full/" + archiveName;
    }

    /** The key of the gzip member index of the archive stored at {@code archiveKey}. */
    public String memberIndexKey(String archiveKey) {
        return archiveKey + MEMBER_INDEX_SUFFIX;
    }

    /**
     * The storage objects of the full backup whose archive is at {@code archiveKey}, in the order they
     * are deleted: the archive, then its member index (absent for archives without one).
     */
    public List<String> fullBackupKeys(String archiveKey) {
        return List.of(archiveKey, memberIndexKey(archiveKey));
    }

    /** True when {@code name} is the member index of a full archive of {@code target}'s volume folder. */
    public boolean isMemberIndexOf(BackupTarget target, String name) {
        return name.endsWith(MEMBER_INDEX_SUFFIX)
                && isArchiveOf(target, name.substring(0, name.length() - MEMBER_INDEX_SUFFIX.length()));
    }

    private static String volume(String volume, String kind, String field) {
        String trimmed = volume.length() > 1 && volume.endsWith("/") ? volume.substring(0, volume.length() - 1) : volume;
        if (!trimmed.startsWith("/") || trimmed.equals("/")) {
            throw invalid(kind, field, volume, "an absolute path inside the container such as /var/lib/mysql");
        }
        for (String segment : trimmed.substring(1).split("/", -1)) {
            if (!SEGMENT.matcher(segment).matches() || segment.equals(".") || segment.equals("..")) {
                throw invalid(kind, field, volume, "a path without empty, '.' or '..' parts or control characters");
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

    private static BackupException invalidArg(String key, String value, String expected) {
        return invalid("arg", key, value, expected);
    }

    /** {@code kind} is {@code arg} for job args, {@code field} for request fields and filters. */
    private static BackupException invalid(String kind, String key, String value, String expected) {
        String shown = value.replaceAll("\\p{Cntrl}", "?");
        return new BackupException(ErrorCode.INVALID_ARGUMENT, kind + " '" + key + "' is '" + shown + "'; expected " + expected,
                Map.of(kind, key), null);
    }
}
