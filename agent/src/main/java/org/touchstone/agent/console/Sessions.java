package org.touchstone.agent.console;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Officers' login sessions, kept in memory: a random 256-bit id in an HttpOnly, SameSite=Strict cookie (Secure
 * over TLS), a CSRF token every form and script request must return, an idle and an absolute limit. A restart
 * logs everyone out, which is what a post's PC being restarted should do.
 */
public final class Sessions {

    static final Duration ABSOLUTE = Duration.ofHours(12);
    static final int MAX_SESSIONS = 1000;

    /** One officer logged in on one browser. The officer is named by id: roles are read from the file each time. */
    public static final class Session {
        final String id;
        final String officerId;
        final String csrf;
        final Instant created;
        volatile Instant lastSeen;
        volatile Locale locale;
        volatile String flash;

        Session(String id, String officerId, String csrf, Instant created, Locale locale) {
            this.id = id;
            this.officerId = officerId;
            this.csrf = csrf;
            this.created = created;
            this.lastSeen = created;
            this.locale = locale;
        }

        public String id() {
            return id;
        }

        public String officerId() {
            return officerId;
        }

        /** The token every POST of this session must carry. */
        public String csrf() {
            return csrf;
        }

        public Locale locale() {
            return locale;
        }

        public void locale(Locale l) {
            locale = l;
        }

        public boolean csrfMatches(String token) {
            return token != null && MessageDigest.isEqual(token.getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                    csrf.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        }

        /** The confirmation a plain form post left for the page it returns to; read once. */
        String takeFlash() {
            String f = flash;
            flash = null;
            return f;
        }
    }

    private final SecureRandom random = new SecureRandom();
    private final Clock clock;
    private final Duration idle;
    private final Map<String, Session> byId = new LinkedHashMap<>();

    public Sessions(Clock clock, Duration idle) {
        this.clock = clock;
        this.idle = idle;
    }

    /** A new session (a new id at every login, so an id planted before the login is worth nothing). */
    public synchronized Session create(String officerId, Locale locale) {
        purge();
        while (byId.size() >= MAX_SESSIONS) {
            Iterator<String> oldest = byId.keySet().iterator();
            oldest.next();
            oldest.remove();
        }
        Session s = new Session(token(), officerId, token(), clock.instant(), locale);
        byId.put(s.id, s);
        return s;
    }

    /** The live session with this id, touched; empty when unknown, idle too long or too old. */
    public synchronized Optional<Session> find(String id) {
        if (id == null) {
            return Optional.empty();
        }
        Session s = byId.get(id);
        if (s == null) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        if (expired(s, now)) {
            byId.remove(id);
            return Optional.empty();
        }
        s.lastSeen = now;
        return Optional.of(s);
    }

    public synchronized void remove(String id) {
        if (id != null) {
            byId.remove(id);
        }
    }

    /** Ends every session of an officer (removed from the file, or logged in elsewhere by policy). */
    synchronized void removeOfficer(String officerId) {
        byId.values().removeIf(s -> s.officerId.equals(officerId));
    }

    private boolean expired(Session s, Instant now) {
        return now.isAfter(s.lastSeen.plus(idle)) || now.isAfter(s.created.plus(ABSOLUTE));
    }

    private void purge() {
        Instant now = clock.instant();
        byId.values().removeIf(s -> expired(s, now));
    }

    public String token() {
        byte[] b = new byte[32];
        random.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
