package io.backupd.http.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
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
    void insecureIsWarnedLoudlyAndLoopbackIsNot() {
        assertThat(stderrOf(() -> ListenPolicy.authenticator("daemon", "0.0.0.0", null, true, Access.CONTROLLER)))
                .contains("WARN", "INSECURE", "daemon listens on 0.0.0.0 without a cluster secret");
        assertThat(stderrOf(() -> ListenPolicy.authenticator("daemon", "127.0.0.1", null, false, Access.CONTROLLER)))
                .doesNotContain("INSECURE");
    }

    /** What {@code action} logged: slf4j-simple writes to whatever System.err is at the time. */
    private static String stderrOf(Runnable action) {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            action.run();
        } finally {
            System.setErr(original);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }

    @Test
    void withASecretEveryAddressIsChecked() {
        assertThat(ListenPolicy.authenticator("daemon", "0.0.0.0", ClusterSecret.random(), false, Access.CONTROLLER))
                .isInstanceOf(ClusterAuthenticator.class);
    }
}
