package org.touchstone.agent.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.touchstone.agent.alert.Alert.Outcome;
import org.touchstone.agent.assessment.Lane;

/** The role table of the team's contract 1, written out here line by line from its text. */
class PermissionTest {

    private static final String HASH = "pbkdf2-sha256$20000$c2FsdHNhbHQ=$aGFzaGhhc2hoYXNoaGFzaA==";

    private static Officer officer(Role... roles) {
        return new Officer("o-1", "O", Set.of(roles), HASH);
    }

    @Test
    void inspector_declaresSelectsClosesAcknowledges_detainsAndSamples_butNeitherReleasesRedNorSeizes() {
        Officer o = officer(Role.INSPECTOR);
        for (Permission p : EnumSet.of(Permission.DECLARE, Permission.SELECT_ITEM, Permission.CLOSE_INSPECTION,
                Permission.ACKNOWLEDGE_ALERT)) {
            assertTrue(o.may(p), p.name());
        }
        assertTrue(o.may(Permission.toClose(Outcome.DETAINED, Lane.RED)));
        assertTrue(o.may(Permission.toClose(Outcome.SAMPLED, Lane.RED)));
        assertFalse(o.may(Permission.toClose(Outcome.RELEASED, Lane.RED)));
        assertFalse(o.may(Permission.toClose(Outcome.SEIZED, Lane.YELLOW)));
        assertTrue(o.may(Permission.toClose(Outcome.RELEASED, Lane.YELLOW)), "a documentary (yellow) alert");
        assertFalse(o.may(Permission.CALIBRATE));
    }

    @Test
    void supervisor_mayEverythingAnInspectorMay_plusReleaseRedAndSeize() {
        Officer o = officer(Role.SUPERVISOR);
        assertTrue(Permission.of(Role.SUPERVISOR).containsAll(Permission.of(Role.INSPECTOR)));
        assertTrue(o.may(Permission.toClose(Outcome.RELEASED, Lane.RED)));
        assertTrue(o.may(Permission.toClose(Outcome.SEIZED, Lane.RED)));
        assertFalse(o.may(Permission.CALIBRATE));
    }

    @Test
    void technician_calibratesAndTestsAnalyzers_nothingOnAlertsOrInspections() {
        assertEquals(EnumSet.of(Permission.CALIBRATE, Permission.TEST_ANALYZER), Permission.of(Role.TECHNICIAN));
        Officer o = officer(Role.TECHNICIAN);
        assertFalse(o.may(Permission.ACKNOWLEDGE_ALERT));
        assertFalse(o.may(Permission.SELECT_ITEM));
    }

    @Test
    void rolesAddUp() {
        Officer o = officer(Role.TECHNICIAN, Role.INSPECTOR);
        assertTrue(o.may(Permission.CALIBRATE));
        assertTrue(o.may(Permission.SELECT_ITEM));
    }
}
