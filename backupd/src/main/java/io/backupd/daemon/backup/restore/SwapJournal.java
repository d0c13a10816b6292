package io.backupd.daemon.backup.restore;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One restore's journal: the state {@link VolumeSwap} needs to finish or undo the swap after a
 * crash. Stored as JSON, one file per restore; docs/restore-journal.md documents the
 * format and the state machine. The staging and old folders are derived from the volume and the
 * restore id, never trusted from the file: {@link #check()} refuses a journal whose paths differ,
 * so a damaged journal cannot make recovery move or delete anything else.
 *
 * @param version    {@value #VERSION}
 * @param rid        the restore id; also the journal's file name
 * @param volume     the volume directory (absolute, normalised)
 * @param staging    {@code <volume-parent>/.<volume-name>.restore-<rid>}
 * @param old        {@code <volume-parent>/.<volume-name>.old-<rid>}
 * @param oldEntries top-level names of the volume when the swap began (empty in STAGING)
 * @param newEntries top-level names of the staging folder when the swap began (empty in STAGING)
 */
record SwapJournal(int version, String rid, Phase phase, String volume, String staging, String old,
                   List<String> oldEntries, List<String> newEntries) {
    static final int VERSION = 1;
    private static final Pattern RID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    /** Keeps the derived folder names under NAME_MAX whatever the volume is called. */
    private static final int MAX_NAME_PART_BYTES = 120;

    enum Phase {
        /** The staging folder is being filled; the volume is untouched. Recovery: roll back. */
        STAGING,
        /** Staging is complete and durable; entries are being moved. Recovery: roll forward. */
        SWAPPING,
        /** The volume holds exactly the new content. Recovery: delete the old and staging folders. */
        COMMITTED,
        /** A failed swap is being undone. Recovery: finish the rollback. */
        ROLLING_BACK,
        /**
         * The volume holds exactly the old content again. Recovery: delete the staging and old
         * folders. Needed because rolling back infers "moved" from "missing in staging", which
         * stops being true once cleanup starts deleting staging.
         */
        ROLLED_BACK
    }

    SwapJournal {
        oldEntries = oldEntries == null ? List.of() : List.copyOf(oldEntries);
        newEntries = newEntries == null ? List.of() : List.copyOf(newEntries);
    }

    static SwapJournal staging(Path volume, String rid) {
        return new SwapJournal(VERSION, rid, Phase.STAGING, volume.toString(), stagingOf(volume, rid).toString(),
                oldOf(volume, rid).toString(), List.of(), List.of());
    }

    SwapJournal swapping(List<String> oldNames, List<String> newNames) {
        return new SwapJournal(version, rid, Phase.SWAPPING, volume, staging, old, oldNames, newNames);
    }

    SwapJournal in(Phase next) {
        return new SwapJournal(version, rid, next, volume, staging, old, oldEntries, newEntries);
    }

    Path volumePath() {
        return Path.of(volume);
    }

    Path stagingPath() {
        return Path.of(staging);
    }

    Path oldPath() {
        return Path.of(old);
    }

    static Path stagingOf(Path volume, String rid) {
        return volume.resolveSibling("." + namePart(volume) + ".restore-" + rid);
    }

    static Path oldOf(Path volume, String rid) {
        return volume.resolveSibling("." + namePart(volume) + ".old-" + rid);
    }

    static boolean validRid(String rid) {
        return rid != null && RID.matcher(rid).matches();
    }

    /** Null if the journal is consistent, else what is wrong with it. */
    String check() {
        if (version != VERSION) {
            return "unknown journal version " + version;
        }
        if (!validRid(rid) || phase == null || volume == null) {
            return "missing or invalid rid, phase or volume";
        }
        Path v = Path.of(volume);
        if (!v.isAbsolute() || !v.normalize().equals(v) || v.getParent() == null) {
            return "volume path " + volume + " is not absolute and normalised";
        }
        if (!stagingOf(v, rid).toString().equals(staging) || !oldOf(v, rid).toString().equals(old)) {
            return "staging or old path does not belong to volume " + volume + " and rid " + rid;
        }
        for (List<String> names : List.of(oldEntries, newEntries)) {
            for (String name : names) {
                if (name.isEmpty() || name.equals(".") || name.equals("..") || name.indexOf('/') >= 0 || name.indexOf('\0') >= 0) {
                    return "invalid entry name in journal: '" + EntryName.display(name) + "'";
                }
            }
        }
        return null;
    }

    private static String namePart(Path volume) {
        String name = volume.getFileName().toString();
        byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= MAX_NAME_PART_BYTES) {
            return name;
        }
        int end = name.length();
        while (name.substring(0, end).getBytes(StandardCharsets.UTF_8).length > MAX_NAME_PART_BYTES) {
            end--;
        }
        return name.substring(0, end);
    }
}
