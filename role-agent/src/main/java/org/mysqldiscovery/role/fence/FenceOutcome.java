package org.mysqldiscovery.role.fence;

/**
 * What demotion fencing did.
 *
 * @param status done ({@code read_only=ON} confirmed), failed, or skipped (not a demotion, or fencing disabled)
 * @param detail a sentence for the answer and the audit log
 */
public record FenceOutcome(Status status, String detail) {
    public enum Status {
        DONE, FAILED, SKIPPED;

        public String token() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public static FenceOutcome skipped(String why) {
        return new FenceOutcome(Status.SKIPPED, why);
    }
}
