package io.backupd.daemon.backup.increment;

import java.security.SecureRandom;
import java.util.HexFormat;

/** The one place that knows the repository's object keys (see docs/repository-format.md). */
final class RepositoryLayout {
    static final String CONFIG = "config.json";
    static final String SNAPSHOTS = "snapshots/";
    static final String INDEX = "index/";
    static final String PACKS = "packs/";
    static final String LOCKS = "locks/";
    private static final String SNAPSHOT_SUFFIX = ".json";
    private static final String LOCK_SUFFIX = ".json";
    private static final SecureRandom RANDOM = new SecureRandom();

    private RepositoryLayout() {
    }

    /** 32 lowercase hex digits of fresh randomness: pack, index and lock ids. */
    static String randomId() {
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    static String randomSuffix() {
        byte[] b = new byte[4];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    static String packKey(String packId) {
        return PACKS + packId.substring(0, 2) + "/" + packId;
    }

    /** The pack id of a key listed under {@link #PACKS}, or null for anything else. */
    static String packIdOf(String key) {
        String id = key.substring(key.lastIndexOf('/') + 1);
        return isHexId(id) && key.equals(packKey(id)) ? id : null;
    }

    static String indexKey(String indexId) {
        return INDEX + indexId;
    }

    static String indexIdOf(String key) {
        String id = key.substring(INDEX.length());
        return isHexId(id) ? id : null;
    }

    static String snapshotKey(String snapshotId) {
        return SNAPSHOTS + snapshotId + SNAPSHOT_SUFFIX;
    }

    static String snapshotIdOf(String key) {
        if (!key.startsWith(SNAPSHOTS) || !key.endsWith(SNAPSHOT_SUFFIX)) {
            return null;
        }
        String id = key.substring(SNAPSHOTS.length(), key.length() - SNAPSHOT_SUFFIX.length());
        return SnapshotIds.isValid(id) ? id : null;
    }

    static String lockKey(String lockId) {
        return LOCKS + lockId + LOCK_SUFFIX;
    }

    private static boolean isHexId(String id) {
        if (id.length() != 32) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return false;
            }
        }
        return true;
    }
}
