package org.mysqldiscovery.health.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mysqldiscovery.common.model.Role;

class DrainRuleTest {
    private static final Instant NOW = Instant.parse("2025-01-01T12:00:00Z");

    /**
     * file: none | +N (lease ending N ms after now) | -N (ended N ms ago) | garbage; role: a token or "unreadable".
     */
    @ParameterizedTest(name = "role {0}, lease {1} -> blocks={2}, wake={3}")
    @CsvSource({
            "primary,           none,    false, false, no drain lease",
            "primary,           +5000,   true,  true,  drained until",
            "primary,           +1,      true,  true,  1 ms left",
            "primary,           0,       false, false, ran out",
            "primary,           -1,      false, false, ran out",
            "primary,           garbage, true,  false, unreadable",
            // A drain only holds back the primary role: after the flip the server serves reads at once.
            "replica,           +5000,   false, false, only applies to the primary",
            "reporting-replica, +5000,   false, false, only applies to the primary",
            "replica,           garbage, false, false, only applies to the primary",
            "replica,           none,    false, false, no drain lease",
            // Role unknown: the role-files gate already blocks; a lease still reads as a lease.
            "unreadable,        +5000,   true,  true,  drained until",
            "unreadable,        garbage, true,  false, unreadable",
            })
    void a_drain_lease_holds_back_only_a_primary_and_only_until_it_ends(String roleToken, String lease,
            boolean blocks, boolean wakes, String messagePart) {
        Role role = roleToken.equals("unreadable") ? null : Role.fromToken(roleToken);
        DrainFileState file = switch (lease) {
            case "none" -> new DrainFileState.Absent();
            case "garbage" -> new DrainFileState.Unreadable("/x/drain-until: \"soon\" is not a time in epoch ms");
            default -> new DrainFileState.Until(NOW.plusMillis(Long.parseLong(lease)));
        };
        DrainRule.DrainVerdict verdict = DrainRule.evaluate(role, file, NOW);
        assertThat(verdict.blocks()).isEqualTo(blocks);
        assertThat(verdict.wakeAt() != null).isEqualTo(wakes);
        assertThat(verdict.verdict().message()).contains(messagePart);
        if (wakes) {
            assertThat(verdict.wakeAt()).isEqualTo(((DrainFileState.Until) file).until());
        }
    }
}
