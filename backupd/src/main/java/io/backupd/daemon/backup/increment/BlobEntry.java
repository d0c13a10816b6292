package io.backupd.daemon.backup.increment;

/** Where a blob sits in its pack: byte offset and stored length, and how to turn it back into plain bytes. */
record BlobEntry(ChunkId id, BlobType type, Compression compression, int offset, int length, int rawLength) {
}
