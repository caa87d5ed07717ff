package org.mysqldiscovery.cli.command;

/** Makes payload text safe for a terminal: control characters (escape sequences) are shown, never sent. */
final class Text {
    private static final int MAX = 2048;

    private Text() {
    }

    static String safe(String raw) {
        if (raw == null) {
            return "-";
        }
        StringBuilder out = new StringBuilder();
        int shown = Math.min(raw.length(), MAX);
        for (int i = 0; i < shown; i++) {
            char c = raw.charAt(i);
            if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0)) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        if (raw.length() > MAX) {
            out.append("…");
        }
        return out.toString();
    }
}
