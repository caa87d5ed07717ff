package org.mysqldiscovery.common.config;

/**
 * The one place numeric bounds are checked, for config fields ({@link #check}: a {@link FieldException} that
 * {@link ConfigLoader} places in the document) and for values outside any document ({@link #checkValue}). Every
 * message reads "&lt;what&gt; &lt;value&gt; is out of range &lt;min&gt;..&lt;max&gt;".
 */
public final class Range {
    private Range() {
    }

    /** {@code value} of config field {@code field} within min..max (inclusive), or a {@link FieldException}. */
    public static long check(String field, long value, long min, long max) {
        if (value < min || value > max) {
            throw new FieldException(field, outOfRange(value, min, max));
        }
        return value;
    }

    /** An int field within min..max (inclusive), or a {@link FieldException}. */
    public static int check(String field, int value, int min, int max) {
        return (int) check(field, (long) value, min, max);
    }

    /** An optional int field: {@code fallback} when absent, then within min..max. */
    public static int check(String field, Integer value, int fallback, int min, int max) {
        return check(field, value == null ? fallback : value, min, max);
    }

    /** An optional long field: {@code fallback} when absent, then within min..max. */
    public static long check(String field, Long value, long fallback, long min, long max) {
        return check(field, value == null ? fallback : value, min, max);
    }

    /** A value outside any document ("instance port 0 is out of range 1..65535"): a plain IllegalArgumentException. */
    public static long checkValue(String what, long value, long min, long max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(what + " " + outOfRange(value, min, max));
        }
        return value;
    }

    /** An int value outside any document. */
    public static int checkValue(String what, int value, int min, int max) {
        return (int) checkValue(what, (long) value, min, max);
    }

    /** "&lt;value&gt; is out of range &lt;min&gt;..&lt;max&gt;". */
    public static String outOfRange(long value, long min, long max) {
        return value + " is out of range " + min + ".." + max;
    }
}
