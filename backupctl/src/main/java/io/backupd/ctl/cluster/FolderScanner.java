package io.backupd.ctl.cluster;

import io.backupd.ctl.cluster.ClusterState.Problem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Reads the yaml files of one folder, in name order. A file whose size and mtime are unchanged
 * since the last scan is not read again, so a poll of an idle folder reads no file contents; the
 * content hash makes a file that was only touched compare equal to the last scan, so it causes no
 * rebuild. Not thread-safe: its owner serialises scans.
 */
final class FolderScanner {
    private final Path folder;
    private final Map<Path, Seen> seen = new HashMap<>();
    private final List<Problem> problems = new ArrayList<>();

    /** One file as read: its text and hash, or why it could not be read. */
    record YamlFile(String name, String sha256, String text, String error) {
    }

    private record Seen(long size, FileTime mtime, YamlFile file) {
    }

    FolderScanner(Path folder) {
        this.folder = folder;
    }

    Path folder() {
        return folder;
    }

    /** Problems of the folder itself found by the last scan (missing, unreadable). */
    List<Problem> problems() {
        return List.copyOf(problems);
    }

    List<YamlFile> scan() {
        problems.clear();
        List<Path> paths;
        try (Stream<Path> listing = Files.list(folder)) {
            paths = listing.filter(FolderScanner::isYaml).sorted().toList();
        } catch (IOException e) {
            problems.add(new Problem(folder.toString(), "cannot list the apps folder: " + e));
            seen.clear();
            return List.of();
        }
        seen.keySet().retainAll(paths);
        List<YamlFile> files = new ArrayList<>();
        for (Path path : paths) {
            files.add(read(path));
        }
        return files;
    }

    private YamlFile read(Path path) {
        String name = path.getFileName().toString();
        try {
            long size = Files.size(path);
            FileTime mtime = Files.getLastModifiedTime(path);
            Seen last = seen.get(path);
            if (last != null && last.size() == size && last.mtime().equals(mtime) && last.file().error() == null) {
                return last.file();
            }
            byte[] bytes = Files.readAllBytes(path);
            YamlFile file = new YamlFile(name, sha256(bytes), new String(bytes, StandardCharsets.UTF_8), null);
            seen.put(path, new Seen(size, mtime, file));
            return file;
        } catch (IOException e) {
            // a file deleted between listing and reading shows up as a problem for one scan only
            seen.remove(path);
            return new YamlFile(name, "", "", "cannot read: " + e);
        }
    }

    private static boolean isYaml(Path path) {
        String name = path.getFileName().toString();
        return !name.startsWith(".") && (name.endsWith(".yaml") || name.endsWith(".yml")) && Files.isRegularFile(path);
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
