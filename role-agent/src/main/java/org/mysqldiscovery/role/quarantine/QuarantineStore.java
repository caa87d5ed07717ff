package org.mysqldiscovery.role.quarantine;

import org.mysqldiscovery.common.model.Instance;
import org.mysqldiscovery.common.model.QuarantineRecord;

/** Writes {@code quarantine/<instance>}. Never throws and never blocks past its bound: the promotion goes on. */
public interface QuarantineStore {
    QuarantineOutcome quarantine(Instance instance, QuarantineRecord record);
}
