package io.backupd.ctl.db;

import java.nio.file.Path;
import org.mapdb.volume.ByteArrayVol;
import org.mapdb.volume.Volume;
import org.mapdb.volume.VolumeFactory;

/**
 * Gives MapDB's transactional store a {@link JournaledVolume} for the database file and memory for
 * its own write-ahead log: that log is never replayed on open, so writing and forcing it to disk
 * would cost a second fsync per commit and protect nothing; the journal is what makes commits last.
 */
final class JournaledVolumeFactory extends VolumeFactory {
    private final String storeFile;

    JournaledVolumeFactory(Path storeFile) {
        this.storeFile = storeFile.toString();
    }

    @Override
    public Volume makeVolume(String file, boolean readOnly, long fileLockWait, int sliceShift, long initSize, boolean fixedSize) {
        if (storeFile.equals(file)) {
            return JournaledVolume.open(Path.of(file));
        }
        return new ByteArrayVol(sliceShift, initSize);
    }

    @Override
    public boolean exists(String file) {
        return storeFile.equals(file) && JournaledVolume.holdsStore(Path.of(file));
    }

    @Override
    public boolean handlesReadonly() {
        return false;
    }
}
