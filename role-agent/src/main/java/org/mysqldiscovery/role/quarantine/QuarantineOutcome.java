package org.mysqldiscovery.role.quarantine;

/**
 * What a quarantine write did.
 *
 * @param status  written now, already present (kept as it was), or failed
 * @param detail  a sentence for the answer, the audit log and the notice
 */
public record QuarantineOutcome(Status status, String detail) {
    public enum Status {
        WRITTEN, ALREADY_PRESENT, FAILED;

        public String token() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    /** The quarantine is in place (now or from before). */
    public boolean inPlace() {
        return status != Status.FAILED;
    }
}
