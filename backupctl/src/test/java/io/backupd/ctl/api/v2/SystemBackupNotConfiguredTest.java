package io.backupd.ctl.api.v2;

import static org.assertj.core.api.Assertions.assertThat;

import io.backupd.testing.Http.Answer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** A controller started without {@code --backup-dir} writes no database copy anywhere. */
class SystemBackupNotConfiguredTest extends RoutesTestBase {

    @Override
    Optional<Path> copyRoot() {
        return Optional.empty();
    }

    @Test
    void aCopyIsRefusedWith403UntilTheOperatorNamesAFolder() throws IOException {
        Path wanted = dir.resolve("copies");
        for (String[] form : new String[][] {{"dir", "/"}, {"dir", wanted.toString()}, {"dir", "one"}, {}}) {
            Answer answer = postForm("/api/v2/system/backup", form);
            assertError(answer, 403, "FORBIDDEN");
            assertThat(answer.body().get("message").asText()).contains("--backup-dir");
        }
        try (Stream<Path> all = Files.walk(dir)) {
            assertThat(all.filter(p -> p.getFileName().toString().equals("backupctl.db")))
                    .as("only the controller's own database").containsExactly(dir.resolve("backupctl.db"));
        }
    }
}
