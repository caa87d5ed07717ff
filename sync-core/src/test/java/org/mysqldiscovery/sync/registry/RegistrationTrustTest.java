package org.mysqldiscovery.sync.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.mysqldiscovery.common.zk.ZkIdentities;

class RegistrationTrustTest {
    static final String H = "health-agent:" + "a".repeat(27) + "=";
    static final String H2 = "health-agent-2:" + "e".repeat(27) + "=";
    static final String R = "role-agent:" + "b".repeat(27) + "=";
    static final String S = "proxysql-sync:" + "c".repeat(27) + "=";
    static final String O = "operator:" + "d".repeat(27) + "=";
    static final RegistrationTrust TRUST = RegistrationTrust.of(
            new ZkIdentities(List.of(H, H2), List.of(R), List.of(S), List.of(O)));

    /**
     * ACLs as {@code scheme:id:perms} entries separated by spaces, with ids H, H2, R, S, O standing for the identities
     * and perms as rwcda letters; the expected outcome is "trusted" or a fragment of the reason.
     */
    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', value = {
            "digest:H:rw digest:R:r digest:S:r digest:O:rwcda | trusted",
            "digest:H:rw digest:H2:rw digest:O:rwcda            | trusted",
            "digest:H2:rw digest:S:r                            | trusted",
            "digest:H:rw digest:O:rwcda world:anyone:r          | trusted",
            "world:anyone:rwcda                                 | grants rwcda to world:anyone",
            "digest:H:rw world:anyone:rwcda                     | grants rwcda to world:anyone",
            "digest:H:rw world:anyone:w                         | grants w to world:anyone",
            "digest:H:rw ip:127.0.0.1:rw                        | grants rw to ip:127.0.0.1",
            "digest:R:rwcda                                     | grants rwcda to digest:role-agent",
            "digest:H:rw digest:S:rw                            | grants rw to digest:proxysql-sync",
            "digest:H:r digest:O:rwcda                          | no health-agent identity may write it",
            "digest:O:rwcda                                     | no health-agent identity may write it",
            "''                                                 | no health-agent identity may write it",
            "digest:stranger:xxxxxxxxxxxxxxxxxxxxxxxxxxx=:rw   | grants rw to digest:stranger",
            "auth::rwcda digest:H:rw                            | grants rwcda to auth:",
            "digest:health-agent:x:rw digest:operator:x:rwcda   | trusted",
            "digest:health-agent-2:x:rw digest:proxysql-sync:x:r | trusted",
            "digest:health-agent:x:rw digest:proxysql-sync:x:rw | grants rw to digest:proxysql-sync:x",
            "digest:stranger:x:rw digest:health-agent:x:rw      | grants rw to digest:stranger:x",
            "digest:health-agent:y:rw                           | grants rw to digest:health-agent:y",
            "digest:operator:x:rwcda                            | no health-agent identity may write it",
    })
    void a_registration_is_trusted_only_when_its_acl_says_a_health_agent_wrote_it(String acl, String expected) {
        Optional<String> problem = TRUST.problem(parse(acl));
        if (expected.equals("trusted")) {
            assertThat(problem).isEmpty();
        } else {
            assertThat(problem).get().asString().startsWith("untrusted: ").contains(expected);
        }
    }

    @Test
    void an_acl_that_could_not_be_read_is_not_trusted() {
        assertThat(TRUST.problem(null)).get().asString().contains("could not be read");
    }

    @Test
    void under_the_opt_out_nothing_is_judged() {
        assertThat(RegistrationTrust.unchecked().problem(parse("world:anyone:rwcda"))).isEmpty();
        assertThat(RegistrationTrust.unchecked().problem(null)).isEmpty();
        assertThat(RegistrationTrust.unchecked().checks()).isFalse();
    }

    @Test
    void a_hostile_id_of_any_length_is_reported_abbreviated() {
        String longId = "x".repeat(10_000);
        assertThat(TRUST.problem(List.of(new RegistrationTrust.AclEntry("digest", longId, 31)))).get().asString()
                .hasSizeLessThan(400);
    }

    static List<RegistrationTrust.AclEntry> parse(String acl) {
        List<RegistrationTrust.AclEntry> entries = new ArrayList<>();
        for (String entry : acl.trim().split("\\s+")) {
            if (entry.isEmpty()) {
                continue;
            }
            int first = entry.indexOf(':');
            int last = entry.lastIndexOf(':');
            String id = entry.substring(first + 1, last);
            id = switch (id) {
                case "H" -> H;
                case "H2" -> H2;
                case "R" -> R;
                case "S" -> S;
                case "O" -> O;
                default -> id;
            };
            entries.add(new RegistrationTrust.AclEntry(entry.substring(0, first), id, perms(entry.substring(last + 1))));
        }
        return entries;
    }

    static int perms(String letters) {
        int perms = 0;
        for (char c : letters.toCharArray()) {
            perms |= 1 << "rwcda".indexOf(c);
        }
        return perms;
    }
}
