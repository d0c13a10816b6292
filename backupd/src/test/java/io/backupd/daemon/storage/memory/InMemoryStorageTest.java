package io.backupd.daemon.storage.memory;

import io.backupd.daemon.storage.Storage;
import io.backupd.daemon.storage.StorageContractTest;

class InMemoryStorageTest extends StorageContractTest {
    @Override
    protected Storage newStorage() {
        return new InMemoryStorage();
    }
}
