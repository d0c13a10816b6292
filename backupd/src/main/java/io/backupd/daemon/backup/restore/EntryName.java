package io.backupd.daemon.backup.restore;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The naming rules for everything a restore writes: archive entry names, hard link targets and
 * the relative paths of {@link FilePlacer}. A name is accepted only if it stays below its root
 * by construction: relative, no {@code ..} component, no NUL, bounded length. Checking the
 * string (not a resolved path) keeps the rule independent of what is on disk.
 */
final class EntryName {
    /** Linux NAME_MAX: longer components fail in the kernel anyway; refusing first gives a clear message. */
    static final int MAX_COMPONENT_BYTES = 255;

    private EntryName() {
    }

    /**
     * The components of {@code raw} below the root, with empty and {@code .} components dropped;
     * an empty list names the root itself.
     *
     * @param maxBytes the longest accepted name in UTF-8 bytes
     * @throws Refusal if the name is empty, absolute, has a NUL or a {@code ..} component, or is too long
     */
    static List<String> components(String raw, int maxBytes) throws Refusal {
        if (raw == null || raw.isEmpty()) {
            throw new Refusal("the name is empty");
        }
        if (raw.indexOf('\0') >= 0) {
            throw new Refusal("the name contains a NUL byte");
        }
        int bytes = raw.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > maxBytes) {
            throw new Refusal("the name is " + bytes + " bytes long, more than the " + maxBytes + " allowed");
        }
        if (raw.startsWith("/")) {
            throw new Refusal("absolute names are not restored");
        }
        List<String> parts = new ArrayList<>();
        for (String part : raw.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                throw new Refusal("the name has a '..' component");
            }
            if (part.getBytes(StandardCharsets.UTF_8).length > MAX_COMPONENT_BYTES) {
                throw new Refusal("a component of the name is longer than " + MAX_COMPONENT_BYTES + " bytes");
            }
            parts.add(part);
        }
        return List.copyOf(parts);
    }

    /** {@code a/b/c} for the components; the key the extractor tracks entries by. */
    static String join(List<String> components) {
        return String.join("/", components);
    }

    /** The name made safe for an error message or a log line: escaped controls, at most 160 characters. */
    static String display(String raw) {
        if (raw == null) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < raw.length() && out.length() < 160; i++) {
            char c = raw.charAt(i);
            if (c == '\0') {
                out.append("\\0");
            } else if (c < 0x20 || c == 0x7f) {
                out.append(String.format("\\x%02x", (int) c));
            } else {
                out.append(c);
            }
        }
        if (out.length() >= 160 && raw.length() > 160) {
            out.setLength(150);
            out.append("... (").append(raw.length()).append(" chars)");
        }
        return out.toString();
    }
}
