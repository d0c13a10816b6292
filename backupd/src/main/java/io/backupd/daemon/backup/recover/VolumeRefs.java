package io.backupd.daemon.backup.recover;

import io.backupd.common.api.JobArgs;
import io.backupd.common.error.BackupException;
import io.backupd.common.error.ErrorCode;
import io.backupd.daemon.backup.BackupLayout;
import io.backupd.daemon.backup.BackupTarget;
import java.nio.file.Path;
import java.util.Map;

/**
 * The two ways a recover request names a volume by path: {@code namespace}, the backup's folder
 * in storage, and {@code destDir}, the target's directory on this node. Both are taken apart into
 * app, proc, instance and volume and checked by {@link BackupLayout#target}, so neither can name
 * anything outside the storage folder tree or the volume root. Thread-safe (immutable).
 */
final class VolumeRefs {
    private final BackupLayout layout;

    VolumeRefs(BackupLayout layout) {
        this.layout = layout;
    }

    /**
     * The storage folder {@code namespace} names: {@code <app>/<procfullname>/<instanceNo>/<volume>},
     * where {@code <volume>} is the volume key ({@code var-lib-mysql}) or the volume path without its
     * leading slash ({@code var/lib/mysql}); both give the same folder, as the key is the path with
     * {@code /} turned into {@code -}. INVALID_ARGUMENT naming the field otherwise.
     */
    String folderOf(String namespace) {
        String trimmed = namespace.endsWith("/") ? namespace.substring(0, namespace.length() - 1) : namespace;
        String[] parts = trimmed.split("/", 4);
        if (trimmed.startsWith("/") || parts.length < 4) {
            throw invalid(RecoverRequest.NAMESPACE, namespace,
                    "<app>/<procfullname>/<instanceNo>/<volume-key>, e.g. hello/hello.web.web/1/var-lib-mysql", null);
        }
        return layout.volumeFolder(target(RecoverRequest.NAMESPACE, namespace, parts[0], parts[1], parts[2], parts[3]));
    }

    /**
     * The target {@code destDir} names: {@code <volume-root>/<app>/<procfullname>/<instanceNo>/<volume path>}.
     * Refused with INVALID_ARGUMENT when it is relative, has {@code .} or {@code ..} parts, is not
     * under the volume root or is too short to name a volume. Whether it exists is not checked here.
     */
    BackupTarget targetOf(String destDir) {
        String expected = layout.volumeRoot() + "/<app>/<procfullname>/<instanceNo>/<volume>";
        if (!destDir.startsWith("/")) {
            throw invalid(RecoverRequest.DEST_DIR, destDir, "an absolute path " + expected, null);
        }
        for (String segment : destDir.split("/")) {
            if (segment.equals(".") || segment.equals("..") || segment.chars().anyMatch(Character::isISOControl)) {
                throw invalid(RecoverRequest.DEST_DIR, destDir, "a path without '.' or '..' parts or control characters", null);
            }
        }
        Path dir = Path.of(destDir).normalize();
        if (!dir.startsWith(layout.volumeRoot()) || dir.getNameCount() < layout.volumeRoot().getNameCount() + 4) {
            throw invalid(RecoverRequest.DEST_DIR, destDir, expected + " (a volume under this node's volume root)", null);
        }
        Path relative = layout.volumeRoot().relativize(dir);
        return target(RecoverRequest.DEST_DIR, destDir, relative.getName(0).toString(), relative.getName(1).toString(),
                relative.getName(2).toString(), relative.subpath(3, relative.getNameCount()).toString());
    }

    private BackupTarget target(String field, String value, String app, String proc, String instanceNo, String volume) {
        try {
            return layout.target(Map.of(JobArgs.APP, app, JobArgs.PROC, proc, JobArgs.INSTANCE_NO, instanceNo,
                    JobArgs.VOLUME, "/" + volume));
        } catch (BackupException e) {
            throw invalid(field, value, "<app>/<procfullname>/<instanceNo>/<volume> with valid parts", e);
        }
    }

    static BackupException invalid(String field, String value, String expected, BackupException cause) {
        String shown = value.replaceAll("\\p{Cntrl}", "?");
        String why = cause == null ? "" : ": " + cause.getMessage();
        return new BackupException(ErrorCode.INVALID_ARGUMENT, "field '" + field + "' is '" + shown + "'; expected " + expected
                + why, Map.of("field", field), cause);
    }
}
