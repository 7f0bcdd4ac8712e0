package org.touchstone.console;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.touchstone.agent.journal.RecordType;
import org.touchstone.agent.config.ConsoleConfig;

/**
 * The console's security, over plain HTTP against a real agent: who may do what is decided on the server, per
 * action; the officer recorded is the session's whatever the request says; requests without the session's CSRF
 * token or from another site are refused; cookies are HttpOnly and SameSite=Strict; guessing passwords is slowed.
 */
class ConsoleSecurityIT {

    @TempDir
    Path dir;

    private ConsolePost post;
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5)).build();

    /** One officer's browser: its cookies and the CSRF token of its pages. */
    private final class Browser {
        final Map<String, String> cookies = new LinkedHashMap<>();
        String csrf;

        HttpResponse<String> get(String path) throws Exception {
            HttpResponse<String> r = http.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString());
            keep(r);
            Matcher m = Pattern.compile("data-csrf=\"([^\"]+)\"").matcher(r.body());
            if (m.find()) {
                csrf = m.group(1);
            }
            return r;
        }

        HttpResponse<String> post(String path, Map<String, String> form, String... headers) throws Exception {
            String body = form.entrySet().stream().map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
                    .collect(Collectors.joining("&"));
            HttpRequest.Builder b = request(path).header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(body));
            for (int i = 0; i < headers.length; i += 2) {
                b.header(headers[i], headers[i + 1]);
            }
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            keep(r);
            return r;
        }

        HttpRequest.Builder request(String path) {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(post.base() + path)).timeout(Duration.ofSeconds(20));
            if (!cookies.isEmpty()) {
                b.header("Cookie", cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                        .collect(Collectors.joining("; ")));
            }
            return b;
        }

        void keep(HttpResponse<String> r) {
            for (String c : r.headers().allValues("Set-Cookie")) {
                String pair = c.split(";", 2)[0];
                cookies.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
            }
        }

        HttpResponse<String> login(String officer, String password) throws Exception {
            String page = get("/login").body();
            Matcher m = Pattern.compile("name=\"login\" value=\"([^\"]+)\"").matcher(page);
            assertTrue(m.find(), page);
            HttpResponse<String> r = post("/login", Map.of("login", m.group(1), "lang", "en", "officer", officer,
                    "password", password));
            if (r.statusCode() == 303) {
                get("/inspections");
            }
            return r;
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @BeforeEach
    void start() throws Exception {
        post = new ConsolePost(dir, ConsoleConfig.local(0), false);
        // Jewellery declared under 7108 (unwrought gold) is RED from the declaration alone: an alert, no instruments.
        Path declaration = dir.resolve("red.json");
        Files.writeString(declaration, """
                {"declarationId": "SEC-1", "declarant": "X", "exporter": "Y", "originCountry": "ML",
                 "items": [{"itemId": "1", "hsCode": "7108.12", "description": "chains", "form": "jewellery",
                            "metal": "Au", "fineness": "18K", "pieces": 3, "netMass": {"value": 50.0, "unit": "g"}}]}
                """);
        post.agent.submitDeclaration(declaration).get();
    }

    @AfterEach
    void stop() {
        if (post != null) {
            post.close();
        }
    }

    private String alertId() {
        return post.postId + ":SEC-1";
    }

    private void awaitAlert(Browser b) {
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> b.get("/alerts").body()
                .contains("data-alert=\"" + alertId() + "\""));
    }

    @Test
    void sessionCookie_isHttpOnlyAndStrict_andAnonymousRequestsAreSentToLogin() throws Exception {
        Browser b = new Browser();
        HttpResponse<String> page = b.get("/inspections");
        assertEquals(303, page.statusCode());
        assertEquals("/login", page.headers().firstValue("Location").orElse(""));
        assertEquals(401, b.get("/events").statusCode(), "no live updates without a login");
        assertEquals(401, b.post("/alerts/ack", Map.of("alertId", alertId())).statusCode());

        HttpResponse<String> ok = b.login("ana", ConsolePost.PASSWORD);
        assertEquals(303, ok.statusCode());
        String cookie = ok.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("touchstone_session="))
                .findFirst().orElseThrow();
        assertTrue(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"), cookie);
        assertFalse(cookie.contains("Secure"), "plain HTTP on 127.0.0.1: a Secure cookie would never come back");
        HttpResponse<String> inspections = b.get("/inspections");
        assertEquals(200, inspections.statusCode());
        assertTrue(inspections.headers().firstValue("Content-Security-Policy").orElse("").contains("script-src 'self'"));
        assertEquals("DENY", inspections.headers().firstValue("X-Frame-Options").orElse(""));

        assertEquals(303, b.post("/logout", Map.of("csrf", b.csrf)).statusCode());
        assertEquals(303, b.get("/inspections").statusCode(), "the session ends at logout");
    }

    @Test
    void postsWithoutTheSessionsTokenOrFromAnotherSite_areRefused_andChangeNothing() throws Exception {
        Browser b = new Browser();
        b.login("ana", ConsolePost.PASSWORD);
        awaitAlert(b);
        assertEquals(403, b.post("/alerts/ack", Map.of("alertId", alertId())).statusCode(), "no token");
        assertEquals(403, b.post("/alerts/ack", Map.of("alertId", alertId(), "csrf", "guessed")).statusCode());
        assertEquals(403, b.post("/alerts/ack", Map.of("alertId", alertId(), "csrf", b.csrf),
                "Origin", "http://evil.example").statusCode(), "another site's page");
        assertEquals(403, b.post("/alerts/ack", Map.of("alertId", alertId(), "csrf", b.csrf),
                "Sec-Fetch-Site", "cross-site").statusCode());
        assertTrue(b.get("/alerts").body().contains("state-RAISED"), "the alert was not acknowledged");
    }

    @Test
    void theOfficerRecordedIsTheSessions_whateverTheRequestSays() throws Exception {
        Browser b = new Browser();
        b.login("ana", ConsolePost.PASSWORD);
        awaitAlert(b);
        HttpResponse<String> r = b.post("/alerts/ack", Map.of("alertId", alertId(), "csrf", b.csrf, "note", "n",
                "by", "mallory", "officer", "mallory", "officerId", "mallory"), "X-Requested-With", "fetch");
        assertEquals(200, r.statusCode(), r.body());
        Matcher seq = Pattern.compile("data-seq=\"(\\d+)\"").matcher(r.body());
        assertTrue(seq.find(), r.body());
        JsonNode record = post.journalRecord(Long.parseLong(seq.group(1)), RecordType.ALERT);
        assertEquals("ana", record.path("acknowledgement").path("by").asText());
    }

    @Test
    void permissionsAreCheckedOnTheServer_perAction() throws Exception {
        Browser ana = new Browser();
        ana.login("ana", ConsolePost.PASSWORD);
        awaitAlert(ana);
        HttpResponse<String> seize = ana.post("/alerts/close", Map.of("alertId", alertId(), "csrf", ana.csrf,
                "outcome", "SEIZED"), "X-Requested-With", "fetch");
        assertEquals(403, seize.statusCode());
        assertTrue(seize.body().contains("Your role (inspector) does not allow this"), seize.body());
        assertEquals(403, ana.post("/alerts/close", Map.of("alertId", alertId(), "csrf", ana.csrf, "outcome", "RELEASED"),
                "X-Requested-With", "fetch").statusCode(), "releasing a RED is a supervisor's call");

        Browser tess = new Browser();
        tess.login("tess", ConsolePost.PASSWORD);
        assertEquals(403, tess.post("/alerts/ack", Map.of("alertId", alertId(), "csrf", tess.csrf),
                "X-Requested-With", "fetch").statusCode(), "a technician does nothing on alerts");
        assertEquals(403, tess.post("/bench/select", Map.of("declarationId", "SEC-1", "itemId", "1", "medium", "AIR",
                "csrf", tess.csrf), "X-Requested-With", "fetch").statusCode());

        Browser sam = new Browser();
        sam.login("sam", ConsolePost.PASSWORD);
        HttpResponse<String> seized = sam.post("/alerts/close", Map.of("alertId", alertId(), "csrf", sam.csrf,
                "outcome", "SEIZED", "note", "seal 7"), "X-Requested-With", "fetch");
        assertEquals(200, seized.statusCode(), seized.body());
        Matcher seq = Pattern.compile("data-seq=\"(\\d+)\"").matcher(seized.body());
        assertTrue(seq.find());
        JsonNode record = post.journalRecord(Long.parseLong(seq.group(1)), RecordType.ALERT);
        assertEquals("SEIZED", record.path("closure").path("outcome").asText());
        assertEquals("sam", record.path("closure").path("by").asText());

        HttpResponse<String> again = sam.post("/alerts/close", Map.of("alertId", alertId(), "csrf", sam.csrf,
                "outcome", "RELEASED"), "X-Requested-With", "fetch");
        assertEquals(409, again.statusCode(), "the agent refuses, and the page says why");
        assertTrue(again.body().contains("is closed (SEIZED)"), again.body());
    }

    @Test
    void anOversizedBody_isRefused413_aBidiNoteIsRefusedWithItsReason_andTheOfficerCanStillAct() throws Exception {
        Browser b = new Browser();
        b.login("ana", ConsolePost.PASSWORD);
        awaitAlert(b);
        HttpResponse<String> big = b.post("/alerts/ack", Map.of("alertId", alertId(), "csrf", b.csrf,
                "note", "n".repeat(200 * 1024)), "X-Requested-With", "fetch");
        assertEquals(413, big.statusCode(), "over the console's 64 KiB request limit");
        HttpResponse<String> bidi = b.post("/alerts/ack", Map.of("alertId", alertId(), "csrf", b.csrf,
                "note", "seen \u202Edesab"), "X-Requested-With", "fetch");
        assertEquals(409, bidi.statusCode(), bidi.body());
        assertTrue(bidi.body().contains("note: contains the control character U+202E"), bidi.body());
        HttpResponse<String> ok = b.post("/alerts/ack", Map.of("alertId", alertId(), "csrf", b.csrf, "note",
                "seen at the bench"), "X-Requested-With", "fetch");
        assertEquals(200, ok.statusCode(), ok.body());
    }

    @Test
    void guessingPasswordsIsSlowed_evenTheRightPasswordWaits() throws Exception {
        Browser b = new Browser();
        for (int i = 0; i < 5; i++) {
            assertEquals(401, b.login("ana", "wrong guess " + i).statusCode());
        }
        HttpResponse<String> locked = b.login("ana", ConsolePost.PASSWORD);
        assertEquals(429, locked.statusCode());
        assertTrue(locked.body().contains("Too many failed logins"), locked.body());
    }
}
