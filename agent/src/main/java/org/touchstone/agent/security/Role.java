package org.touchstone.agent.security;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** What an officer is at the post; the permissions follow from it (see {@link Permission}). */
public enum Role {
    /** Screens cargo at the bench: declares, selects items, closes inspections, acknowledges and detains. */
    INSPECTOR,
    /** Calibrates devices and triggers analyzer tests; nothing on alerts. */
    TECHNICIAN,
    /** Everything an inspector may do, plus releasing a RED consignment and seizing. */
    SUPERVISOR,
    /** Headquarters: reads the national picture in the headquarters view; nothing at a post. */
    ANALYST;

    /** The name as the officers file and the console write it: {@code inspector}. */
    public String text() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Reads a role as written in the officers file or on the command line.
     *
     * @throws IllegalArgumentException naming the known roles
     */
    public static Role parse(String text) {
        String s = text == null ? "" : text.trim().toUpperCase(Locale.ROOT);
        for (Role r : values()) {
            if (r.name().equals(s)) {
                return r;
            }
        }
        throw new IllegalArgumentException("role must be one of " + Arrays.stream(values()).map(Role::text)
                .collect(Collectors.joining(", ")) + ", was: '" + text + "'");
    }
}
