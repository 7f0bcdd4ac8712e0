package org.touchstone.agent.console;

import static org.touchstone.agent.console.Html.esc;
import static org.touchstone.agent.console.Html.path;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.touchstone.agent.alert.Alert;
import org.touchstone.agent.assessment.Finding;
import org.touchstone.agent.assessment.FinenessResult;
import org.touchstone.agent.assessment.ItemAssessment;
import org.touchstone.agent.assessment.Lane;
import org.touchstone.agent.assessment.MassResult;
import org.touchstone.agent.assessment.Verdict;
import org.touchstone.agent.calibration.CalibrationRecord;
import org.touchstone.agent.calibration.ControlChart;
import org.touchstone.agent.calibration.DeviceTrust;
import org.touchstone.agent.calibration.ScaleVerificationRecord;
import org.touchstone.agent.calibration.TrustState;
import org.touchstone.agent.console.ConsoleBackend.AlertLife;
import org.touchstone.agent.console.ConsoleBackend.Bench;
import org.touchstone.agent.console.ConsoleBackend.Confirmation;
import org.touchstone.agent.console.ConsoleBackend.DeviceView;
import org.touchstone.agent.console.ConsoleBackend.InspectionDetail;
import org.touchstone.agent.console.ConsoleBackend.InspectionSummary;
import org.touchstone.agent.console.ConsoleBackend.ScaleNow;
import org.touchstone.agent.console.ConsoleBackend.SelectionEntry;
import org.touchstone.agent.console.ConsoleBackend.ShotEntry;
import org.touchstone.agent.console.ConsoleBackend.WeighingEntry;
import org.touchstone.agent.declaration.DeclaredItem;
import org.touchstone.agent.security.Officer;
import org.touchstone.agent.security.Permission;
import org.touchstone.agent.security.Role;
import org.touchstone.drivers.reading.ElementResult;
import org.touchstone.drivers.reading.WeightReading;
import org.touchstone.drivers.reading.XrfReading;

/**
 * The console's pages, rendered on the server in the officer's language. Each page is made of regions; a region
 * names the topics it shows ({@code data-live}), and the page's script fetches it again, alone, when the server
 * says one of them changed. Every form carries the session's CSRF token; the server checks it and the officer's
 * permission again, whatever the page showed.
 */
final class ConsolePages {

    /** What every page is drawn for: the officer, in a language, at a moment. */
    record View(Messages m, Sessions.Session session, Officer officer, Instant now, String postId) {
        boolean may(Permission p) {
            return officer.may(p);
        }
    }

    private ConsolePages() {
    }

    // ---- layout ----

    static String page(View v, String nav, String title, String body, List<DeviceView> devices, long openAlerts) {
        Messages m = v.m();
        StringBuilder h = new StringBuilder(8192);
        h.append("<!DOCTYPE html><html lang=\"").append(m.language()).append("\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>")
                .append(esc(title)).append(" · Touchstone</title>")
                .append("<link rel=\"stylesheet\" href=\"/assets/console.css\"><link rel=\"icon\" href=\"/assets/favicon.svg\">")
                .append("<script src=\"/assets/console.js\" defer></script></head>");
        h.append("<body data-csrf=\"").append(esc(v.session().csrf)).append("\" data-connecting=\"")
                .append(esc(m.t("live.connecting"))).append("\" data-connected=\"").append(esc(m.t("live.connected")))
                .append("\" data-lost=\"").append(esc(m.t("live.lost"))).append("\">");
        h.append("<header class=\"top\"><a class=\"brand\" href=\"/inspections\">Touchstone</a><span class=\"post\">")
                .append(esc(m.t("post", v.postId()))).append("</span><nav>");
        navLink(h, "/inspections", m.t("nav.inspections"), nav.equals("inspections"));
        navLink(h, "/bench", m.t("nav.bench"), nav.equals("bench"));
        h.append("<a href=\"/alerts\"").append(nav.equals("alerts") ? " aria-current=\"page\"" : "").append(">")
                .append(esc(m.t("nav.alerts"))).append(" <span class=\"count\" id=\"alert-count\" data-live=\"alerts\""
                        + " data-src=\"/fragments/alert-count\">").append(alertCount(v, openAlerts)).append("</span></a>");
        navLink(h, "/devices", m.t("nav.devices"), nav.equals("devices"));
        h.append("</nav><div class=\"who\"><span class=\"officer\" id=\"officer\">").append(esc(v.officer().name()))
                .append(" · ").append(esc(roles(m, v.officer()))).append("</span>");
        h.append("<form method=\"post\" action=\"/language\" class=\"lang\">").append(csrf(v));
        for (Locale l : Messages.LOCALES) {
            h.append("<button type=\"submit\" name=\"lang\" value=\"").append(l.getLanguage()).append("\" lang=\"")
                    .append(l.getLanguage()).append("\"").append(l.equals(m.locale()) ? " aria-pressed=\"true\"" : "")
                    .append(">").append(esc(l.getDisplayLanguage(l))).append("</button>");
        }
        h.append("</form><form method=\"post\" action=\"/logout\">").append(csrf(v))
                .append("<button type=\"submit\" class=\"logout\">").append(esc(m.t("logout"))).append("</button></form>")
                .append("</div></header>");
        h.append("<div id=\"live-status\" class=\"live-status\" role=\"status\">").append(esc(m.t("live.connecting")))
                .append("</div>");
        h.append("<div id=\"banner\" data-live=\"devices\" data-src=\"/fragments/banner\">").append(banner(v, devices))
                .append("</div>");
        h.append("<div id=\"confirmations\" aria-live=\"polite\">");
        String flash = v.session().takeFlash();
        if (flash != null) {
            h.append(flash);
        }
        h.append("</div><main>").append(body).append("</main></body></html>");
        return h.toString();
    }

    static String alertCount(View v, long open) {
        return open == 0 ? "" : esc(v.m().t("alerts.open.count", open));
    }

    private static void navLink(StringBuilder h, String href, String label, boolean current) {
        h.append("<a href=\"").append(href).append("\"").append(current ? " aria-current=\"page\"" : "").append(">")
                .append(esc(label)).append("</a>");
    }

    static String roles(Messages m, Officer o) {
        return o.roles().stream().sorted().map(r -> m.t("role." + r.text())).collect(Collectors.joining(", "));
    }

    static String csrf(View v) {
        return "<input type=\"hidden\" name=\"csrf\" value=\"" + esc(v.session().csrf) + "\">";
    }

    /** A banner for every device that is not trusted: its readings keep an inspection from GREEN. */
    static String banner(View v, List<DeviceView> devices) {
        Messages m = v.m();
        StringBuilder h = new StringBuilder();
        for (DeviceView d : devices) {
            if (d.trust() == null || d.trust().trusted()) {
                continue;
            }
            h.append("<div class=\"banner trust-").append(d.trust().state()).append("\" role=\"alert\" data-device=\"")
                    .append(esc(d.id())).append("\"><b>").append(esc(d.id())).append(": ")
                    .append(esc(trustLabel(m, d.trust().state()))).append("</b> — ").append(esc(d.trust().reason()))
                    .append(". ").append(esc(m.t("banner.consequence"))).append(" <a href=\"/devices#device-")
                    .append(esc(d.id())).append("\">").append(esc(m.t("banner.see"))).append("</a></div>");
        }
        return h.toString();
    }

    static String lane(Messages m, Lane lane) {
        Lane l = lane == null ? Lane.PENDING : lane;
        return "<span class=\"lane lane-" + l + "\">" + esc(m.t("lane." + l)) + "</span>";
    }

    static String trustLabel(Messages m, TrustState s) {
        return m.t("trust." + s);
    }

    static String trust(Messages m, DeviceTrust t) {
        if (t == null) {
            return "";
        }
        return "<span class=\"trust trust-" + t.state() + "\" title=\"" + esc(t.reason()) + "\">"
                + esc(trustLabel(m, t.state())) + "</span>";
    }

    // ---- login ----

    static String login(Messages m, String loginToken, String error, String officerId) {
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html><html lang=\"").append(m.language()).append("\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>")
                .append(esc(m.t("login.title"))).append(" · Touchstone</title>")
                .append("<link rel=\"stylesheet\" href=\"/assets/console.css\"></head><body class=\"login\">");
        h.append("<main class=\"login\"><h1>Touchstone</h1><p class=\"lede\">").append(esc(m.t("login.lede")))
                .append("</p>");
        if (error != null) {
            h.append("<p class=\"error\" role=\"alert\" id=\"login-error\">").append(esc(error)).append("</p>");
        }
        h.append("<form method=\"post\" action=\"/login\" class=\"login\"><input type=\"hidden\" name=\"login\" value=\"")
                .append(esc(loginToken)).append("\"><input type=\"hidden\" name=\"lang\" value=\"").append(m.language())
                .append("\"><label>").append(esc(m.t("login.officer"))).append(" <input name=\"officer\" id=\"officer\""
                        + " autocomplete=\"username\" required maxlength=\"64\" value=\"").append(esc(officerId))
                .append("\"></label><label>").append(esc(m.t("login.password")))
                .append(" <input type=\"password\" name=\"password\" id=\"password\" autocomplete=\"current-password\""
                        + " required maxlength=\"1024\"></label><button type=\"submit\" id=\"login-button\">")
                .append(esc(m.t("login.submit"))).append("</button></form><p class=\"langs\">");
        for (Locale l : Messages.LOCALES) {
            h.append("<a href=\"/login?lang=").append(l.getLanguage()).append("\" lang=\"").append(l.getLanguage())
                    .append("\"").append(l.equals(m.locale()) ? " aria-current=\"true\"" : "").append(">")
                    .append(esc(l.getDisplayLanguage(l))).append("</a> ");
        }
        return h.append("</p></main></body></html>").toString();
    }

    // ---- inspections ----

    /** The list's filter, from the query string. */
    record Filter(String q, String lane, String state, String alert) {
        Filter {
            q = q == null ? "" : q.strip();
            lane = lane == null ? "" : lane;
            state = state == null ? "" : state;
            alert = alert == null ? "" : alert;
        }

        boolean matches(InspectionSummary s) {
            if (!q.isEmpty()) {
                String needle = q.toLowerCase(Locale.ROOT);
                boolean any = false;
                for (String f : new String[] {s.declarationId(), s.declarant(), s.exporter(), s.originCountry()}) {
                    any |= f != null && f.toLowerCase(Locale.ROOT).contains(needle);
                }
                if (!any) {
                    return false;
                }
            }
            if (!lane.isEmpty() && !lane.equals(String.valueOf(s.lane() == null ? Lane.PENDING : s.lane()))) {
                return false;
            }
            if (state.equals("open") && !s.open() || state.equals("closed") && s.open()) {
                return false;
            }
            boolean alertOpen = s.alert() != null && s.alert().closure() == null;
            return !(alert.equals("open") && !alertOpen || alert.equals("none") && s.alert() != null);
        }

        String query() {
            return "q=" + enc(q) + "&lane=" + enc(lane) + "&state=" + enc(state) + "&alert=" + enc(alert);
        }

        private static String enc(String s) {
            return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    static String inspections(View v, List<InspectionSummary> all, Filter filter) {
        Messages m = v.m();
        StringBuilder h = new StringBuilder();
        h.append("<h1>").append(esc(m.t("inspections.title"))).append("</h1>");
        h.append("<form class=\"filters\" method=\"get\" action=\"/inspections\" id=\"filters\"><input type=\"search\""
                + " name=\"q\" id=\"search\" value=\"").append(esc(filter.q())).append("\" placeholder=\"")
                .append(esc(m.t("inspections.search"))).append("\" aria-label=\"").append(esc(m.t("inspections.search")))
                .append("\">");
        select(h, "lane", m.t("inspections.lane"), filter.lane(), new LinkedHashMap<>(Map.of()), m, List.of(
                "", m.t("filter.any"), "PENDING", m.t("lane.PENDING"), "GREEN", m.t("lane.GREEN"), "YELLOW",
                m.t("lane.YELLOW"), "RED", m.t("lane.RED")));
        select(h, "state", m.t("inspections.state"), filter.state(), null, m, List.of("", m.t("filter.openAndRecent"),
                "open", m.t("filter.open"), "closed", m.t("filter.closed")));
        select(h, "alert", m.t("inspections.alert"), filter.alert(), null, m, List.of("", m.t("filter.any"), "open",
                m.t("filter.alertOpen"), "none", m.t("filter.noAlert")));
        h.append("<button type=\"submit\">").append(esc(m.t("filter.apply"))).append("</button></form>");
        h.append("<div id=\"inspections-table\" data-live=\"inspections\" data-fragment=\"table\">")
                .append(inspectionsTable(v, all, filter)).append("</div>");
        return h.toString();
    }

    private static void select(StringBuilder h, String name, String label, String current, Map<String, String> unused,
                               Messages m, List<String> valuesAndLabels) {
        h.append("<label>").append(esc(label)).append(" <select name=\"").append(name).append("\">");
        for (int i = 0; i < valuesAndLabels.size(); i += 2) {
            String value = valuesAndLabels.get(i);
            h.append("<option value=\"").append(esc(value)).append("\"").append(value.equals(current) ? " selected" : "")
                    .append(">").append(esc(valuesAndLabels.get(i + 1))).append("</option>");
        }
        h.append("</select></label>");
    }

    static String inspectionsTable(View v, List<InspectionSummary> all, Filter filter) {
        Messages m = v.m();
        List<InspectionSummary> shown = all.stream().filter(filter::matches).toList();
        StringBuilder h = new StringBuilder();
        if (shown.isEmpty()) {
            return "<p class=\"empty\">" + esc(all.isEmpty() ? m.t("inspections.none") : m.t("inspections.noMatch"))
                    + "</p>";
        }
        h.append("<table class=\"list\" id=\"inspections\"><thead><tr>");
        for (String k : new String[] {"declaration", "lane", "declarant", "origin", "items", "opened", "age", "alert",
                "state"}) {
            h.append("<th>").append(esc(m.t("col." + k))).append("</th>");
        }
        h.append("</tr></thead><tbody>");
        for (InspectionSummary s : shown) {
            h.append("<tr data-id=\"").append(esc(s.declarationId())).append("\" class=\"").append(s.open() ? "open" : "closed")
                    .append("\"><td><a href=\"/inspections/").append(path(s.declarationId())).append("\">")
                    .append(esc(s.declarationId())).append("</a></td><td class=\"lane-cell\">").append(lane(m, s.lane()))
                    .append(s.complete() || s.lane() == Lane.RED || s.lane() == Lane.YELLOW ? ""
                            : " <small>" + esc(m.t("inspections.measuring")) + "</small>")
                    .append("</td><td>").append(esc(s.declarant())).append("</td><td>").append(esc(s.originCountry()))
                    .append("</td><td class=\"num\">").append(s.items()).append("</td><td>")
                    .append(esc(m.when(s.openedAt(), v.now()))).append("</td><td>")
                    .append(esc(s.open() ? m.age(s.openedAt(), v.now()) : "")).append("</td><td>")
                    .append(alertState(m, s.alert())).append("</td><td>")
                    .append(esc(s.open() ? m.t("state.open") : m.t("state.closed", m.when(s.closedAt(), v.now()),
                            Objects.toString(s.closedBy(), "?")))).append("</td></tr>");
        }
        return h.append("</tbody></table>").toString();
    }

    static String alertState(Messages m, Alert a) {
        if (a == null) {
            return "<span class=\"muted\">" + esc(m.t("alert.none")) + "</span>";
        }
        String text = a.closure() != null ? m.t("outcome." + a.closure().outcome()) : m.t("alertState." + a.state());
        return "<span class=\"alert-state state-" + esc(a.state()) + "\">" + esc(text) + "</span>";
    }

    static String inspection(View v, InspectionDetail d) {
        Messages m = v.m();
        String id = d.summary().declarationId();
        return "<h1>" + esc(m.t("inspection.title", id)) + "</h1><div id=\"inspection\" data-live=\"inspection:"
                + esc(id) + " devices\" data-fragment=\"body\">" + inspectionBody(v, d) + "</div>";
    }

    static String inspectionBody(View v, InspectionDetail d) {
        Messages m = v.m();
        InspectionSummary s = d.summary();
        Verdict verdict = d.verdict();
        String id = s.declarationId();
        StringBuilder h = new StringBuilder();
        h.append("<div class=\"headline\"><span id=\"lane\">").append(lane(m, verdict == null ? s.lane() : verdict.lane()))
                .append("</span> <span class=\"completeness\">")
                .append(esc(verdict != null && verdict.complete() ? m.t("inspection.complete") : m.t("inspection.measuring")))
                .append("</span></div>");
        h.append("<p class=\"meta\">").append(esc(m.t("inspection.meta", nz(d.declaration().declarant()),
                nz(d.declaration().exporter()), nz(d.declaration().originCountry()), m.dateTime(s.openedAt()))));
        if (s.open()) {
            h.append(" · ").append(esc(m.t("inspection.openFor", m.age(s.openedAt(), v.now()))));
        } else if (d.closure() != null) {
            h.append(" · <span class=\"closed\" id=\"closure\">").append(esc(m.t("inspection.closedBy",
                    nz(d.closure().officer() != null ? d.closure().officer() : d.closure().source()),
                    m.dateTime(d.closure().at())))).append(d.closure().seq() > 0 ? " " + esc(m.t("journal.record",
                    d.closure().seq())) : "").append("</span>");
        } else {
            h.append(" · ").append(esc(m.t("state.closed", m.when(s.closedAt(), v.now()), nz(s.closedBy()))));
        }
        h.append("</p><div class=\"actions\"><a class=\"button\" id=\"evidence-json\" href=\"/inspections/").append(path(id))
                .append("/evidence.json\" download>").append(esc(m.t("evidence.json"))).append("</a> <a class=\"button\""
                        + " id=\"evidence-html\" href=\"/inspections/").append(path(id)).append("/evidence.html\" target=\"_blank\">")
                .append(esc(m.t("evidence.html"))).append("</a>");
        if (s.open() && v.may(Permission.CLOSE_INSPECTION)) {
            h.append(" <form method=\"post\" action=\"/inspections/").append(path(id)).append("/close\" class=\"command\""
                    + " data-confirm=\"").append(esc(m.t("inspection.close.confirm"))).append("\">").append(csrf(v))
                    .append("<button type=\"submit\" id=\"close-inspection\">").append(esc(m.t("inspection.close")))
                    .append("</button></form>");
        }
        h.append("</div>");
        // Findings first: what an inspector reads aloud.
        h.append("<section class=\"findings\"><h2>").append(esc(m.t("findings.title"))).append("</h2>");
        if (verdict == null || verdict.findings().isEmpty()) {
            h.append("<p class=\"empty\">").append(esc(m.t("findings.none"))).append("</p>");
        } else {
            h.append("<ul id=\"findings\">");
            for (Finding f : verdict.findings()) {
                h.append("<li class=\"finding sev-").append(f.severity()).append("\" data-code=\"").append(f.code())
                        .append("\">").append(lane(m, f.severity())).append(" <b>")
                        .append(esc(m.tOr("finding." + f.code(), f.code().name()))).append("</b> ")
                        .append(esc(m.t("finding.item", f.itemId()))).append(": ").append(esc(f.message()))
                        .append("</li>");
            }
            h.append("</ul>");
        }
        h.append("</section><section class=\"items\">");
        Map<String, ItemAssessment> assessed = new LinkedHashMap<>();
        if (verdict != null) {
            verdict.items().forEach(i -> assessed.put(i.itemId(), i));
        }
        for (DeclaredItem item : d.declaration().items()) {
            h.append(item(v, d, item, assessed.get(item.itemId())));
        }
        h.append("</section>");
        if (verdict != null && !verdict.notTested().isEmpty()) {
            h.append("<section class=\"not-tested\"><h2>").append(esc(m.t("notTested.title"))).append("</h2><ul>");
            verdict.notTested().forEach(n -> h.append("<li>").append(esc(n)).append("</li>"));
            h.append("</ul></section>");
        }
        h.append("<section class=\"selections\"><h2>").append(esc(m.t("selections.title"))).append("</h2>");
        if (d.selections().isEmpty()) {
            h.append("<p class=\"empty\">").append(esc(m.t("selections.none"))).append("</p>");
        } else {
            h.append("<table class=\"list\"><thead><tr><th>").append(esc(m.t("col.when"))).append("</th><th>")
                    .append(esc(m.t("col.item"))).append("</th><th>").append(esc(m.t("col.medium"))).append("</th><th>")
                    .append(esc(m.t("col.by"))).append("</th><th>").append(esc(m.t("col.journal"))).append("</th></tr></thead><tbody>");
            for (SelectionEntry e : d.selections()) {
                h.append("<tr><td>").append(esc(m.dateTime(e.at()))).append("</td><td>").append(esc(e.itemId()))
                        .append("</td><td>").append(esc(m.t("medium." + e.medium()))).append("</td><td>")
                        .append(esc(e.officer() != null ? e.officer() : e.source())).append("</td><td>")
                        .append(e.seq() > 0 ? "#" + e.seq() : "").append("</td></tr>");
            }
            h.append("</tbody></table>");
        }
        h.append("</section>");
        if (!d.alertLife().isEmpty()) {
            h.append("<section class=\"alert-life\"><h2>").append(esc(m.t("alertLife.title"))).append("</h2>")
                    .append(alertLifeTable(v, d.alertLife())).append("<p><a href=\"/alerts\">")
                    .append(esc(m.t("alertLife.manage"))).append("</a></p></section>");
        }
        return h.toString();
    }

    private static String item(View v, InspectionDetail d, DeclaredItem item, ItemAssessment a) {
        Messages m = v.m();
        String id = d.summary().declarationId();
        boolean onBench = false;
        StringBuilder h = new StringBuilder();
        h.append("<article class=\"item\" id=\"item-").append(esc(item.itemId())).append("\"><h3>")
                .append(esc(m.t("item.title", item.itemId(), nz(item.description())))).append(" <small>HS ")
                .append(esc(item.hsCode())).append("</small></h3>");
        h.append("<p class=\"declared\">").append(esc(m.t("item.declared", m.tOr("form." + item.form().name(),
                item.form().text()), item.metal() == null ? item.bodyInWords() : item.metal().symbol(), fineness(item),
                item.pieces(),
                m.decimal(item.netMass().value()) + " " + item.netMass().unit().symbol()))).append("</p>");
        MassResult mass = a == null ? null : a.mass();
        h.append("<div class=\"measure mass\"><h4>").append(esc(m.t("mass.title"))).append("</h4>");
        if (mass == null) {
            h.append("<p class=\"empty\">").append(esc(m.t("mass.none"))).append("</p>");
        } else {
            boolean ok = !mass.discrepant();
            h.append(Charts.measureBar(m, mass.measuredGrams(), mass.measuredGrams() - mass.allowedGrams(),
                    mass.measuredGrams() + mass.allowedGrams(), mass.declaredGrams(), Double.NaN, ok, 2, "g",
                    m.t("mass.title"), Double.POSITIVE_INFINITY));
            h.append("<p class=\"figures\">").append(esc(m.t("mass.figures", m.number(mass.measuredGrams(), 2),
                    m.number(mass.allowedGrams(), 2), m.number(mass.declaredGrams(), 2),
                    m.number(mass.deviationGrams(), 2)))).append("<br><small>")
                    .append(esc(m.t("mass.allowance", m.number(mass.scaleMpeGrams() + mass.declarantScaleGrams(), 2),
                            m.number(mass.deviationGrams() > 0 ? mass.roundingAboveGrams() : mass.roundingBelowGrams(), 2),
                            m.number(mass.toleranceGrams(), 2)))).append("</small></p>");
        }
        h.append("</div>");
        FinenessResult fin = a == null ? null : a.fineness();
        h.append("<div class=\"measure fineness\"><h4>").append(esc(m.t("fineness.title",
                        item.metal() == null ? "Au/Ag/Pt" : item.metal().symbol())))
                .append("</h4>");
        if (fin == null) {
            h.append("<p class=\"empty\">").append(esc(m.t("fineness.none", a == null ? 0 : a.xrfShots()))).append("</p>");
        } else {
            h.append(Charts.measureBar(m, fin.meanPercent(), fin.lowerBoundPercent(), fin.upperBoundPercent(),
                    fin.declaredPercent(), fin.thresholdPercent(), !fin.belowDeclared(), 2, "%",
                    m.t("fineness.title", fin.metal()), 100));
            h.append("<p class=\"figures\">").append(esc(m.t("fineness.figures", m.number(fin.meanPercent(), 3),
                    m.number(fin.standardUncertainty(), 3), fin.shots(), m.number(fin.upperBoundPercent(), 3),
                    m.number(fin.confidence() * 100, 0), m.number(fin.declaredPercent(), 2))))
                    .append(fin.belowDeclared() ? " <b class=\"bad\">" + esc(m.t("fineness.below")) + "</b>" : "")
                    .append("</p>");
        }
        h.append("</div>");
        if (a != null && !a.complete()) {
            h.append("<p class=\"missing\">").append(esc(m.t("item.missing", String.join("; ", a.missing()))))
                    .append("</p>");
        }
        if (d.summary().open() && v.may(Permission.SELECT_ITEM)) {
            h.append("<div class=\"select\">").append(selectButtons(v, id, item.itemId())).append("</div>");
        }
        List<WeighingEntry> ws = d.weighings().stream().filter(w -> w.itemId().equals(item.itemId())).toList();
        h.append("<details class=\"readings\"").append(ws.isEmpty() ? "" : " open").append("><summary>")
                .append(esc(m.t("weighings.title", ws.size()))).append("</summary>");
        if (!ws.isEmpty()) {
            h.append("<table class=\"list\"><thead><tr><th>#</th><th>").append(esc(m.t("col.scale"))).append("</th><th>")
                    .append(esc(m.t("col.value"))).append("</th><th>").append(esc(m.t("col.medium"))).append("</th><th>")
                    .append(esc(m.t("col.received"))).append("</th><th>").append(esc(m.t("col.trust"))).append("</th><th>")
                    .append(esc(m.t("col.raw"))).append("</th></tr></thead><tbody>");
            for (WeighingEntry w : ws) {
                WeightReading r = w.reading();
                h.append("<tr><td>").append(w.seq()).append("</td><td>").append(esc(r.deviceId())).append("</td><td class=\"num\">")
                        .append(esc(weight(m, r))).append("</td><td>")
                        .append(esc(m.t("medium." + w.medium()))).append("</td><td>")
                        .append(esc(m.when(r.receivedAt(), v.now()))).append("</td><td>").append(trust(m, w.trust()))
                        .append("</td><td><code>").append(esc(r.raw().strip())).append("</code></td></tr>");
            }
            h.append("</tbody></table>");
        }
        h.append("</details>");
        List<ShotEntry> ss = d.shots().stream().filter(x -> x.itemId().equals(item.itemId())).toList();
        h.append("<details class=\"readings\"").append(ss.isEmpty() ? "" : " open").append("><summary>")
                .append(esc(m.t("shots.title", ss.size()))).append("</summary>");
        if (!ss.isEmpty()) {
            h.append("<table class=\"list\"><thead><tr><th>#</th><th>").append(esc(m.t("col.analyzer"))).append("</th><th>")
                    .append(esc(m.t("col.test"))).append("</th><th>").append(esc(m.t("col.composition"))).append("</th><th>")
                    .append(esc(m.t("col.received"))).append("</th><th>").append(esc(m.t("col.trust"))).append("</th><th>")
                    .append(esc(m.t("col.raw"))).append("</th></tr></thead><tbody>");
            for (ShotEntry x : ss) {
                XrfReading r = x.reading();
                h.append("<tr><td>").append(x.seq()).append("</td><td>").append(esc(r.deviceId())).append("</td><td>")
                        .append(esc(r.testNumber())).append("</td><td>").append(esc(composition(m, r))).append("</td><td>")
                        .append(esc(m.when(r.receivedAt(), v.now()))).append("</td><td>").append(trust(m, x.trust()))
                        .append("</td><td><details><summary>").append(esc(m.t("raw.show"))).append("</summary><code>")
                        .append(esc(r.raw())).append("</code></details></td></tr>");
            }
            h.append("</tbody></table>");
        }
        return h.append("</details></article>").toString();
    }

    /** The fineness as declared, with ‰ when it was written as a number (18K stays 18K). */
    private static String fineness(DeclaredItem item) {
        if (item.finenessMille() == null) {
            return "";  // a base-metal item declares no fineness
        }
        String w = item.finenessAsWritten() != null ? item.finenessAsWritten() : item.finenessMille().toPlainString();
        return w.matches("[0-9.,]+") ? w + " ‰" : w;
    }

    /** A scale's value with the digits it sent ({@code 612.40}), which a JSON number would drop. */
    static String weight(Messages m, WeightReading r) {
        try {
            return m.decimal(new java.math.BigDecimal(r.valueAsSent().strip())) + " " + r.unit().symbol();
        } catch (NumberFormatException e) {
            return m.decimal(r.value()) + " " + r.unit().symbol();
        }
    }

    static String selectButtons(View v, String declarationId, String itemId) {
        Messages m = v.m();
        StringBuilder h = new StringBuilder();
        for (String medium : new String[] {"AIR", "WATER"}) {
            h.append("<form method=\"post\" action=\"/bench/select\" class=\"command inline\">").append(csrf(v))
                    .append("<input type=\"hidden\" name=\"declarationId\" value=\"").append(esc(declarationId))
                    .append("\"><input type=\"hidden\" name=\"itemId\" value=\"").append(esc(itemId))
                    .append("\"><input type=\"hidden\" name=\"medium\" value=\"").append(medium)
                    .append("\"><button type=\"submit\" class=\"select-").append(medium.toLowerCase(Locale.ROOT))
                    .append("\" data-item=\"").append(esc(declarationId + "/" + itemId)).append("\">")
                    .append(esc(m.t("select." + medium))).append("</button></form>");
        }
        return h.toString();
    }

    /** The shot's main elements: detected, at or above 0.05 wt%, largest first. */
    static String composition(Messages m, XrfReading r) {
        return r.elements().stream().filter(e -> !e.belowDetection() && e.percent() >= 0.05)
                .sorted(Comparator.comparingDouble(ElementResult::percent).reversed()).limit(6)
                .map(e -> e.element() + " " + m.number(e.percent(), 2) + " ± " + m.number(e.uncertainty(), 2)
                        + " (k=" + m.number(e.coverageFactor(), 0) + ")")
                .collect(Collectors.joining("; "));
    }

    // ---- the bench ----

    static String bench(View v, Bench b) {
        return "<h1>" + esc(v.m().t("bench.title")) + "</h1><div id=\"bench\" data-live=\"bench\" data-fragment=\"body\">"
                + benchBody(v, b) + "</div>";
    }

    static String benchBody(View v, Bench b) {
        Messages m = v.m();
        StringBuilder h = new StringBuilder();
        h.append("<section class=\"active-item\" id=\"active-item\"><h2>").append(esc(m.t("bench.active"))).append("</h2>");
        if (b.active() == null) {
            h.append("<p class=\"none\" id=\"no-active\">").append(esc(m.t("bench.noActive"))).append("</p>");
        } else {
            String desc = b.open().stream().filter(d -> d.summary().declarationId().equals(b.active().declarationId()))
                    .findFirst().flatMap(d -> d.declaration().item(b.active().itemId())).map(DeclaredItem::description)
                    .orElse("");
            h.append("<p class=\"active\" id=\"active\" data-item=\"").append(esc(b.active().declarationId() + "/"
                    + b.active().itemId())).append("\"><b>").append(esc(b.active().declarationId() + " / "
                    + b.active().itemId())).append("</b> ").append(esc(desc)).append(" — ")
                    .append(esc(m.t("bench.weighedIn", m.t("medium." + b.active().medium())))).append("<br><small>")
                    .append(esc(m.t("bench.chosenBy", nz(AgentConsoleBackend.officerOf(b.active().source()) != null
                            ? AgentConsoleBackend.officerOf(b.active().source()) : b.active().source()),
                            m.when(b.active().at(), v.now())))).append("</small></p>");
            if (b.selectionWeighed()) {
                h.append("<p class=\"warning\" id=\"selection-weighed\">").append(esc(m.t("bench.selectionWeighed")))
                        .append("</p>");
            }
        }
        h.append("</section><section class=\"scales\">");
        for (ScaleNow s : b.scales()) {
            WeightReading r = s.reading();
            String state = r == null ? "none" : !r.stable() ? "moving"
                    : Math.abs(r.grams().doubleValue()) < s.minimumLoadGrams() ? "empty" : "stable";
            h.append("<div class=\"indicator state-").append(state).append("\" data-scale=\"").append(esc(s.deviceId()))
                    .append("\"><span class=\"device\">").append(esc(s.deviceId())).append("</span><span class=\"value\">")
                    .append(r == null ? "—" : esc(m.decimal(r.value()))).append("</span> <span class=\"unit\">")
                    .append(r == null ? "" : esc(r.unit().symbol())).append("</span><span class=\"state\">")
                    .append(esc(m.t("scale.state." + state))).append("</span></div>");
        }
        h.append("</section>");
        if (b.lastUnbound() != null && (b.active() == null || b.selectionWeighed())) {
            h.append("<p class=\"warning\" id=\"unbound\">").append(esc(m.t("bench.unbound", b.lastUnbound().deviceId(),
                    m.when(b.lastUnbound().at(), v.now()), b.lastUnbound().reason()))).append("</p>");
        }
        h.append("<section class=\"last-shot\" id=\"last-shot\"><h2>").append(esc(m.t("bench.lastShot"))).append("</h2>");
        if (b.lastShot() == null) {
            h.append("<p class=\"empty\">").append(esc(m.t("bench.noShot"))).append("</p>");
        } else {
            XrfReading r = b.lastShot().reading();
            h.append("<p><b>").append(esc(r.deviceId())).append("</b> ").append(esc(m.t("bench.shot", nz(r.testNumber()),
                    m.when(r.receivedAt(), v.now()), b.lastShot().boundTo() == null ? m.t("bench.shotUnbound")
                            : b.lastShot().boundTo()))).append("<br>").append(esc(composition(m, r))).append("</p>");
        }
        h.append("</section><section class=\"choose\"><h2>").append(esc(m.t("bench.choose"))).append("</h2>");
        if (b.open().isEmpty()) {
            h.append("<p class=\"empty\">").append(esc(m.t("bench.noOpen"))).append("</p>");
        }
        for (InspectionDetail d : b.open()) {
            String id = d.summary().declarationId();
            Map<String, ItemAssessment> assessed = new LinkedHashMap<>();
            if (d.verdict() != null) {
                d.verdict().items().forEach(i -> assessed.put(i.itemId(), i));
            }
            h.append("<table class=\"list bench-items\" data-declaration=\"").append(esc(id)).append("\"><caption><a href=\"/inspections/")
                    .append(path(id)).append("\">").append(esc(id)).append("</a> ")
                    .append(lane(m, d.verdict() == null ? d.summary().lane() : d.verdict().lane())).append(" ")
                    .append(esc(nz(d.declaration().declarant()))).append("</caption><tbody>");
            for (DeclaredItem item : d.declaration().items()) {
                ItemAssessment a = assessed.get(item.itemId());
                boolean active = b.active() != null && b.active().declarationId().equals(id)
                        && b.active().itemId().equals(item.itemId());
                h.append("<tr").append(active ? " class=\"active\"" : "").append("><td>").append(esc(item.itemId()))
                        .append("</td><td>").append(esc(nz(item.description()))).append("</td><td class=\"num\">")
                        .append(esc(m.decimal(item.netMass().value()) + " " + item.netMass().unit().symbol()))
                        .append("</td><td>").append(esc(a == null ? "" : a.complete() ? m.t("item.measured")
                                : m.t("item.needs", String.join("; ", a.missing())))).append("</td><td>");
                if (v.may(Permission.SELECT_ITEM)) {
                    h.append(selectButtons(v, id, item.itemId()));
                }
                h.append("</td></tr>");
            }
            h.append("</tbody></table>");
        }
        return h.append("</section>").toString();
    }

    // ---- alerts ----

    static String alerts(View v, List<AlertLife> alerts) {
        return "<h1>" + esc(v.m().t("alerts.title")) + "</h1><div id=\"alerts\" data-live=\"alerts\" data-fragment=\"body\">"
                + alertsBody(v, alerts) + "</div>";
    }

    static String alertsBody(View v, List<AlertLife> alerts) {
        Messages m = v.m();
        StringBuilder h = new StringBuilder();
        if (alerts.isEmpty()) {
            return "<p class=\"empty\">" + esc(m.t("alerts.none")) + "</p>";
        }
        for (AlertLife life : alerts) {
            Alert a = life.latest();
            h.append("<article class=\"alert lane-").append(a.lane()).append(" state-").append(esc(a.state()))
                    .append("\" data-alert=\"").append(esc(a.alertId())).append("\"><h2><a href=\"/inspections/")
                    .append(path(a.declarationId())).append("\">").append(esc(a.declarationId())).append("</a> ")
                    .append(lane(m, a.lane())).append(" ").append(alertState(m, a)).append("</h2><p class=\"meta\">")
                    .append(esc(m.t("alert.meta", a.alertId(), m.dateTime(a.raisedAt()), a.revision()))).append("</p>");
            if (a.verdict() != null && !a.verdict().findings().isEmpty()) {
                h.append("<ul class=\"alert-findings\">");
                for (Finding f : a.verdict().findings()) {
                    h.append("<li>").append(esc(m.tOr("finding." + f.code(), f.code().name()))).append(" (")
                            .append(esc(m.t("finding.item", f.itemId()))).append(")</li>");
                }
                h.append("</ul>");
            }
            if (a.closure() == null) {
                h.append("<div class=\"alert-actions\">");
                if (v.may(Permission.ACKNOWLEDGE_ALERT) && a.acknowledgement() == null) {
                    h.append("<form method=\"post\" action=\"/alerts/ack\" class=\"command\">").append(csrf(v))
                            .append("<input type=\"hidden\" name=\"alertId\" value=\"").append(esc(a.alertId()))
                            .append("\"><label>").append(esc(m.t("alert.note"))).append(" <input name=\"note\""
                                    + " maxlength=\"500\" class=\"ack-note\"></label><button type=\"submit\" class=\"ack\">")
                            .append(esc(m.t("alert.acknowledge"))).append("</button></form>");
                }
                List<Alert.Outcome> outcomes = EnumSet.allOf(Alert.Outcome.class).stream()
                        .filter(o -> v.may(Permission.toClose(o, a.lane()))).toList();
                if (!outcomes.isEmpty()) {
                    h.append("<form method=\"post\" action=\"/alerts/close\" class=\"command\">").append(csrf(v))
                            .append("<input type=\"hidden\" name=\"alertId\" value=\"").append(esc(a.alertId()))
                            .append("\"><label>").append(esc(m.t("alert.outcome"))).append(" <select name=\"outcome\""
                                    + " class=\"outcome\">");
                    for (Alert.Outcome o : outcomes) {
                        h.append("<option value=\"").append(o).append("\">").append(esc(m.t("outcome." + o)))
                                .append("</option>");
                    }
                    h.append("</select></label><label>").append(esc(m.t("alert.note"))).append(" <input name=\"note\""
                            + " maxlength=\"500\" class=\"close-note\"></label><button type=\"submit\" class=\"close-alert\">")
                            .append(esc(m.t("alert.close"))).append("</button></form>");
                }
                h.append("</div>");
            }
            h.append("<details class=\"life\" open><summary>").append(esc(m.t("alertLife.title"))).append("</summary>")
                    .append(alertLifeTable(v, life.revisions())).append("</details></article>");
        }
        return h.toString();
    }

    static String alertLifeTable(View v, List<Alert> revisions) {
        Messages m = v.m();
        StringBuilder h = new StringBuilder("<table class=\"list life\"><thead><tr><th>").append(esc(m.t("col.revision")))
                .append("</th><th>").append(esc(m.t("col.when"))).append("</th><th>").append(esc(m.t("col.state")))
                .append("</th><th>").append(esc(m.t("col.lane"))).append("</th><th>").append(esc(m.t("col.by")))
                .append("</th><th>").append(esc(m.t("col.note"))).append("</th></tr></thead><tbody>");
        for (Alert a : revisions) {
            String by = "";
            String note = "";
            if (a.state().equals("CLOSED") && a.closure() != null) {
                by = a.closure().by();
                note = m.t("outcome." + a.closure().outcome()) + (a.closure().note() == null || a.closure().note().isBlank()
                        ? "" : ": " + a.closure().note());
            } else if (a.state().equals("ACKNOWLEDGED") && a.acknowledgement() != null) {
                by = a.acknowledgement().by();
                note = nz(a.acknowledgement().note());
            }
            h.append("<tr data-revision=\"").append(a.revision()).append("\"><td>").append(a.revision()).append("</td><td>")
                    .append(esc(m.dateTime(a.updatedAt()))).append("</td><td>").append(esc(m.t("alertState." + a.state())))
                    .append("</td><td>").append(lane(m, a.lane())).append("</td><td>").append(esc(by)).append("</td><td>")
                    .append(esc(note)).append("</td></tr>");
        }
        return h.append("</tbody></table>").toString();
    }

    /** The journal's confirmation of a command, or its refusal, as the page shows it. */
    static String confirmation(View v, Confirmation c) {
        Messages m = v.m();
        if (!c.accepted()) {
            return "<div class=\"confirmation refused\" role=\"alert\"><b>" + esc(m.t("confirm.refused")) + "</b> "
                    + esc(c.reason()) + "</div>";
        }
        String what = switch (c.command()) {
            case "select" -> m.t("confirm.select", c.data().path("declarationId").asText(), c.data().path("itemId").asText(),
                    m.t("medium." + c.data().path("medium").asText()));
            case "close-inspection" -> m.t("confirm.closeInspection", c.data().path("declarationId").asText());
            case "alert-ack" -> m.t("confirm.ack", c.data().path("alertId").asText(),
                    c.data().path("acknowledgement").path("by").asText());
            case "alert-close" -> m.t("confirm.closeAlert", c.data().path("alertId").asText(),
                    m.t("outcome." + c.data().path("closure").path("outcome").asText()),
                    c.data().path("closure").path("by").asText());
            default -> c.command();
        };
        return "<div class=\"confirmation accepted\" role=\"status\" data-seq=\"" + c.journalSeq() + "\"><b>"
                + esc(m.t("confirm.journaled", c.journalSeq(), m.dateTime(c.at()))) + "</b> " + esc(what)
                + " <code class=\"hash\" title=\"" + esc(m.t("confirm.hash")) + "\">" + esc(c.recordHash().substring(0, 16))
                + "…</code></div>";
    }

    // ---- devices ----

    static String devices(View v, List<DeviceView> devices, List<Officer> officers) {
        return "<h1>" + esc(v.m().t("devices.title")) + "</h1><div id=\"devices\" data-live=\"devices\" data-fragment=\"body\">"
                + devicesBody(v, devices, officers) + "</div>";
    }

    static String devicesBody(View v, List<DeviceView> devices, List<Officer> officers) {
        Messages m = v.m();
        StringBuilder h = new StringBuilder();
        Map<String, List<CalibrationRecord>> byTechnician = new LinkedHashMap<>();
        for (DeviceView d : devices) {
            h.append("<article class=\"device\" id=\"device-").append(esc(d.id())).append("\"><h2>").append(esc(d.id()))
                    .append(" <small>").append(esc(m.t("kind." + d.kind()))).append("</small> <span class=\"device-state\">")
                    .append(esc(d.state() == null ? m.t("device.noState") : m.tOr("deviceState." + d.state(), d.state())))
                    .append("</span> ").append(trust(m, d.trust())).append("</h2><dl class=\"identity\">");
            dd(h, m.t("device.connection"), d.description());
            dd(h, m.t("device.serial"), d.serialNumber() == null ? m.t("device.unknown") : d.serialNumber());
            if (d.model() != null) {
                dd(h, m.t("device.model"), d.model());
            }
            if (d.stateDetail() != null && !d.stateDetail().isBlank()) {
                dd(h, m.t("device.detail"), d.stateDetail() + " (" + m.when(d.stateAt(), v.now()) + ")");
            }
            if (d.trust() != null) {
                dd(h, m.t("device.trust"), d.trust().reason());
                dd(h, m.t("device.nextDue"), d.trust().state() == TrustState.FAILED ? m.t("device.recheck")
                        : d.trust().nextDue() == null ? m.t("device.noneDue")
                        : m.date(d.trust().nextDue()) + " (" + (d.trust().nextDue().isBefore(v.now())
                        ? m.t("device.overdue") : m.t("device.dueIn", m.age(v.now(), d.trust().nextDue()))) + ")");
            }
            if (d.metrology() != null) {
                dd(h, m.t("device.metrology"), m.t("device.metrologyValue", d.metrology().accuracyClass(),
                        m.decimal(d.metrology().verificationIntervalGrams()), m.decimal(d.metrology().capacityGrams()),
                        m.number(d.metrology().minimumLoadGrams(), 1)));
            }
            h.append("</dl>");
            if (d.metrology() != null) {
                List<org.touchstone.agent.calibration.ScaleCheck> checks = new ArrayList<>();
                for (int i = d.history().size() - 1; i >= 0; i--) {
                    if (d.history().get(i) instanceof ScaleVerificationRecord s) {
                        checks = s.checks();
                        break;
                    }
                }
                h.append("<figure class=\"chart\"><figcaption>").append(esc(m.t("chart.mpe"))).append("</figcaption>")
                        .append(Charts.mpeChart(m, d.metrology(), checks)).append("</figure>");
            }
            for (ControlChart c : d.charts()) {
                h.append("<figure class=\"chart\"><figcaption>").append(esc(m.t("chart.control", c.key().element(),
                        c.key().standardId()))).append("</figcaption>").append(Charts.controlChart(m, c)).append("</figure>");
            }
            if (!d.kind().equals("scanner")) {
                h.append("<h3>").append(esc(m.t("history.title"))).append("</h3>");
                if (d.history().isEmpty()) {
                    h.append("<p class=\"empty\">").append(esc(m.t("history.none"))).append("</p>");
                } else {
                    h.append("<table class=\"list history\"><thead><tr><th>").append(esc(m.t("col.when"))).append("</th><th>")
                            .append(esc(m.t("col.check"))).append("</th><th>").append(esc(m.t("col.technician")))
                            .append("</th><th>").append(esc(m.t("col.result"))).append("</th><th>")
                            .append(esc(m.t("col.nextDue"))).append("</th></tr></thead><tbody>");
                    List<CalibrationRecord> newestFirst = new ArrayList<>(d.history());
                    java.util.Collections.reverse(newestFirst);
                    for (CalibrationRecord r : newestFirst) {
                        byTechnician.computeIfAbsent(nz(r.technician()), k -> new ArrayList<>()).add(r);
                        h.append("<tr class=\"").append(r.passed() ? "passed" : "failed").append("\"><td>")
                                .append(esc(m.dateTime(r.performedAt()))).append("</td><td>")
                                .append(esc(m.t(r instanceof ScaleVerificationRecord ? "check.scale" : "check.xrf")))
                                .append("</td><td>").append(esc(r.technician())).append("</td><td>")
                                .append(r.passed() ? esc(m.t("check.passed")) : "<b class=\"bad\">" + esc(m.t("check.failed"))
                                        + "</b> " + esc(r.failures())).append("</td><td>").append(esc(m.date(r.nextDue())))
                                .append("</td></tr>");
                    }
                    h.append("</tbody></table>");
                }
            }
            h.append("</article>");
        }
        h.append("<section class=\"technicians\"><h2>").append(esc(m.t("technicians.title"))).append("</h2>");
        List<Officer> techs = officers.stream().filter(o -> o.roles().contains(Role.TECHNICIAN)).toList();
        Set<String> listed = new java.util.HashSet<>();
        h.append("<table class=\"list\"><thead><tr><th>").append(esc(m.t("col.technician"))).append("</th><th>")
                .append(esc(m.t("col.checks"))).append("</th><th>").append(esc(m.t("col.lastCheck")))
                .append("</th></tr></thead><tbody>");
        for (Officer o : techs) {
            listed.add(o.id());
            listed.add(o.name());
            List<CalibrationRecord> rs = new ArrayList<>(byTechnician.getOrDefault(o.id(), List.of()));
            rs.addAll(byTechnician.getOrDefault(o.name(), List.of()));
            technicianRow(h, m, o.name() + " (" + o.id() + ")", rs);
        }
        byTechnician.forEach((name, rs) -> {
            if (!listed.contains(name)) {
                technicianRow(h, m, name, rs);
            }
        });
        return h.append("</tbody></table></section>").toString();
    }

    private static void technicianRow(StringBuilder h, Messages m, String name, List<CalibrationRecord> rs) {
        CalibrationRecord last = rs.stream().max(Comparator.comparing(CalibrationRecord::performedAt)).orElse(null);
        h.append("<tr><td>").append(esc(name)).append("</td><td class=\"num\">").append(rs.size()).append("</td><td>")
                .append(last == null ? "" : esc(m.dateTime(last.performedAt()) + " · " + last.deviceId()))
                .append("</td></tr>");
    }

    private static void dd(StringBuilder h, String term, String value) {
        h.append("<dt>").append(esc(term)).append("</dt><dd>").append(esc(value)).append("</dd>");
    }

    static String nz(String s) {
        return s == null ? "" : s;
    }

    /** The plain page an error or a refused request gets (no layout: the officer may not be logged in). */
    static String problem(Messages m, String title, String text) {
        return "<!DOCTYPE html><html lang=\"" + m.language() + "\"><head><meta charset=\"utf-8\"><title>" + esc(title)
                + "</title><link rel=\"stylesheet\" href=\"/assets/console.css\"></head><body><main><h1>" + esc(title)
                + "</h1><p>" + esc(text) + "</p><p><a href=\"/inspections\">" + esc(m.t("back")) + "</a></p></main></body></html>";
    }
}
