package io.backupd.daemon.backup.restore;

import io.backupd.common.error.BackupException;
import io.backupd.common.error.ErrorCode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.DigestInputStream;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Restores a volume from a tar archive without ever leaving it lost or mixed:
 * <ol>
 *   <li>verify the stored archive's SHA-256 (streaming; mismatch → STORAGE_FAILED, nothing touched);</li>
 *   <li>journal the restore and extract the archive into a staging folder beside the volume
 *       ({@link SafeExtractor}: unsafe entries abort, nothing is written outside staging); the digest
 *       is computed again over the bytes actually extracted, so an archive changed between the
 *       two reads is caught before the swap;</li>
 *   <li>swap the staged content into the volume ({@link VolumeSwap}).</li>
 * </ol>
 * Any failure before the swap deletes the staging folder and leaves the volume untouched; a
 * failure during the swap rolls it back; a crash anywhere is resolved by
 * {@link VolumeSwap#recover()} at the next start.
 *
 * <p>The caller holds the volume's lock (VolumeLocks) and should stop or quiesce the app: the
 * restore replaces the whole content, and writes by containers during the swap are discarded.
 *
 * <p>Thread-safe: restores of distinct volumes may run concurrently; a concurrent restore of the
 * same volume fails with VOLUME_BUSY. Not idempotent: each call with a new rid restores again.
 */
public final class Restorer {
    private static final Logger LOG = LoggerFactory.getLogger(Restorer.class);
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    private final VolumeSwap swap;
    private final SafeExtractor extractor;
    private final FilePlacer placer = new FilePlacer();
    private final CrashPoint crash;

    public Restorer(VolumeSwap swap, ExtractLimits limits, CrashPoint crash) {
        this.swap = Objects.requireNonNull(swap);
        this.extractor = new SafeExtractor(limits);
        this.crash = Objects.requireNonNull(crash);
    }

    /**
     * Restores {@code request.volume()} from the archive.
     *
     * @return the run's result: rid, volume, sha256, files, dirs, symlinks, hardLinks, bytes,
     *         durationMs, notes (stripped mode bits)
     * @throws BackupException INVALID_ARGUMENT for a bad request or a refused archive entry,
     *                         STORAGE_FAILED if the archive cannot be read or its digest differs,
     *                         VOLUME_BUSY if the volume is being restored, NOT_FOUND if it does not exist,
     *                         INTERNAL for local I/O failures; in every case the volume keeps its old content
     */
    public Map<String, Object> restore(RestoreRequest request) {
        long started = System.nanoTime();
        Path volume = request.volume();
        String rid = request.rid();
        String expected = request.expectedSha256().toLowerCase(Locale.ROOT);
        if (!SHA256.matcher(expected).matches()) {
            throw BackupException.invalid("expected SHA-256 '" + EntryName.display(request.expectedSha256()) + "' is not 64 hex digits");
        }
        if (!SwapJournal.validRid(rid)) {
            throw BackupException.invalid("restore id '" + EntryName.display(rid) + "' must match [A-Za-z0-9][A-Za-z0-9._-]{0,63}");
        }
        VolumeSwap.checkVolume(volume);

        verifyDigest(request, expected);
        long verified = System.nanoTime();
        Path staging = swap.begin(volume, rid);
        ExtractSummary summary;
        try {
            summary = extract(request, staging, expected);
            crash.reached("restore:extracted");
        } catch (RuntimeException e) {
            swap.abandon(volume, rid);
            throw e;
        }
        long extracted = System.nanoTime();
        swap.swapIn(volume, staging, rid);
        long swapped = System.nanoTime();

        Map<String, Object> result = new LinkedHashMap<>();
        result.put("rid", rid);
        result.put("volume", volume.toString());
        result.put("sha256", expected);
        result.put("files", summary.files());
        result.put("dirs", summary.dirs());
        result.put("symlinks", summary.symlinks());
        result.put("hardLinks", summary.hardLinks());
        result.put("bytes", summary.bytes());
        result.put("durationMs", (swapped - started) / 1_000_000);
        result.put("notes", summary.notes());
        LOG.info("restored {} from archive {}: {} files, {} bytes in {} s (digest check {} s, extraction {} s, swap {} s)",
                volume, expected, summary.files(), summary.bytes(), seconds(swapped - started), seconds(verified - started),
                seconds(extracted - verified), seconds(swapped - extracted));
        return Collections.unmodifiableMap(result);
    }

    /**
     * Puts one file at {@code relativePath} below {@code volume}: temp name, fsync, rename over the
     * target; missing parent directories are created. See {@link FilePlacer} for how symlinks in a
     * live volume are refused. setuid/setgid/sticky bits of {@code mode} are stripped and noted.
     *
     * @throws BackupException INVALID_ARGUMENT for a path that is absolute, has {@code ..}, NUL or a
     *                         symlink or file on the way, or names a directory; STORAGE_FAILED if
     *                         {@code content} cannot be read; INTERNAL for local I/O failures (the
     *                         target then keeps its previous content)
     */
    public PlacedFile placeFile(Path volume, String relativePath, InputStream content, int mode, FileTime mtime) {
        return placer.place(volume, relativePath, content, mode, mtime);
    }

    private static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.2f", nanos / 1e9);
    }

    private static void verifyDigest(RestoreRequest request, String expected) {
        String actual;
        try (InputStream raw = request.archive().open()) {
            actual = ArchiveDigest.of(raw);
        } catch (IOException e) {
            throw new BackupException(ErrorCode.STORAGE_FAILED, "cannot read the archive of restore " + request.rid() + ": " + e, e);
        }
        if (!actual.equals(expected)) {
            throw new BackupException(ErrorCode.STORAGE_FAILED,
                    "archive digest mismatch: expected sha256 " + expected + ", actual " + actual + "; nothing was restored",
                    Map.of("expected", expected, "actual", actual), null);
        }
    }

    private ExtractSummary extract(RestoreRequest request, Path staging, String expected) {
        InputStream raw;
        try {
            raw = request.archive().open();
        } catch (IOException e) {
            throw new BackupException(ErrorCode.STORAGE_FAILED, "cannot read the archive of restore " + request.rid() + ": " + e, e);
        }
        try (raw; DigestInputStream digesting = ArchiveDigest.digesting(ArchiveDigest.tagged(raw));
             InputStream tar = request.decompressor().open(digesting)) {
            ExtractSummary summary = extractor.extract(tar, staging, request.volume(), request.maxDataBytes());
            // the digest covers the whole stored file: what follows the tar's end marker too
            ArchiveDigest.drain(tar);
            ArchiveDigest.drain(digesting);
            String reread = ArchiveDigest.hex(digesting);
            if (!reread.equals(expected)) {
                throw new BackupException(ErrorCode.STORAGE_FAILED, "the archive changed between verification and extraction: expected sha256 "
                        + expected + ", extracted " + reread + "; nothing was restored",
                        Map.of("expected", expected, "actual", reread), null);
            }
            return summary;
        } catch (BackupException e) {
            throw fromStorage(e).orElse(e);
        } catch (IOException e) {
            throw fromStorage(e).orElseGet(() -> new BackupException(ErrorCode.INVALID_ARGUMENT,
                    "the archive of restore " + request.rid() + " cannot be decompressed: " + e.getMessage(), e));
        }
    }

    /** A failure caused by reading storage (not by the archive's content) is STORAGE_FAILED. */
    private static java.util.Optional<BackupException> fromStorage(Exception e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ArchiveDigest.StorageReadFailure failure) {
                return java.util.Optional.of(new BackupException(ErrorCode.STORAGE_FAILED, failure.getMessage(), e));
            }
        }
        return java.util.Optional.empty();
    }
}
