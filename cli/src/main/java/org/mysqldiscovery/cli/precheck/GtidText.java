package org.mysqldiscovery.cli.precheck;

/** The checks every GTID text gets before its flavour's parser splits it: present, bounded, trimmed. */
final class GtidText {
    private GtidText() {
    }

    /** The text without surrounding whitespace ({@code ""} for an empty position or set). */
    static String checked(String text, String what, int maxLength) throws GtidFormatException {
        if (text == null) {
            throw new GtidFormatException(what + " is missing (NULL)");
        }
        if (text.length() > maxLength) {
            throw new GtidFormatException(what + " is longer than " + maxLength + " characters");
        }
        return text.strip();
    }
}
