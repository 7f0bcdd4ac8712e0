package org.touchstone.agent.console;

import io.javalin.http.Context;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Optional;
import org.touchstone.agent.security.Officer;
import org.touchstone.agent.security.OfficerBook;
import org.touchstone.agent.security.PasswordHasher;

/**
 * The checks of a login form post, shared by the post's console and headquarters' view: the form comes from this
 * site and carries the token of its login cookie, the officer is not throttled, and the password is the officer's.
 * Each caller shows its own pages and logs under its own name; what it may do after a login (a role it requires)
 * is its own too.
 */
public final class LoginForm {

    /** The longest officer id looked up; a longer one fails like a wrong password, and is shown cut to this. */
    static final int MAX_OFFICER_ID = 64;

    private LoginForm() {
    }

    /** What a login form post came to. */
    public sealed interface Outcome {
        /** Not this site's form, or not its token: show the form again ("expired"). */
        record Refused(String why) implements Outcome {
        }

        /** Too many failures for this officer or address: try again after this many seconds. */
        record Wait(long seconds) implements Outcome {
        }

        /** Wrong id or password (counted by the throttle); {@code shownId} is the id as it may be logged. */
        record Failed(String officerId, String shownId) implements Outcome {
        }

        /** The officer, authenticated (the throttle's count for this id is cleared). */
        record LoggedIn(Officer officer) implements Outcome {
        }
    }

    /**
     * Checks the posted form.
     *
     * @param loginCookie the name of the cookie the login page set with the form's token
     */
    public static Outcome check(Context ctx, String loginCookie, OfficerBook officers, LoginThrottle throttle) {
        String expected = ctx.cookie(loginCookie);
        String given = ctx.formParam("login");
        if (!sameOrigin(ctx) || expected == null || given == null || !MessageDigest.isEqual(
                expected.getBytes(StandardCharsets.US_ASCII), given.getBytes(StandardCharsets.US_ASCII))) {
            return new Outcome.Refused(!sameOrigin(ctx) ? "another site's page (Origin " + ctx.header("Origin")
                    + ", Sec-Fetch-Site " + ctx.header("Sec-Fetch-Site") + ")"
                    : expected == null ? "no login cookie (expired, or cookies refused)" : "its token is not the cookie's");
        }
        String id = nz(ctx.formParam("officer")).strip();
        String address = "ip:" + ctx.ip();
        Duration wait = throttle.wait("id:" + id, address);
        if (!wait.isZero()) {
            return new Outcome.Wait(Math.max(1, wait.toSeconds()));
        }
        char[] password = nz(ctx.formParam("password")).toCharArray();
        Optional<Officer> officer;
        try {
            officer = id.length() > MAX_OFFICER_ID ? Optional.empty() : officers.authenticate(id, password);
        } finally {
            PasswordHasher.wipe(password);
        }
        if (officer.isEmpty()) {
            throttle.failed("id:" + id, address);
            return new Outcome.Failed(id, id.length() > MAX_OFFICER_ID ? id.substring(0, MAX_OFFICER_ID) : id);
        }
        throttle.succeeded("id:" + id);
        return new Outcome.LoggedIn(officer.get());
    }

    /** A cross-site request says so (Sec-Fetch-Site), or names another origin (Origin); both are refused. */
    public static boolean sameOrigin(Context ctx) {
        String site = ctx.header("Sec-Fetch-Site");
        if (site != null && !site.equals("same-origin") && !site.equals("none")) {
            return false;
        }
        String origin = ctx.header("Origin");
        if (origin == null) {
            return true;
        }
        String host = ctx.header("Host");
        try {
            URI o = URI.create(origin);
            return host != null && o.getAuthority() != null && o.getAuthority().equalsIgnoreCase(host);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** A cookie no script can read, sent only to this site, and only over TLS when {@code secure}. */
    public static String cookie(String name, String value, String path, int maxAge, boolean secure) {
        return name + "=" + value + "; Path=" + path + "; HttpOnly; SameSite=Strict" + (secure ? "; Secure" : "")
                + (maxAge >= 0 ? "; Max-Age=" + maxAge : "");
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
