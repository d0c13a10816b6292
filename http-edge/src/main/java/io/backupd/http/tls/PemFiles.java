package io.backupd.http.tls;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads a PEM file and splits it into its blocks; every failure names the flag and the file. */
final class PemFiles {
    private static final long MAX_BYTES = 1 << 20;
    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----\\s*[A-Za-z0-9+/=\\s]*?-----END \\1-----");

    private PemFiles() {
    }

    /** One PEM block, e.g. type {@code CERTIFICATE} with its whole text from BEGIN to END. */
    record Block(String type, String pem) {
    }

    static List<Block> read(String flag, Path file) {
        String text;
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw new IllegalArgumentException(flag + ": " + file + " is larger than 1 MiB, not a PEM file");
            }
            text = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new IllegalArgumentException(flag + ": cannot read " + file + " (" + e.getClass().getSimpleName() + ": "
                    + e.getMessage() + ")");
        }
        Matcher matcher = BLOCK.matcher(text);
        List<Block> blocks = matcher.results().map(m -> new Block(m.group(1), m.group())).toList();
        if (blocks.isEmpty()) {
            throw new IllegalArgumentException(flag + ": " + file + " holds no PEM block (-----BEGIN ...-----)");
        }
        return blocks;
    }

    static List<String> certificates(String flag, Path file) {
        List<String> certificates = read(flag, file).stream()
                .filter(block -> block.type().equals("CERTIFICATE")).map(Block::pem).toList();
        if (certificates.isEmpty()) {
            throw new IllegalArgumentException(flag + ": " + file + " holds no -----BEGIN CERTIFICATE----- block");
        }
        return certificates;
    }
}
