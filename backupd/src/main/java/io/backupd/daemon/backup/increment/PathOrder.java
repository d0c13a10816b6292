package io.backupd.daemon.backup.increment;

import java.util.Comparator;

/**
 * The order of entries in a snapshot's tree: segment by segment, each segment by its UTF-16 chars,
 * so a directory comes right before everything below it and a subtree is one contiguous run. This is
 * the order of a depth-first walk with sorted children, which lets a backup walk the source and its
 * parent's tree side by side without holding either in memory. Implemented as a char comparison in
 * which {@code '/'} sorts before every other char.
 */
final class PathOrder {
    static final Comparator<String> COMPARATOR = PathOrder::compare;

    private PathOrder() {
    }

    static int compare(String a, String b) {
        int n = Math.min(a.length(), b.length());
        for (int i = 0; i < n; i++) {
            char x = a.charAt(i);
            char y = b.charAt(i);
            if (x != y) {
                return rank(x) - rank(y);
            }
        }
        return a.length() - b.length();
    }

    /** True when {@code path} is {@code dir} or lies below it; "" is the root and contains everything. */
    static boolean within(String path, String dir) {
        return dir.isEmpty() || path.equals(dir) || path.length() > dir.length() && path.startsWith(dir)
                && path.charAt(dir.length()) == '/';
    }

    private static int rank(char c) {
        return c == '/' ? -1 : c;
    }
}
