package io.switchboard.config.model;

import io.switchboard.config.bind.Default;
import io.switchboard.config.bind.KeyHint;
import io.switchboard.config.bind.Optional;
import io.switchboard.config.bind.Range;
import io.switchboard.config.bind.Ref;
import java.util.List;
import java.util.Map;

/**
 * A person who logs in: agent, supervisor or administrator, as their security profiles say.
 * Desk-phone agents are called at {@code deskPhoneNumber} through {@code deskPhoneTrunk}; SIP-phone agents at
 * the contacts their phone registered (their entry in {@code sipPhones}).
 * {@code afterContactWorkTimeoutSeconds} 0 means ACW lasts until the agent closes the contact. Proficiencies are
 * values of the instance's predefined attributes, each with a level of 1-5, for contacts' routing criteria.
 */
@KeyHint(key = "password", message = "plaintext passwords are not accepted; put a bcrypt hash in passwordHash "
        + "(run \"java -jar switchboard.jar hash-password\")")
public record User(
        String username,
        String firstName,
        String lastName,
        PasswordHash passwordHash,
        @Ref(section = "securityProfiles", what = "security profile") List<String> securityProfiles,
        @Ref(section = "routingProfiles", what = "routing profile") String routingProfile,
        @Default("softphone") PhoneType phoneType,
        @Optional E164 deskPhoneNumber,
        @Optional @Ref(section = "trunks", what = "trunk") String deskPhoneTrunk,
        @Default("false") boolean autoAccept,
        @Default("0") @Range(min = 0, max = 86400) int afterContactWorkTimeoutSeconds,
        @Optional @Ref(section = "agentHierarchy.groups", what = "hierarchy group") String hierarchyGroup,
        List<UserProficiency> proficiencies,
        Map<String, String> tags) {

    public User {
        securityProfiles = List.copyOf(securityProfiles);
        proficiencies = List.copyOf(proficiencies);
        tags = Map.copyOf(tags);
    }

    /**
     * How an agent takes calls: the browser softphone, a desk phone dialled through a trunk, or a SIP phone that
     * registers to us.
     */
    public enum PhoneType {
        SOFTPHONE, DESK, SIP
    }
}
