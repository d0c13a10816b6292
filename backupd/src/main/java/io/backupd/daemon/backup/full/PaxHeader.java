package io.backupd.daemon.backup.full;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * The pax extended header (POSIX.1-2001 {@code x} record) written before one tar entry, with what
 * its ustar header cannot hold: a long or non-ASCII {@code path} or {@code linkpath}, a {@code size},
 * {@code uid} or {@code gid} beyond the octal fields, and an {@code mtime} with its nanoseconds.
 *
 * <p>We write it ourselves because Commons Compress 1.28 cuts a pax {@code mtime} to 100 ns (seven
 * decimals) while the file system and GNU tar keep nine; and a tar entry may have one pax header only
 * (GNU tar reads just the last), so the ustar header gets values Commons Compress writes without one
 * of its own: an ASCII stand-in name, whole seconds, big numbers in base-256 (which GNU tar reads too).
 */
final class PaxHeader {
    /** The ustar name and linkname fields hold 100 bytes; Commons Compress keeps one for a terminating NUL. */
    static final int USTAR_NAME = 99;
    private static final long MAX_OCTAL_SIZE = 077777777777L;
    private static final long MAX_OCTAL_ID = 07777777L;

    private final Map<String, String> records;

    private PaxHeader(Map<String, String> records) {
        this.records = records;
    }

    /** The records an entry of {@code name} (and {@code linkName}, or null) with these values needs. */
    static PaxHeader of(String name, String linkName, long size, long uid, long gid, FileTime mtime) {
        Map<String, String> records = new LinkedHashMap<>();
        if (!fitsUstar(name)) {
            records.put("path", name);
        }
        if (linkName != null && !fitsUstar(linkName)) {
            records.put("linkpath", linkName);
        }
        if (size > MAX_OCTAL_SIZE) {
            records.put("size", Long.toString(size));
        }
        if (uid > MAX_OCTAL_ID) {
            records.put("uid", Long.toString(uid));
        }
        if (gid > MAX_OCTAL_ID) {
            records.put("gid", Long.toString(gid));
        }
        Instant t = mtime.toInstant();
        if (t.getNano() != 0 || t.getEpochSecond() < 0 || t.getEpochSecond() > MAX_OCTAL_SIZE) {
            records.put("mtime", decimalSeconds(t));
        }
        return new PaxHeader(records);
    }

    /**
     * What goes into a 100-byte ustar field for {@code name}: the name itself when it fits, else an
     * ASCII stand-in cut to fit (readers that know pax take the {@code path} record instead). A
     * directory's stand-in keeps its trailing slash.
     */
    static String ustarName(String name) {
        if (fitsUstar(name)) {
            return name;
        }
        StringBuilder ascii = new StringBuilder(name.length());
        name.chars().forEach(c -> ascii.append(c >= 0x20 && c < 0x7f ? (char) c : '_'));
        boolean dir = name.endsWith("/");
        int keep = dir ? USTAR_NAME - 1 : USTAR_NAME;
        String cut = ascii.substring(0, Math.min(keep, ascii.length() - (dir ? 1 : 0)));
        return dir ? cut + "/" : cut;
    }

    /** Whole seconds of {@code mtime} for the ustar header; the pax record carries the rest. */
    static FileTime ustarTime(FileTime mtime) {
        return FileTime.from(Instant.ofEpochSecond(mtime.toInstant().getEpochSecond()));
    }

    /** Writes the header as its own entry right before the entry it describes; nothing when it has no records. */
    void writeTo(TarArchiveOutputStream tar, String name) throws IOException {
        if (records.isEmpty()) {
            return;
        }
        byte[] data = encode(records);
        String base = name.endsWith("/") ? name.substring(0, name.length() - 1) : name;
        String header = ustarName("./PaxHeaders/" + base.substring(base.lastIndexOf('/') + 1));
        TarArchiveEntry entry = new TarArchiveEntry(header, TarConstants.LF_PAX_EXTENDED_HEADER_LC);
        entry.setSize(data.length);
        tar.putArchiveEntry(entry);
        tar.write(data);
        tar.closeArchiveEntry();
    }

    private static boolean fitsUstar(String name) {
        if (name.length() > USTAR_NAME) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < 0x20 || c >= 0x7f) {
                return false;
            }
        }
        return true;
    }

    /** {@code 1704164645.123456789}, trailing zeros dropped; before 1970 negative ({@code -0.5}). */
    static String decimalSeconds(Instant t) {
        return BigDecimal.valueOf(t.getEpochSecond()).add(BigDecimal.valueOf(t.getNano(), 9))
                .stripTrailingZeros().toPlainString();
    }

    /** Records as {@code "<length> <key>=<value>\n"}, the length counting the whole record, its own digits too. */
    private static byte[] encode(Map<String, String> records) {
        StringBuilder out = new StringBuilder();
        records.forEach((key, value) -> {
            int rest = (" " + key + "=" + value + "\n").getBytes(StandardCharsets.UTF_8).length;
            int length = rest + Integer.toString(rest).length();
            if (Integer.toString(length).length() > Integer.toString(rest).length()) {
                length = rest + Integer.toString(length).length();
            }
            out.append(length).append(' ').append(key).append('=').append(value).append('\n');
        });
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }
}
