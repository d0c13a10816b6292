package io.backupd.daemon.backup.full;

/**
 * One independently decodable gzip member of a multi-member archive: where its bytes start in
 * the compressed file, how many there are, and which range of the uncompressed stream they hold.
 * A value; members of one archive are contiguous in both streams, in order.
 *
 * @param uncompressedOffset offset of the member's first byte in the uncompressed stream
 * @param compressedOffset   offset of the member's header in the compressed file
 * @param compressedLength   header + deflate data + trailer, in bytes
 * @param uncompressedLength bytes the member inflates to (also its ISIZE)
 */
public record GzipMember(long uncompressedOffset, long compressedOffset, int compressedLength,
                         int uncompressedLength) {

    /** Smallest possible member: 10-byte header, 2-byte empty final block, 8-byte trailer. */
    static final int MIN_COMPRESSED_LENGTH = 20;
    /** Readers refuse larger members, so a corrupt or hostile index cannot make them allocate more. */
    public static final int MAX_UNCOMPRESSED_LENGTH = 64 << 20;

    public GzipMember {
        if (uncompressedOffset < 0 || compressedOffset < 0) {
            throw new IllegalArgumentException("negative offset in " + describe(uncompressedOffset, compressedOffset));
        }
        if (compressedLength < MIN_COMPRESSED_LENGTH || uncompressedLength < 0
                || uncompressedLength > MAX_UNCOMPRESSED_LENGTH) {
            throw new IllegalArgumentException("implausible lengths (compressed " + compressedLength
                    + ", uncompressed " + uncompressedLength + ") for "
                    + describe(uncompressedOffset, compressedOffset));
        }
    }

    /** Offset just past this member in the compressed file. */
    public long compressedEnd() {
        return compressedOffset + compressedLength;
    }

    /** Offset just past this member in the uncompressed stream. */
    public long uncompressedEnd() {
        return uncompressedOffset + uncompressedLength;
    }

    /** How error messages name a member: by its position in the index and both offsets. */
    String describe(int ordinal) {
        return "gzip member #" + ordinal + " at compressed offset " + compressedOffset
                + " (uncompressed offset " + uncompressedOffset + ")";
    }

    private static String describe(long uncompressedOffset, long compressedOffset) {
        return "gzip member at compressed offset " + compressedOffset + " (uncompressed offset "
                + uncompressedOffset + ")";
    }
}
