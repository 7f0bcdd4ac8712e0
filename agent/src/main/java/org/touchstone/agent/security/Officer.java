package org.touchstone.agent.security;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A person who may act at the post. The id is also the officer's MQTT user name, so the broker's ACL and the
 * console name the same person; it is what the journal records with every command the officer gives.
 *
 * @param id           1-64 of {@code A-Za-z0-9._-}
 * @param name         the officer's full name, for screens and evidence
 * @param roles        at least one
 * @param passwordHash {@code pbkdf2-sha256$<iterations>$<salt b64>$<hash b64>} ({@link PasswordHasher})
 */
public record Officer(String id, String name, Set<Role> roles, String passwordHash) {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    public Officer {
        requireId(id);
        name = name == null || name.isBlank() ? id : name.strip();
        if (roles == null || roles.isEmpty()) {
            throw new IllegalArgumentException("roles: officer '" + id + "' needs at least one of inspector, technician,"
                    + " supervisor, analyst");
        }
        roles = Set.copyOf(EnumSet.copyOf(roles));
        Objects.requireNonNull(passwordHash, "passwordHash");
        PasswordHasher.parse(passwordHash);
    }

    /** Checks an officer id as the officers file, the console and the MQTT topics need it. */
    public static String requireId(String id) {
        if (id == null || !ID.matcher(id).matches()) {
            throw new IllegalArgumentException("id must be 1-64 of A-Z a-z 0-9 . _ - (it is the officer's MQTT user"
                    + " name), was: " + (id == null ? "missing" : "'" + id + "'"));
        }
        return id;
    }

    public boolean may(Permission permission) {
        return roles.stream().anyMatch(r -> Permission.of(r).contains(permission));
    }

    public Officer withPasswordHash(String newHash) {
        return new Officer(id, name, roles, newHash);
    }

    /** Never the hash: an officer is logged and shown, and the hash must not travel with it. */
    @Override
    public String toString() {
        return "Officer[" + id + ", " + name + ", " + roles + "]";
    }
}
