package io.backupd.daemon.backup.increment;

import io.backupd.common.error.BackupException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Which snapshot entries a restore wants. A pattern without {@code *} or {@code ?} is an exact path;
 * a glob without a slash matches a name at any depth ({@code *} = everything, {@code *.log});
 * a glob with a slash matches the whole path, where {@code *} and {@code ?} stay within one segment
 * and {@code **} crosses segments ({@code app/**}). An entry is selected when it or one of its
 * directories matches, so selecting a directory selects its subtree. Immutable, thread-safe.
 */
final class PathSelector {
    private final List<String> exact = new ArrayList<>();
    private final List<Pattern> names = new ArrayList<>();
    private final List<Pattern> paths = new ArrayList<>();

    private PathSelector() {
    }

    static PathSelector of(List<String> patterns) {
        if (patterns == null || patterns.isEmpty()) {
            throw BackupException.invalid("name at least one path or glob to restore ('*' for everything)");
        }
        PathSelector s = new PathSelector();
        for (String raw : patterns) {
            String p = normalize(raw);
            boolean glob = p.indexOf('*') >= 0 || p.indexOf('?') >= 0;
            if (!glob) {
                s.exact.add(p);
            } else if (p.indexOf('/') < 0) {
                s.names.add(compile(p));
            } else {
                s.paths.add(compile(p));
            }
        }
        return s;
    }

    boolean selects(String path) {
        for (String e : exact) {
            if (PathOrder.within(path, e)) {
                return true;
            }
        }
        if (names.isEmpty() && paths.isEmpty()) {
            return false;
        }
        for (String p = path; ; p = p.substring(0, p.lastIndexOf('/'))) {
            if (matches(p)) {
                return true;
            }
            if (p.indexOf('/') < 0) {
                return false;
            }
        }
    }

    private boolean matches(String path) {
        String name = path.substring(path.lastIndexOf('/') + 1);
        for (Pattern n : names) {
            if (n.matcher(name).matches()) {
                return true;
            }
        }
        for (Pattern p : paths) {
            if (p.matcher(path).matches()) {
                return true;
            }
        }
        return false;
    }

    private static String normalize(String raw) {
        if (raw == null || raw.isBlank()) {
            throw BackupException.invalid("an empty restore pattern selects nothing; use '*' for everything");
        }
        String p = raw.strip();
        while (p.startsWith("/") || p.startsWith("./")) {
            p = p.substring(p.startsWith("/") ? 1 : 2);
        }
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        if (p.isEmpty()) {
            return "**";
        }
        for (String segment : p.split("/")) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                throw BackupException.invalid("restore pattern '" + raw + "' has an empty, '.' or '..' segment");
            }
        }
        return p;
    }

    private static Pattern compile(String glob) {
        StringBuilder re = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c == '*' && i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
                re.append(".*");
                i++;
            } else if (c == '*') {
                re.append("[^/]*");
            } else if (c == '?') {
                re.append("[^/]");
            } else {
                re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(re.toString(), Pattern.DOTALL);
    }
}
