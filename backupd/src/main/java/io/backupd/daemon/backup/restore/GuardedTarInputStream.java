package io.backupd.daemon.backup.restore;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * A {@link TarArchiveInputStream} that watches the metadata entries (PAX {@code x}/{@code g},
 * GNU long name {@code L}/{@code K}) Commons Compress reads on its own while looking for the next
 * real entry. Two reasons:
 * <ul>
 *   <li>Commons reads each metadata entry whole into memory, with no bound; here their data is
 *       counted and reading stops past {@code maxHeaderBytes}, and a chain of more than
 *       {@value #MAX_METADATA_ENTRIES} metadata entries in front of one entry is refused (Commons
 *       recurses once per metadata entry).</li>
 *   <li>Commons strips leading slashes from names that come from PAX {@code path} or a GNU long
 *       name, so an absolute name would silently become relative. The raw values are kept here
 *       ({@link #rawPaths()}) so the extractor can refuse them like an absolute ustar name.</li>
 * </ul>
 * This relies on Commons reading metadata data through {@link #read(byte[], int, int)} while
 * the metadata entry is current, which 1.28 does; the unsafe-archive tests fail if that changes.
 * Not thread-safe (neither is the stream it extends).
 */
final class GuardedTarInputStream extends TarArchiveInputStream {
    static final int MAX_METADATA_ENTRIES = 8;

    private final int maxHeaderBytes;
    private final List<String> rawPaths = new ArrayList<>();
    private int depth;
    private int metadataEntries;
    private long metadataBytes;
    private TarArchiveEntry capturing;
    private ByteArrayOutputStream captured;

    GuardedTarInputStream(InputStream in, int maxHeaderBytes) {
        // names are UTF-8 on every system backupd runs on; the platform default could differ
        super(in, StandardCharsets.UTF_8.name());
        this.maxHeaderBytes = maxHeaderBytes;
    }

    /** Thrown while reading a header; the extractor reports it as an unreadable archive entry. */
    static final class HeaderRefused extends IOException {
        HeaderRefused(String message) {
            super(message);
        }
    }

    @Override
    public TarArchiveEntry getNextEntry() throws IOException {
        if (depth == 0) {
            rawPaths.clear();
            metadataEntries = 0;
            metadataBytes = 0;
        } else if (++metadataEntries > MAX_METADATA_ENTRIES) {
            throw new HeaderRefused("more than " + MAX_METADATA_ENTRIES + " PAX/GNU metadata entries in front of one entry");
        }
        depth++;
        try {
            TarArchiveEntry entry = super.getNextEntry();
            finishCapture();
            return entry;
        } finally {
            depth--;
        }
    }

    @Override
    public int read(byte[] buf, int offset, int length) throws IOException {
        int n = super.read(buf, offset, length);
        TarArchiveEntry current = getCurrentEntry();
        if (n > 0 && current != null && isMetadata(current)) {
            if (current != capturing) {
                finishCapture();
                capturing = current;
                captured = new ByteArrayOutputStream();
            }
            metadataBytes += n;
            if (metadataBytes > maxHeaderBytes) {
                throw new HeaderRefused("PAX/GNU metadata in front of one entry is larger than " + maxHeaderBytes + " bytes");
            }
            captured.write(buf, offset, n);
        }
        return n;
    }

    /**
     * The path-like values the metadata in front of the current entry carried, before Commons
     * normalised them: PAX {@code path} and {@code GNU.sparse.name}, GNU long names.
     */
    List<String> rawPaths() {
        return List.copyOf(rawPaths);
    }

    private static boolean isMetadata(TarArchiveEntry entry) {
        return entry.isPaxHeader() || entry.isGlobalPaxHeader()
                || entry.isGNULongNameEntry() || entry.isGNULongLinkEntry();
    }

    private void finishCapture() throws IOException {
        if (capturing == null) {
            return;
        }
        byte[] data = captured.toByteArray();
        if (capturing.isGNULongNameEntry()) {
            int end = data.length;
            while (end > 0 && data[end - 1] == 0) {
                end--;
            }
            rawPaths.add(new String(data, 0, end, StandardCharsets.UTF_8));
        } else if (capturing.getLinkFlag() != TarConstants.LF_GNUTYPE_LONGLINK) {
            collectPaxPaths(data);
        }
        capturing = null;
        captured = null;
    }

    /** PAX records are {@code "<len> <key>=<value>\n"}, len counting the whole record in bytes. */
    private void collectPaxPaths(byte[] data) throws HeaderRefused {
        int pos = 0;
        while (pos < data.length) {
            int space = pos;
            long len = 0;
            while (space < data.length && data[space] >= '0' && data[space] <= '9' && len < Integer.MAX_VALUE) {
                len = len * 10 + (data[space] - '0');
                space++;
            }
            if (space == pos) {
                return; // trailing NUL padding, as some writers leave it
            }
            if (space >= data.length || data[space] != ' ' || len <= space - pos + 1 || pos + len > data.length) {
                throw new HeaderRefused("malformed PAX record");
            }
            int end = (int) (pos + len) - 1; // the record's '\n'
            String record = new String(data, space + 1, end - space - 1, StandardCharsets.UTF_8);
            int eq = record.indexOf('=');
            if (eq > 0) {
                String key = record.substring(0, eq);
                if (key.equals("path") || key.equals("GNU.sparse.name")) {
                    rawPaths.add(record.substring(eq + 1));
                }
            }
            pos = (int) (pos + len);
        }
    }
}
