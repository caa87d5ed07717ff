package org.mysqldiscovery.health.config;

/** Defaults and bounds for the numeric config fields; messages start with the field name as ConfigLoader expects. */
final class Ranges {
    private Ranges() {
    }

    static int check(String field, Integer value, int fallback, int min, int max) {
        int v = value == null ? fallback : value;
        if (v < min || v > max) {
            throw new IllegalArgumentException(field + ": " + v + " is out of range " + min + ".." + max);
        }
        return v;
    }
}
