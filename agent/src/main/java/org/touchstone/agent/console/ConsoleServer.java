package org.touchstone.agent.console;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.staticfiles.Location;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.touchstone.agent.alert.Alert;
import org.touchstone.agent.assessment.Lane;
import org.touchstone.agent.config.ConsoleConfig;
import org.touchstone.agent.console.ConsoleBackend.Confirmation;
import org.touchstone.agent.console.ConsolePages.View;
import org.touchstone.agent.inspection.Weighing;
import org.touchstone.agent.monitoring.Monitoring;
import org.touchstone.agent.evidence.EvidenceReport;
import org.touchstone.agent.security.Officer;
import org.touchstone.agent.security.OfficerBook;
import org.touchstone.agent.security.Permission;

/**
 * The console's web server (Javalin on Jetty, in the agent's process): login, the pages, the officers' commands,
 * the evidence downloads and the live updates. Security is decided here, on the server, for every request: the
 * session cookie names the officer, the officers file gives the roles, every POST must carry the session's CSRF
 * token and come from the console's own pages, and the officer's id sent to the agent is the session's.
 */
public final class ConsoleServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ConsoleServer.class);
    private static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
            + " connect-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'; object-src 'none'";
    private static final long COMMAND_TIMEOUT_SECONDS = 15;

    private final ConsoleConfig config;
    private final OfficerBook officers;
    private final ConsoleBackend backend;
    private final Clock clock;
    private final Sessions sessions;
    private final LoginThrottle throttle;
    private final LivePush push;
    private final String sessionCookie;
    private final Locale defaultLocale;
    private final Javalin app;
    private final Monitoring monitoring;

    private ConsoleServer(ConsoleConfig config, Path baseDirectory, OfficerBook officers, ConsoleBackend backend,
                          Clock clock, Map<String, Double> minimumLoads, Monitoring monitoring) {
        this.config = config;
        this.monitoring = monitoring;
        this.officers = officers;
        this.backend = backend;
        this.clock = clock;
        this.sessions = new Sessions(clock, Duration.ofMinutes(config.sessionIdleMinutes()));
        this.throttle = new LoginThrottle(clock);
        this.sessionCookie = config.secure() ? "__Host-touchstone_session" : "touchstone_session";
        this.defaultLocale = Messages.supported(Locale.forLanguageTag(config.language()));
        this.push = new LivePush(minimumLoads, id -> sessions.find(id).isPresent());
        backend.listen(push);
        this.app = Javalin.create(c -> {
            c.startup.showJavalinBanner = false;
            c.startup.showOldJavalinVersionWarning = false;
            c.http.maxRequestSize = 64 * 1024;
            c.jetty.host = config.bindAddress();
            c.jetty.port = config.port();
            if (config.tls() != null) {
                Path keystore = baseDirectory.resolve(config.tls().keystore()).normalize();
                if (!Files.isReadable(keystore)) {
                    throw new IllegalArgumentException("console.tls.keystore: cannot read " + keystore);
                }
                c.jetty.addConnector((server, http) -> {
                    SslContextFactory.Server ssl = new SslContextFactory.Server();
                    ssl.setKeyStorePath(keystore.toString());
                    ssl.setKeyStorePassword(config.tls().keystorePassword());
                    ssl.setKeyStoreType(config.tls().keystoreType());
                    HttpConfiguration https = new HttpConfiguration(http);
                    // The bench screen may reach the post's PC by address while the certificate names the host.
                    https.addCustomizer(new SecureRequestCustomizer(false));
                    ServerConnector connector = new ServerConnector(server, new SslConnectionFactory(ssl, "http/1.1"),
                            new HttpConnectionFactory(https));
                    connector.setHost(config.bindAddress());
                    connector.setPort(config.port());
                    return connector;
                });
            }
            c.staticFiles.add(s -> {
                s.hostedPath = "/assets";
                s.directory = "/console/assets";
                s.location = Location.CLASSPATH;
                s.headers = Map.of("Cache-Control", "no-cache", "X-Content-Type-Options", "nosniff");
            });
            routes(c);
            if (monitoring != null) {
                monitoring.routes(c.routes);
            }
        });
    }

    /**
     * Starts the console.
     *
     * @param baseDirectory   where a relative keystore path is resolved (the configuration's folder)
     * @param minimumLoads    each scale's minimum load in grams: below it the bench shows an empty pan
     * @throws IllegalArgumentException for a keystore that cannot be read, naming it
     */
    public static ConsoleServer start(ConsoleConfig config, Path baseDirectory, OfficerBook officers,
                                      ConsoleBackend backend, Clock clock, Map<String, Double> minimumLoads) {
        return start(config, baseDirectory, officers, backend, clock, minimumLoads, null);
    }

    /**
     * Starts the console, serving also health and metrics ({@link Monitoring#PATHS}, without a session) when
     * {@code monitoring} is not null.
     */
    public static ConsoleServer start(ConsoleConfig config, Path baseDirectory, OfficerBook officers,
                                      ConsoleBackend backend, Clock clock, Map<String, Double> minimumLoads,
                                      Monitoring monitoring) {
        ConsoleServer s = new ConsoleServer(config, baseDirectory, officers, backend, clock, minimumLoads, monitoring);
        s.app.start();
        log.info("console on {}", s.uri());
        return s;
    }

    public int port() {
        return app.port();
    }

    /** The address to open, e.g. {@code http://127.0.0.1:8080/}. */
    public URI uri() {
        String host = config.bindAddress().equals("0.0.0.0") ? "127.0.0.1" : config.bindAddress();
        if (host.contains(":")) {
            host = "[" + host + "]";
        }
        return URI.create((config.secure() ? "https" : "http") + "://" + host + ":" + port() + "/");
    }

    /** How many pages are following live updates now. */
    public int livePages() {
        return push.clients();
    }

    private void routes(io.javalin.config.JavalinConfig c) {
        var r = c.routes;
        r.before(this::guard);
        r.get("/", ctx -> redirect(ctx, "/inspections"));
        r.get("/login", this::loginPage);
        r.post("/login", this::login);
        r.post("/logout", ctx -> {
            sessions.remove(session(ctx).id);
            ctx.header("Set-Cookie", cookie(sessionCookie, "", "/", 0));
            redirect(ctx, "/login");
        });
        r.post("/language", ctx -> {
            session(ctx).locale = Messages.supported(Locale.forLanguageTag(nz(ctx.formParam("lang"))));
            redirect(ctx, back(ctx));
        });
        r.get("/inspections", ctx -> {
            View v = view(ctx);
            ConsolePages.Filter f = new ConsolePages.Filter(ctx.queryParam("q"), ctx.queryParam("lane"),
                    ctx.queryParam("state"), ctx.queryParam("alert"));
            if ("table".equals(ctx.queryParam("fragment"))) {
                html(ctx, ConsolePages.inspectionsTable(v, backend.inspections(), f));
                return;
            }
            html(ctx, page(v, "inspections", v.m().t("inspections.title"),
                    ConsolePages.inspections(v, backend.inspections(), f)));
        });
        r.get("/inspections/{id}", ctx -> {
            View v = view(ctx);
            String id = ctx.pathParam("id");
            var detail = backend.inspection(id);
            if (detail.isEmpty()) {
                notFound(ctx, v.m(), v.m().t("inspection.unknown", id));
                return;
            }
            if ("body".equals(ctx.queryParam("fragment"))) {
                html(ctx, ConsolePages.inspectionBody(v, detail.get()));
                return;
            }
            html(ctx, page(v, "inspections", v.m().t("inspection.title", id), ConsolePages.inspection(v, detail.get())));
        });
        r.get("/inspections/{id}/evidence.json", ctx -> evidence(ctx, false));
        r.get("/inspections/{id}/evidence.html", ctx -> evidence(ctx, true));
        r.post("/inspections/{id}/close", ctx -> {
            Officer o = officer(ctx);
            if (allowed(ctx, o, Permission.CLOSE_INSPECTION, "close-inspection")) {
                respond(ctx, backend.closeInspection(o, ctx.pathParam("id")), "close-inspection");
            }
        });
        r.get("/bench", ctx -> {
            View v = view(ctx);
            if ("body".equals(ctx.queryParam("fragment"))) {
                html(ctx, ConsolePages.benchBody(v, backend.bench()));
                return;
            }
            html(ctx, page(v, "bench", v.m().t("bench.title"), ConsolePages.bench(v, backend.bench())));
        });
        r.post("/bench/select", ctx -> {
            Officer o = officer(ctx);
            if (!allowed(ctx, o, Permission.SELECT_ITEM, "select")) {
                return;
            }
            String medium = nz(ctx.formParam("medium")).toUpperCase(Locale.ROOT);
            if (!medium.equals("AIR") && !medium.equals("WATER")) {
                respond(ctx, CompletableFuture.completedFuture(Confirmation.refused("select",
                        "medium: must be AIR or WATER, was '" + medium + "'", clock.instant())), "select");
                return;
            }
            respond(ctx, backend.selectItem(o, nz(ctx.formParam("declarationId")), nz(ctx.formParam("itemId")),
                    Weighing.Medium.valueOf(medium)), "select");
        });
        r.get("/alerts", ctx -> {
            View v = view(ctx);
            if ("body".equals(ctx.queryParam("fragment"))) {
                html(ctx, ConsolePages.alertsBody(v, backend.alerts()));
                return;
            }
            html(ctx, page(v, "alerts", v.m().t("alerts.title"), ConsolePages.alerts(v, backend.alerts())));
        });
        r.post("/alerts/ack", ctx -> {
            Officer o = officer(ctx);
            if (allowed(ctx, o, Permission.ACKNOWLEDGE_ALERT, "alert-ack")) {
                respond(ctx, backend.acknowledgeAlert(o, nz(ctx.formParam("alertId")), note(ctx)), "alert-ack");
            }
        });
        r.post("/alerts/close", ctx -> {
            Officer o = officer(ctx);
            String alertId = nz(ctx.formParam("alertId"));
            Alert.Outcome outcome;
            try {
                outcome = Alert.Outcome.valueOf(nz(ctx.formParam("outcome")).toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                respond(ctx, CompletableFuture.completedFuture(Confirmation.refused("alert-close",
                        "outcome: must be RELEASED, DETAINED, SAMPLED or SEIZED", clock.instant())), "alert-close");
                return;
            }
            // The lane the alert has now decides who may release it; an alert the console does not know is judged
            // as RED, the strictest, and the agent refuses it anyway.
            Lane lane = backend.alerts().stream().filter(a -> a.alertId().equals(alertId)).findFirst()
                    .map(a -> a.latest().lane()).orElse(Lane.RED);
            if (allowed(ctx, o, Permission.toClose(outcome, lane), "alert-close")) {
                respond(ctx, backend.closeAlert(o, alertId, outcome, note(ctx)), "alert-close");
            }
        });
        r.get("/devices", ctx -> {
            View v = view(ctx);
            if ("body".equals(ctx.queryParam("fragment"))) {
                html(ctx, ConsolePages.devicesBody(v, backend.devices(), officers.officers()));
                return;
            }
            html(ctx, page(v, "devices", v.m().t("devices.title"),
                    ConsolePages.devices(v, backend.devices(), officers.officers())));
        });
        r.get("/fragments/banner", ctx -> html(ctx, ConsolePages.banner(view(ctx), backend.devices())));
        r.get("/fragments/alert-count", ctx -> html(ctx, ConsolePages.alertCount(view(ctx), openAlerts())));
        r.sse("/events", client -> {
            Sessions.Session s = client.ctx().attribute("session");
            client.keepAlive();
            push.add(new LivePush.Client(client, s.id, new Messages(s.locale, config.zone())));
            client.sendEvent("hello", "{}");
        });
        r.exception(Exception.class, (e, ctx) -> {
            log.error("console: {} {} failed: {}", ctx.method(), ctx.path(), e.toString(), e);
            ctx.status(500).contentType("text/html; charset=utf-8").result(ConsolePages.problem(
                    new Messages(defaultLocale, config.zone()), "500", e.getClass().getSimpleName() + ": " + e.getMessage()));
        });
    }

    // ---- security, for every request ----

    private void guard(Context ctx) {
        ctx.header("Content-Security-Policy", CSP);
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("X-Frame-Options", "DENY");
        ctx.header("Referrer-Policy", "same-origin");
        ctx.header("Cache-Control", "no-store");
        if (config.secure()) {
            ctx.header("Strict-Transport-Security", "max-age=31536000");
        }
        String p = ctx.path();
        if (p.equals("/login") || p.startsWith("/assets/")) {
            return;
        }
        // Health and metrics are read by a supervisor or a scraper: no session, nothing changes (docs/operations.md).
        if (monitoring != null && Monitoring.PATHS.contains(p) && ctx.method().name().equals("GET")) {
            return;
        }
        if (p.equals("/favicon.ico")) {
            ctx.status(303).header("Location", "/assets/favicon.svg");
            ctx.skipRemainingHandlers();
            return;
        }
        Optional<Sessions.Session> session = sessions.find(ctx.cookie(sessionCookie));
        Optional<Officer> officer = session.flatMap(s -> officers.find(s.officerId));
        if (session.isEmpty() || officer.isEmpty()) {
            session.ifPresent(s -> sessions.remove(s.id));
            if (ctx.method().name().equals("GET") && !fetch(ctx) && !p.equals("/events")) {
                ctx.status(303).header("Location", "/login");
            } else {
                ctx.status(401).contentType("text/plain; charset=utf-8").result("log in first");
            }
            ctx.skipRemainingHandlers();
            return;
        }
        if (ctx.method().name().equals("POST")) {
            String token = ctx.header("X-CSRF-Token");
            if (token == null) {
                token = ctx.formParam("csrf");
            }
            if (!LoginForm.sameOrigin(ctx) || !session.get().csrfMatches(token)) {
                log.warn("console: refused a {} to {} without this session's CSRF token or from another site ({})",
                        ctx.method(), p, ctx.header("Origin"));
                ctx.status(403).contentType("text/plain; charset=utf-8")
                        .result("refused: the request did not come from this console's own page");
                ctx.skipRemainingHandlers();
                return;
            }
        }
        ctx.attribute("session", session.get());
        ctx.attribute("officer", officer.get());
    }

    private void loginPage(Context ctx) {
        Locale locale = ctx.queryParam("lang") != null ? Messages.supported(Locale.forLanguageTag(ctx.queryParam("lang")))
                : Messages.fromAcceptLanguage(ctx.header("Accept-Language"), defaultLocale);
        showLogin(ctx, new Messages(locale, config.zone()), null, "", 200);
    }

    private void showLogin(Context ctx, Messages m, String error, String officerId, int status) {
        // One token per browser while its login cookie lives: a second login page (another tab, a reload) must not
        // make the first one's form stale.
        String token = ctx.cookie("touchstone_login");
        if (token == null || !token.matches("[A-Za-z0-9_-]{43}")) {
            token = sessions.token();
        }
        ctx.header("Set-Cookie", cookie("touchstone_login", token, "/login", 900));
        ctx.status(status).contentType("text/html; charset=utf-8").result(ConsolePages.login(m, token, error, officerId));
    }

    private void login(Context ctx) {
        Locale locale = Messages.supported(Locale.forLanguageTag(nz(ctx.formParam("lang"))));
        Messages m = new Messages(locale, config.zone());
        LoginForm.Outcome outcome = LoginForm.check(ctx, "touchstone_login", officers, throttle);
        if (outcome instanceof LoginForm.Outcome.Refused r) {
            log.warn("console: login form refused from {}: {}", ctx.ip(), r.why());
            showLogin(ctx, m, m.t("login.expired"), "", 403);
        } else if (outcome instanceof LoginForm.Outcome.Wait w) {
            showLogin(ctx, m, m.t("login.wait", w.seconds()), nz(ctx.formParam("officer")).strip(), 429);
        } else if (outcome instanceof LoginForm.Outcome.Failed f) {
            log.warn("console: failed login as '{}' from {}", f.shownId(), ctx.ip());
            showLogin(ctx, m, m.t("login.failed"), f.officerId(), 401);
        } else {
            Officer officer = ((LoginForm.Outcome.LoggedIn) outcome).officer();
            Sessions.Session s = sessions.create(officer.id(), locale);
            log.info("console: {} logged in from {}", officer.id(), ctx.ip());
            ctx.header("Set-Cookie", cookie(sessionCookie, s.id, "/", -1));
            redirect(ctx, "/inspections");
        }
    }

    /** A cookie no script can read, sent only to this site, only over TLS when the console has it. */
    private String cookie(String name, String value, String path, int maxAge) {
        return LoginForm.cookie(name, value, path, maxAge, config.secure());
    }

    private boolean allowed(Context ctx, Officer o, Permission p, String command) {
        if (o.may(p)) {
            return true;
        }
        View v = view(ctx);
        String reason = v.m().t("denied", ConsolePages.roles(v.m(), o), v.m().t("permission." + p));
        log.warn("console: {} ({}) may not {}", o.id(), o.roles(), p);
        respond(ctx, 403, Confirmation.refused(command, reason, clock.instant()));
        return false;
    }

    private void respond(Context ctx, CompletableFuture<Confirmation> reply, String command) {
        Confirmation c;
        try {
            c = reply.get(COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            c = Confirmation.refused(command, "the agent did not answer within " + COMMAND_TIMEOUT_SECONDS
                    + " s; look at the journal before trying again", clock.instant());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            c = Confirmation.refused(command, "interrupted", clock.instant());
        } catch (ExecutionException e) {
            c = Confirmation.refused(command, String.valueOf(e.getCause()), clock.instant());
        }
        respond(ctx, c.accepted() ? 200 : 409, c);
    }

    /** A script gets the confirmation itself; a plain form post gets it on the page it came from. */
    private void respond(Context ctx, int status, Confirmation c) {
        String html = ConsolePages.confirmation(view(ctx), c);
        if (fetch(ctx)) {
            ctx.status(status).contentType("text/html; charset=utf-8").result(html);
        } else {
            session(ctx).flash = html;
            redirect(ctx, back(ctx));
        }
    }

    private void evidence(Context ctx, boolean html) {
        String id = ctx.pathParam("id");
        View v = view(ctx);
        com.fasterxml.jackson.databind.node.ObjectNode p;
        try {
            p = backend.evidence(id);
        } catch (IllegalArgumentException e) {
            notFound(ctx, v.m(), e.getMessage());
            return;
        }
        String file = id.replaceAll("[^A-Za-z0-9._-]", "_");
        if (html) {
            // The report is a document of its own: its style is inline, and it has no script at all.
            ctx.header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; img-src data:");
            ctx.header("Content-Disposition", "inline; filename=\"" + file + ".html\"");
            ctx.contentType("text/html; charset=utf-8").result(EvidenceReport.html(p, config.zone()));
        } else {
            ctx.header("Content-Disposition", "attachment; filename=\"" + file + ".json\"");
            ctx.contentType("application/json").result(p.toPrettyString());
        }
    }

    // ---- helpers ----

    private View view(Context ctx) {
        Sessions.Session s = session(ctx);
        return new View(new Messages(s.locale, config.zone()), s, officer(ctx), clock.instant(), backend.postId());
    }

    private static Sessions.Session session(Context ctx) {
        return ctx.attribute("session");
    }

    private static Officer officer(Context ctx) {
        return ctx.attribute("officer");
    }

    private String page(View v, String nav, String title, String body) {
        return ConsolePages.page(v, nav, title, body, backend.devices(), openAlerts());
    }

    private long openAlerts() {
        return backend.alerts().stream().filter(a -> a.latest().closure() == null).count();
    }

    private static void html(Context ctx, String html) {
        ctx.contentType("text/html; charset=utf-8").result(html);
    }

    private void notFound(Context ctx, Messages m, String text) {
        ctx.status(404).contentType("text/html; charset=utf-8").result(ConsolePages.problem(m, "404", text));
    }

    private static void redirect(Context ctx, String to) {
        ctx.status(303).header("Location", to);
    }

    private static boolean fetch(Context ctx) {
        return "fetch".equals(ctx.header("X-Requested-With"));
    }

    private static String note(Context ctx) {
        String n = nz(ctx.formParam("note")).strip();
        return n.length() > 500 ? n.substring(0, 500) : n;
    }

    /** Where a form returns: a path of this console (never another site), from the form or the referring page. */
    private static String back(Context ctx) {
        String b = ctx.formParam("back");
        if (b == null) {
            String ref = ctx.header("Referer");
            if (ref != null) {
                try {
                    URI u = URI.create(ref);
                    b = u.getRawPath() + (u.getRawQuery() == null ? "" : "?" + u.getRawQuery());
                } catch (IllegalArgumentException e) {
                    b = null;
                }
            }
        }
        return b != null && b.startsWith("/") && !b.startsWith("//") && !b.contains("\\") ? b : "/inspections";
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    @Override
    public void close() {
        push.close();
        app.stop();
    }

    /** Each configured scale's minimum load, for the bench's empty-pan display. */
    public static Map<String, Double> minimumLoads(List<org.touchstone.agent.config.ScaleConfig> scales) {
        Map<String, Double> out = new HashMap<>();
        scales.forEach(s -> out.put(s.id(), s.metrology().minimumLoadGrams()));
        return out;
    }
}
