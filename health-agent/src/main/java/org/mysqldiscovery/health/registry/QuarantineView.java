package org.mysqldiscovery.health.registry;

import org.mysqldiscovery.common.model.QuarantineRecord;
import org.mysqldiscovery.health.check.CheckNames;
import org.mysqldiscovery.health.check.CheckResult;
import org.mysqldiscovery.health.check.CheckStatus;

/** Whether {@code quarantine/<self>} exists, as last read from ZooKeeper. */
public sealed interface QuarantineView permits QuarantineView.Unknown, QuarantineView.Clear, QuarantineView.Quarantined {

    boolean quarantined();

    CheckResult gate();

    /** Not read yet (ZooKeeper not connected since start): not registrable, a quarantine might exist. */
    record Unknown(String why) implements QuarantineView {
        @Override
        public boolean quarantined() {
            return false;
        }

        @Override
        public CheckResult gate() {
            return new CheckResult(CheckNames.QUARANTINE, CheckStatus.UNKNOWN, why, 0);
        }
    }

    record Clear(String path) implements QuarantineView {
        @Override
        public boolean quarantined() {
            return false;
        }

        @Override
        public CheckResult gate() {
            return new CheckResult(CheckNames.QUARANTINE, CheckStatus.PASS, "no " + path, 0);
        }
    }

    /**
     * @param record the quarantine's payload, or null when it cannot be read (still a quarantine)
     * @param detail how the payload reads, for {@code /health}
     */
    record Quarantined(String path, QuarantineRecord record, String detail) implements QuarantineView {
        @Override
        public boolean quarantined() {
            return true;
        }

        @Override
        public CheckResult gate() {
            return new CheckResult(CheckNames.QUARANTINE, CheckStatus.FAIL, "quarantined (" + path + "): " + detail
                    + "; an operator must clear it", 0);
        }
    }
}
