package org.mysqldiscovery.common.model;

/** Renders hostile input safely inside error messages: bounded length, control characters escaped. */
public final class Quoting {
    private static final int MAX_SHOWN = 80;

    private Quoting() {
    }

    public static String quote(String raw) {
        if (raw == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder("\"");
        int shown = Math.min(raw.length(), MAX_SHOWN);
        for (int i = 0; i < shown; i++) {
            char c = raw.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0)) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        if (raw.length() > MAX_SHOWN) {
            out.append("…(").append(raw.length()).append(" characters)");
        }
        return out.append('"').toString();
    }
}
