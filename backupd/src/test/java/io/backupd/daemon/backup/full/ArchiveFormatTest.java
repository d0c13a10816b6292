package io.backupd.daemon.backup.full;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class ArchiveFormatTest {

    @Test
    void findsFormatsByTheirNames() {
        assertThat(ArchiveFormat.byName("tar.gz")).isEqualTo(ArchiveFormat.TAR_GZ);
        assertThat(ArchiveFormat.byName(".tar.gz")).isEqualTo(ArchiveFormat.TAR_GZ);
        assertThat(ArchiveFormat.byName("TAR_ZST")).isEqualTo(ArchiveFormat.TAR_ZST);
        assertThat(ArchiveFormat.byName(" tar.zst ")).isEqualTo(ArchiveFormat.TAR_ZST);
        assertThat(ArchiveFormat.byFileName("data-1700000000.tar.zst")).isEqualTo(ArchiveFormat.TAR_ZST);
        assertThat(ArchiveFormat.TAR_GZ.extension()).isEqualTo(".tar.gz");
        assertThatThrownBy(() -> ArchiveFormat.byName("zip")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tar.gz, tar.zst");
        assertThatThrownBy(() -> ArchiveFormat.byFileName("x.tar.bz2")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void everyFormatRoundTripsThroughItsFactories() throws IOException {
        byte[] data = TestData.mixed(2_500_000, 90);
        for (ArchiveFormat format : ArchiveFormat.values()) {
            ByteArrayOutputStream sink = new ByteArrayOutputStream();
            IndexedOutputStream out = format.openOutput(sink, 2);
            out.write(data);
            out.close();
            List<GzipMember> index = out.members();
            assertThat(index).as(format.name()).hasSize(format == ArchiveFormat.TAR_GZ ? 3 : 0);
            byte[] back = TestData.readAll(format.openInput(new ByteArrayInputStream(sink.toByteArray()), index, 2));
            assertThat(back).as(format.name()).isEqualTo(data);
        }
    }
}
