package org.touchstone.agent.security;

import java.util.EnumSet;
import java.util.Set;
import org.touchstone.agent.alert.Alert;
import org.touchstone.agent.assessment.Lane;

/**
 * What an officer may do, per the post's roles: the one table the console and the MQTT command reader both check,
 * on the server, before an action reaches the desk.
 */
public enum Permission {
    DECLARE,
    SELECT_ITEM,
    CLOSE_INSPECTION,
    ACKNOWLEDGE_ALERT,
    /** Close an alert as DETAINED or SAMPLED (the goods stay under customs control). */
    CLOSE_ALERT,
    /** Close an alert as SEIZED, or as RELEASED when its lane is RED (the goods leave customs' hands or are taken). */
    RELEASE_OR_SEIZE,
    CALIBRATE,
    TEST_ANALYZER;

    private static final Set<Permission> INSPECTOR = EnumSet.of(DECLARE, SELECT_ITEM, CLOSE_INSPECTION,
            ACKNOWLEDGE_ALERT, CLOSE_ALERT);

    /** The permissions one role gives. */
    public static Set<Permission> of(Role role) {
        return switch (role) {
            case INSPECTOR -> EnumSet.copyOf(INSPECTOR);
            case SUPERVISOR -> {
                EnumSet<Permission> s = EnumSet.copyOf(INSPECTOR);
                s.add(RELEASE_OR_SEIZE);
                yield s;
            }
            case TECHNICIAN -> EnumSet.of(CALIBRATE, TEST_ANALYZER);
            case ANALYST -> EnumSet.noneOf(Permission.class);
        };
    }

    /**
     * The permission closing an alert with this outcome needs. Releasing a YELLOW (documentary) alert is an
     * inspector's call; releasing a RED one, or seizing, is a supervisor's.
     */
    public static Permission toClose(Alert.Outcome outcome, Lane lane) {
        return switch (outcome) {
            case DETAINED, SAMPLED -> CLOSE_ALERT;
            case SEIZED -> RELEASE_OR_SEIZE;
            case RELEASED -> lane == Lane.RED ? RELEASE_OR_SEIZE : CLOSE_ALERT;
        };
    }
}
