package org.mysqldiscovery.sync.page;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.mysqldiscovery.sync.plan.Plan;
import org.mysqldiscovery.sync.plan.SchemaGuard;
import org.mysqldiscovery.sync.plan.SchemaVerdict;

/** The page-worthy conditions of a plan. */
public final class PlanConditions {
    private PlanConditions() {
    }

    public static List<Condition> of(Plan plan) {
        List<Condition> conditions = new ArrayList<>();
        for (SchemaVerdict verdict : plan.verdictsWith(SchemaGuard.DOUBLE_PRIMARY)) {
            String primaries = verdict.primaries().stream().map(Object::toString).collect(Collectors.joining(", "));
            conditions.add(new Condition(ConditionKind.DOUBLE_PRIMARY, verdict.schema().value(),
                    "schema " + verdict.schema() + " has " + verdict.primaries().size() + " primaries (" + primaries
                            + "): its ProxySQL hostgroups are frozen until one is demoted or quarantined",
                    Map.of("schema", verdict.schema().value(), "primaries", primaries)));
        }
        if (plan.massRemovalRefusal().isPresent()) {
            // Nothing was applied, so no writer hostgroup was emptied: no-primary verdicts do not hold writes now.
            conditions.add(new Condition(ConditionKind.MASS_REMOVAL, Condition.GLOBAL,
                    "refused to apply: " + plan.massRemoval().describe(),
                    Map.of("removed", Integer.toString(plan.massRemoval().removed()),
                            "total", Integer.toString(plan.massRemoval().total()))));
            return conditions;
        }
        for (SchemaVerdict verdict : plan.verdictsWith(SchemaGuard.NO_PRIMARY)) {
            conditions.add(new Condition(ConditionKind.NO_PRIMARY, verdict.schema().value(),
                    "schema " + verdict.schema() + " has no primary: ProxySQL holds its writes, then fails them",
                    Map.of("schema", verdict.schema().value())));
        }
        return conditions;
    }
}
