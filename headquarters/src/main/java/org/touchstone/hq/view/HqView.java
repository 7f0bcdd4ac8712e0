package org.touchstone.hq.view;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.sse.SseClient;
import io.javalin.http.staticfiles.Location;
import java.io.StringWriter;
import java.net.URI;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.touchstone.agent.console.LoginForm;
import org.touchstone.agent.console.LoginThrottle;
import org.touchstone.agent.console.Sessions;
import org.touchstone.agent.security.Officer;
import org.touchstone.agent.security.OfficerBook;
import org.touchstone.agent.security.Role;
import org.touchstone.hq.config.ViewConfig;
import org.touchstone.hq.stats.NationalStatistics;
import org.touchstone.hq.stats.Table;

/**
 * The headquarters view, on the post console's stack (Javalin on Jetty, server-rendered HTML and SVG, server-sent
 * events) and its security pieces ({@link Sessions}, {@link LoginThrottle}, the officers file): officers with the
 * role analyst or supervisor log in and see the national picture, which follows what headquarters stores live, and
 * download it as CSV. It only reads: nothing here acts on a post.
 */
public final class HqView implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(HqView.class);
    private static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
            + " connect-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'; object-src 'none'";
    private static final String COOKIE = "touchstone_hq_session";
    private static final String LOGIN_COOKIE = "touchstone_hq_login";
    /** The months the trend chart covers, this one included. */
    static final int TREND_MONTHS = 12;

    private final ViewConfig config;
    private final OfficerBook officers;
    private final NationalStatistics stats;
    private final Clock clock;
    private final Sessions sessions;
    private final LoginThrottle throttle;
    private final Locale defaultLocale;
    private final List<SseClient> clients = new CopyOnWriteArrayList<>();
    private final Thread pusher;
    private final Object changes = new Object();
    private boolean changed;
    private volatile boolean running = true;
    private final Javalin app;

    private HqView(ViewConfig config, OfficerBook officers, NationalStatistics stats, Clock clock) {
        this.config = config;
        this.officers = officers;
        this.stats = stats;
        this.clock = clock;
        this.sessions = new Sessions(clock, Duration.ofMinutes(config.sessionIdleMinutes()));
        this.throttle = new LoginThrottle(clock);
        this.defaultLocale = HqMessages.supported(Locale.forLanguageTag(config.language()));
        this.pusher = new Thread(this::push, "hq-view-push");
        this.pusher.setDaemon(true);
        this.app = Javalin.create(c -> {
            c.startup.showJavalinBanner = false;
            c.startup.showOldJavalinVersionWarning = false;
            c.http.maxRequestSize = 16 * 1024;
            c.jetty.host = config.bindAddress();
            c.jetty.port = config.port();
            c.staticFiles.add(s -> {
                s.hostedPath = "/assets";
                s.directory = "/hq/assets";
                s.location = Location.CLASSPATH;
                s.headers = Map.of("Cache-Control", "no-cache", "X-Content-Type-Options", "nosniff");
            });
            routes(c);
        });
    }

    /** Starts the view; {@link #changed()} tells it headquarters stored something. */
    public static HqView start(ViewConfig config, OfficerBook officers, NationalStatistics stats, Clock clock) {
        HqView v = new HqView(config, officers, stats, clock);
        v.app.start();
        v.pusher.start();
        log.info("headquarters view on {}", v.uri());
        return v;
    }

    public int port() {
        return app.port();
    }

    public URI uri() {
        String host = config.bindAddress().equals("0.0.0.0") ? "127.0.0.1" : config.bindAddress();
        return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port() + "/");
    }

    /** Pages following live updates now. */
    public int livePages() {
        return clients.size();
    }

    /** Something was stored: the open pages fetch the board again (at most twice a second). */
    public void changed() {
        synchronized (changes) {
            changed = true;
            changes.notifyAll();
        }
    }

    private void routes(io.javalin.config.JavalinConfig c) {
        var r = c.routes;
        r.before(this::guard);
        r.get("/login", ctx -> {
            Locale locale = ctx.queryParam("lang") != null
                    ? HqMessages.supported(Locale.forLanguageTag(ctx.queryParam("lang")))
                    : HqMessages.fromAcceptLanguage(ctx.header("Accept-Language"), defaultLocale);
            showLogin(ctx, new HqMessages(locale), null, "", 200);
        });
        r.post("/login", this::login);
        r.post("/logout", ctx -> {
            sessions.remove(session(ctx).id());
            ctx.header("Set-Cookie", cookie(COOKIE, "", "/", 0));
            redirect(ctx, "/login");
        });
        r.post("/language", ctx -> {
            session(ctx).locale(HqMessages.supported(Locale.forLanguageTag(nz(ctx.formParam("lang")))));
            redirect(ctx, "/");
        });
        r.get("/", ctx -> html(ctx, HqPages.page(messages(ctx), officer(ctx), session(ctx).csrf(), board())));
        r.get("/board", ctx -> html(ctx, HqPages.board(messages(ctx), board())));
        r.get("/export.csv", this::export);
        r.sse("/events", client -> {
            client.keepAlive();
            clients.add(client);
            client.onClose(() -> clients.remove(client));
            client.sendEvent("hello", "{}");
        });
        r.exception(Exception.class, (e, ctx) -> {
            log.error("headquarters view: {} {} failed: {}", ctx.method(), ctx.path(), e.toString(), e);
            String what = e instanceof SQLException ? "the database did not answer: " + e.getMessage()
                    : e.getClass().getSimpleName() + ": " + e.getMessage();
            ctx.status(500).contentType("text/html; charset=utf-8").result(HqPages.problem(new HqMessages(defaultLocale),
                    "500", what));
        });
    }

    private HqPages.Board board() throws SQLException {
        Instant now = clock.instant();
        LocalDate month = LocalDate.ofInstant(now, ZoneOffset.UTC).withDayOfMonth(1);
        Instant from = month.minusMonths(TREND_MONTHS - 1).atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant to = month.plusMonths(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        List<Table> by = new ArrayList<>();
        for (NationalStatistics.Dimension d : NationalStatistics.Dimension.values()) {
            by.add(stats.seizuresBy(List.of(d), Instant.EPOCH, now.plusSeconds(1)));
        }
        return new HqPages.Board(stats.posts(Duration.ofMinutes(config.darkAfterMinutes()), now), stats.openRedAlerts(),
                by, stats.trends(from, to), stats.devicesOutOfTrust(), stats.chainBreaks(), now);
    }

    private void export(Context ctx) throws Exception {
        String what = nz(ctx.queryParam("what"));
        Instant now = clock.instant();
        Table t;
        if (what.equals("seizures")) {
            t = stats.seizures(Instant.EPOCH, now.plusSeconds(1));
        } else if (what.startsWith("seizures-by-")) {
            NationalStatistics.Dimension d;
            try {
                d = NationalStatistics.Dimension.named(what.substring("seizures-by-".length()));
            } catch (IllegalArgumentException e) {
                ctx.status(400).contentType("text/plain; charset=utf-8").result("what: " + e.getMessage());
                return;
            }
            t = stats.seizuresBy(List.of(d), Instant.EPOCH, now.plusSeconds(1));
        } else {
            LocalDate month = LocalDate.ofInstant(now, ZoneOffset.UTC).withDayOfMonth(1);
            t = switch (what) {
                case "open-red-alerts" -> stats.openRedAlerts();
                case "posts" -> stats.posts(Duration.ofMinutes(config.darkAfterMinutes()), now);
                case "devices-out-of-trust" -> stats.devicesOutOfTrust();
                case "trends" -> stats.trends(month.minusMonths(TREND_MONTHS - 1).atStartOfDay(ZoneOffset.UTC)
                        .toInstant(), month.plusMonths(1).atStartOfDay(ZoneOffset.UTC).toInstant());
                default -> null;
            };
            if (t == null) {
                ctx.status(400).contentType("text/plain; charset=utf-8").result("what: '" + what.replaceAll(
                        "[^A-Za-z0-9-]", "?") + "' is not one of " + String.join(", ", HqPages.EXPORTS));
                return;
            }
        }
        StringWriter w = new StringWriter();
        t.writeCsv(w);
        String file = "touchstone-" + what + "-" + LocalDate.ofInstant(now, ZoneOffset.UTC) + ".csv";
        ctx.header("Content-Disposition", "attachment; filename=\"" + file + "\"");
        ctx.contentType("text/csv; charset=utf-8").result(w.toString());
    }

    // ---- security, for every request (as the post console's) ----

    private void guard(Context ctx) {
        ctx.header("Content-Security-Policy", CSP);
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("X-Frame-Options", "DENY");
        ctx.header("Referrer-Policy", "same-origin");
        ctx.header("Cache-Control", "no-store");
        String p = ctx.path();
        if (p.equals("/login") || p.startsWith("/assets/")) {
            return;
        }
        Optional<Sessions.Session> session = sessions.find(ctx.cookie(COOKIE));
        Optional<Officer> officer = session.flatMap(s -> officers.find(s.officerId())).filter(HqView::mayView);
        if (session.isEmpty() || officer.isEmpty()) {
            session.ifPresent(s -> sessions.remove(s.id()));
            if (ctx.method().name().equals("GET") && !p.equals("/events") && !p.equals("/board")) {
                ctx.status(303).header("Location", "/login");
            } else {
                ctx.status(401).contentType("text/plain; charset=utf-8").result("log in first");
            }
            ctx.skipRemainingHandlers();
            return;
        }
        if (ctx.method().name().equals("POST")
                && (!LoginForm.sameOrigin(ctx) || !session.get().csrfMatches(ctx.formParam("csrf")))) {
            log.warn("headquarters view: refused a POST to {} without this session's token or from another site", p);
            ctx.status(403).contentType("text/plain; charset=utf-8")
                    .result("refused: the request did not come from this view's own page");
            ctx.skipRemainingHandlers();
            return;
        }
        ctx.attribute("session", session.get());
        ctx.attribute("officer", officer.get());
    }

    /** Analysts and supervisors; a post's inspectors and technicians have nothing to do here. */
    static boolean mayView(Officer o) {
        return o.roles().contains(Role.ANALYST) || o.roles().contains(Role.SUPERVISOR);
    }

    private void showLogin(Context ctx, HqMessages m, String error, String officerId, int status) {
        String token = ctx.cookie(LOGIN_COOKIE);
        if (token == null || !token.matches("[A-Za-z0-9_-]{43}")) {
            token = sessions.token();
        }
        ctx.header("Set-Cookie", cookie(LOGIN_COOKIE, token, "/login", 900));
        ctx.status(status).contentType("text/html; charset=utf-8").result(HqPages.login(m, token, error, officerId));
    }

    private void login(Context ctx) {
        Locale locale = HqMessages.supported(Locale.forLanguageTag(nz(ctx.formParam("lang"))));
        HqMessages m = new HqMessages(locale);
        LoginForm.Outcome outcome = LoginForm.check(ctx, LOGIN_COOKIE, officers, throttle);
        if (outcome instanceof LoginForm.Outcome.Refused r) {
            log.warn("headquarters view: login form refused from {}: {}", ctx.ip(), r.why());
            showLogin(ctx, m, m.t("login.expired"), "", 403);
        } else if (outcome instanceof LoginForm.Outcome.Wait w) {
            showLogin(ctx, m, m.t("login.wait", w.seconds()), nz(ctx.formParam("officer")).strip(), 429);
        } else if (outcome instanceof LoginForm.Outcome.Failed f) {
            log.warn("headquarters view: failed login as '{}' from {}", f.shownId(), ctx.ip());
            showLogin(ctx, m, m.t("login.failed"), f.officerId(), 401);
        } else {
            Officer officer = ((LoginForm.Outcome.LoggedIn) outcome).officer();
            if (!mayView(officer)) {
                log.warn("headquarters view: {} ({}) is neither analyst nor supervisor", officer.id(), officer.roles());
                showLogin(ctx, m, m.t("login.role"), officer.id(), 403);
                return;
            }
            Sessions.Session s = sessions.create(officer.id(), locale);
            log.info("headquarters view: {} logged in from {}", officer.id(), ctx.ip());
            ctx.header("Set-Cookie", cookie(COOKIE, s.id(), "/", -1));
            redirect(ctx, "/");
        }
    }

    private static String cookie(String name, String value, String path, int maxAge) {
        return LoginForm.cookie(name, value, path, maxAge, false);
    }

    private HqMessages messages(Context ctx) {
        return new HqMessages(session(ctx).locale());
    }

    private static Sessions.Session session(Context ctx) {
        return ctx.attribute("session");
    }

    private static Officer officer(Context ctx) {
        return ctx.attribute("officer");
    }

    private static void html(Context ctx, String html) {
        ctx.contentType("text/html; charset=utf-8").result(html);
    }

    private static void redirect(Context ctx, String to) {
        ctx.status(303).header("Location", to);
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    /** Sends "changed" to every open page when something was stored, at most twice a second; a ping otherwise. */
    private void push() {
        long lastPing = System.nanoTime();
        while (running) {
            boolean send;
            synchronized (changes) {
                if (!changed) {
                    try {
                        changes.wait(15_000);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                send = changed;
                changed = false;
            }
            boolean ping = System.nanoTime() - lastPing > 15_000_000_000L;
            for (SseClient c : clients) {
                try {
                    if (c.terminated()) {
                        clients.remove(c);
                    } else if (send) {
                        c.sendEvent("changed", "{}");
                    } else if (ping) {
                        c.sendComment("ping");
                    }
                } catch (RuntimeException e) {
                    clients.remove(c);
                }
            }
            if (ping) {
                lastPing = System.nanoTime();
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    @Override
    public void close() {
        running = false;
        pusher.interrupt();
        for (SseClient c : clients) {
            try {
                c.close();
            } catch (RuntimeException e) {
                // Closing anyway.
            }
        }
        clients.clear();
        app.stop();
    }
}
