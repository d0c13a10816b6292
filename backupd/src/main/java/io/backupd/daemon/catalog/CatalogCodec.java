package io.backupd.daemon.catalog;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectWriter;
import io.backupd.common.error.BackupException;
import io.backupd.common.json.Json;
import io.backupd.common.spec.BackupMode;
import io.backupd.daemon.storage.StorageKeys;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reads and writes {@code catalog.json} (format: {@code api-docs/catalog.md}). Reading is strict,
 * because a catalog can be written by hand: every rule broken is a {@link CorruptCatalogException}
 * naming the catalog, the entry and the field, never a silently dropped entry. Stateless.
 */
final class CatalogCodec {
    static final List<String> REQUIRED = List.of("name", "key", "mode", "format", "size", "sha256", "created", "app",
            "proc", "instanceNo", "volume", "state");
    private static final Set<String> MODES = Arrays.stream(BackupMode.values()).map(BackupMode::wireName)
            .collect(Collectors.toUnmodifiableSet());
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final ObjectWriter WRITER = Json.mapper().writerWithDefaultPrettyPrinter();

    private CatalogCodec() {
    }

    /** Pretty-printed, so that an operator can read and edit it. */
    static byte[] encode(Catalog catalog) {
        try {
            return WRITER.writeValueAsBytes(catalog);
        } catch (IOException e) {
            throw new IllegalStateException("a catalog always encodes", e);
        }
    }

    static Catalog decode(String catalogKey, byte[] bytes) {
        Folder folder = Folder.of(catalogKey);
        JsonNode root;
        try {
            root = Json.mapper().readTree(bytes);
        } catch (IOException e) {
            String why = e instanceof JacksonException j ? j.getOriginalMessage() : e.getMessage();
            throw new CorruptCatalogException(catalogKey, "not valid JSON (" + why + ")");
        }
        if (root == null || !root.isObject()) {
            throw new CorruptCatalogException(catalogKey, "not a JSON object");
        }
        JsonNode version = root.get("version");
        if (version == null || !version.isInt()) {
            throw new CorruptCatalogException(catalogKey, "field 'version' is missing or not a whole number");
        }
        if (version.asInt() != Catalog.VERSION) {
            throw new CorruptCatalogException(catalogKey, "it has format version " + version.asInt() + "; this daemon reads"
                    + " version " + Catalog.VERSION + (version.asInt() > Catalog.VERSION ? " (written by a newer backupd?)" : ""));
        }
        JsonNode entries = root.get("entries");
        if (entries == null || !entries.isArray()) {
            throw new CorruptCatalogException(catalogKey, "field 'entries' is missing or not an array");
        }
        List<CatalogEntry> list = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < entries.size(); i++) {
            CatalogEntry entry = entry(catalogKey, folder, i, entries.get(i));
            if (!names.add(entry.name())) {
                throw new CorruptCatalogException(catalogKey, "entry " + i + ": name '" + entry.name() + "' is listed twice");
            }
            list.add(entry);
        }
        return new Catalog(Catalog.VERSION, list);
    }

    private static CatalogEntry entry(String catalogKey, Folder folder, int index, JsonNode node) {
        if (node == null || !node.isObject()) {
            throw new CorruptCatalogException(catalogKey, "entry " + index + " is not a JSON object");
        }
        String at = "entry " + index + (node.path("name").isTextual() ? " ('" + node.get("name").asText() + "')" : "");
        for (String field : REQUIRED) {
            JsonNode value = node.get(field);
            if (value == null || value.isNull() || (value.isTextual() && value.asText().isBlank())) {
                throw new CorruptCatalogException(catalogKey, at + ": field '" + field + "' is missing");
            }
        }
        if (!node.get("size").canConvertToExactIntegral() || node.get("size").asLong() < 0
                || !node.get("instanceNo").canConvertToInt()) {
            throw new CorruptCatalogException(catalogKey, at + ": 'size' and 'instanceNo' must be whole numbers, size >= 0");
        }
        CatalogEntry entry;
        try {
            entry = Json.mapper().treeToValue(node, CatalogEntry.class);
        } catch (JacksonException | IllegalArgumentException e) {
            String why = e instanceof JacksonException j ? j.getOriginalMessage() : e.getMessage();
            throw new CorruptCatalogException(catalogKey, at + ": " + why);
        }
        String problem = problem(folder, entry);
        if (problem != null) {
            throw new CorruptCatalogException(catalogKey, at + ": " + problem);
        }
        return entry;
    }

    /** What is wrong with an entry that parsed, or null. */
    private static String problem(Folder folder, CatalogEntry e) {
        if (e.name().contains("/") || e.name().contains("\\") || e.name().contains("..")) {
            return "'name' must be a plain file name";
        }
        try {
            StorageKeys.check(e.key());
        } catch (BackupException bad) {
            return "'key' is not a valid storage key: " + bad.getMessage();
        }
        if (!e.key().startsWith(folder.path() + "/")) {
            return "'key' " + e.key() + " is outside the catalog's folder " + folder.path() + "/";
        }
        if (!MODES.contains(e.mode())) {
            return "'mode' is '" + e.mode() + "'; expected full or increment";
        }
        if (!SHA256.matcher(e.sha256()).matches()) {
            return "'sha256' must be 64 lowercase hex digits";
        }
        if (!e.app().equals(folder.app()) || !e.proc().equals(folder.proc()) || e.instanceNo() != folder.instanceNo()) {
            return "'app', 'proc' and 'instanceNo' must be those of the folder (" + folder.app() + ", " + folder.proc()
                    + ", " + folder.instanceNo() + ")";
        }
        if (!e.volume().startsWith("/") || e.volume().contains("/../") || e.volume().endsWith("/..")) {
            return "'volume' must be an absolute path inside the container such as /var/lib/mysql";
        }
        return null;
    }

    /** The parts of a catalog key {@code <app>/<proc>/<N>/<volume-key>/catalog.json}. */
    record Folder(String path, String app, String proc, int instanceNo) {
        static Folder of(String catalogKey) {
            String[] parts = catalogKey.split("/", -1);
            if (parts.length != 5 || !parts[2].matches("[0-9]{1,6}")) {
                throw new IllegalArgumentException(catalogKey + " is not <app>/<proc>/<N>/<volume-key>/<catalog>");
            }
            return new Folder(catalogKey.substring(0, catalogKey.lastIndexOf('/')), parts[0], parts[1], Integer.parseInt(parts[2]));
        }
    }
}
