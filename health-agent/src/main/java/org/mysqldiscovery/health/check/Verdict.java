package org.mysqldiscovery.health.check;

/** A rule's answer: status and the human explanation. */
public record Verdict(CheckStatus status, String message) {
    public static Verdict pass(String message) {
        return new Verdict(CheckStatus.PASS, message);
    }

    public static Verdict fail(String message) {
        return new Verdict(CheckStatus.FAIL, message);
    }

    public static Verdict skipped(String message) {
        return new Verdict(CheckStatus.SKIPPED, message);
    }

    public static Verdict unknown(String message) {
        return new Verdict(CheckStatus.UNKNOWN, message);
    }

    public boolean passed() {
        return status.allowsRegistration();
    }
}
