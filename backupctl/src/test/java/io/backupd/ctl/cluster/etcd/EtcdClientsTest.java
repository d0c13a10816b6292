package io.backupd.ctl.cluster.etcd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.backupd.common.error.BackupException;
import io.etcd.jetcd.Client;
import org.junit.jupiter.api.Test;

class EtcdClientsTest {

    @Test
    void acceptsACommaSeparatedList() {
        try (Client client = EtcdClients.connect(" http://127.0.0.1:2379, http://127.0.0.2:2379 ,")) {
            // builds lazily: nothing listens there, and nothing needs to
            assertThat(client.getKVClient()).isNotNull();
        }
    }

    @Test
    void rejectsAnEmptyListOrAnEndpointThatIsNotAUrl() {
        assertThatThrownBy(() -> EtcdClients.connect(" , ")).isInstanceOf(BackupException.class).hasMessageContaining("no etcd endpoint");
        assertThatThrownBy(() -> EtcdClients.connect("127.0.0.1:2379")).isInstanceOf(BackupException.class)
                .hasMessageContaining("must look like http://host:port");
        assertThatThrownBy(() -> EtcdClients.connect("http://127.0.0.1")).isInstanceOf(BackupException.class);
    }
}
