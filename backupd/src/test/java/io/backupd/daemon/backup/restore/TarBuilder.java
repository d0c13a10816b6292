package io.backupd.daemon.backup.restore;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * Writes tar archives entry by entry, including entries no sane writer produces: names are kept
 * raw (absolute, with '..'), any type flag, link name, mode or PAX record can be set.
 */
final class TarBuilder {
    static final FileTime MTIME = FileTime.from(Instant.parse("2021-03-04T05:06:07Z"));

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final TarArchiveOutputStream out;

    TarBuilder() {
        out = new TarArchiveOutputStream(bytes, StandardCharsets.UTF_8.name());
        out.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        out.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
    }

    TarBuilder file(String name, String content) {
        return file(name, content, 0644);
    }

    TarBuilder file(String name, String content, int mode) {
        TarArchiveEntry entry = new TarArchiveEntry(name, true);
        entry.setMode(mode);
        return entry(entry, content.getBytes(StandardCharsets.UTF_8));
    }

    TarBuilder dir(String name) {
        return dir(name, 0755);
    }

    TarBuilder dir(String name, int mode) {
        TarArchiveEntry entry = new TarArchiveEntry(name, TarConstants.LF_DIR, true);
        entry.setMode(mode);
        return entry(entry, new byte[0]);
    }

    TarBuilder symlink(String name, String target) {
        TarArchiveEntry entry = new TarArchiveEntry(name, TarConstants.LF_SYMLINK, true);
        entry.setLinkName(target);
        return entry(entry, new byte[0]);
    }

    TarBuilder hardLink(String name, String target) {
        TarArchiveEntry entry = new TarArchiveEntry(name, TarConstants.LF_LINK, true);
        entry.setLinkName(target);
        return entry(entry, new byte[0]);
    }

    TarBuilder special(String name, byte type) {
        TarArchiveEntry entry = new TarArchiveEntry(name, type, true);
        entry.setDevMajor(1);
        entry.setDevMinor(3);
        return entry(entry, new byte[0]);
    }

    /** A PAX extended header ('x') that applies to the next entry, with records written verbatim. */
    TarBuilder pax(String... keyValues) {
        StringBuilder records = new StringBuilder();
        for (int i = 0; i < keyValues.length; i += 2) {
            records.append(paxRecord(keyValues[i], keyValues[i + 1]));
        }
        return meta(TarConstants.LF_PAX_EXTENDED_HEADER_LC, records.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** A metadata entry (PAX 'x', GNU long name 'L', ...) with raw data. */
    TarBuilder meta(byte type, byte[] data) {
        return entry(new TarArchiveEntry("././@meta", type, true), data);
    }

    TarBuilder entry(TarArchiveEntry entry, byte[] data) {
        try {
            entry.setModTime(MTIME);
            entry.setSize(data.length);
            out.putArchiveEntry(entry);
            out.write(data);
            out.closeArchiveEntry();
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    byte[] build() {
        try {
            out.finish();
            out.close();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String paxRecord(String key, String value) {
        String body = " " + key + "=" + value + "\n";
        int len = body.getBytes(StandardCharsets.UTF_8).length;
        int total = len + String.valueOf(len).length();
        if (String.valueOf(total).length() != String.valueOf(len).length()) {
            total++;
        }
        return total + body;
    }
}
