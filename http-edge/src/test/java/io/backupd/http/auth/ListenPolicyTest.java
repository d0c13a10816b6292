package io.backupd.http.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ListenPolicyTest {
    @Test
    void withoutASecretOnlyLoopbackOrInsecureMayListen() {
        assertThat(ListenPolicy.authenticator("daemon", "127.0.0.5", null, false, Access.CONTROLLER)).isSameAs(Authenticator.NONE);
        assertThat(ListenPolicy.authenticator("daemon", "::1", null, false, Access.CONTROLLER)).isSameAs(Authenticator.NONE);
        assertThatThrownBy(() -> ListenPolicy.authenticator("daemon", "0.0.0.0", null, false, Access.CONTROLLER))
                .hasMessageContaining("--insecure").hasMessageContaining("--cluster-secret-file");
        assertThatThrownBy(() -> ListenPolicy.authenticator("daemon", "", null, false, Access.CONTROLLER))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ListenPolicy.authenticator("daemon", "10.1.2.3", null, false, Access.CONTROLLER))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(ListenPolicy.authenticator("daemon", "0.0.0.0", null, true, Access.CONTROLLER)).isSameAs(Authenticator.NONE);
    }

    @Test
    void withASecretEveryAddressIsChecked() {
        assertThat(ListenPolicy.authenticator("daemon", "0.0.0.0", ClusterSecret.random(), false, Access.CONTROLLER))
                .isInstanceOf(ClusterAuthenticator.class);
    }
}
