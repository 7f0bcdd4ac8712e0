package org.touchstone.hq.view;

import static org.touchstone.agent.console.Html.esc;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.touchstone.agent.security.Officer;
import org.touchstone.hq.stats.Table;

/** The headquarters view's HTML, rendered on the server from the national statistics (every value escaped). */
final class HqPages {

    /** What the board shows, read from the database in one go. */
    record Board(Table posts, Table openRed, List<Table> seizuresBy, Table trends, Table devices, Table chainBreaks,
                 Instant at) {
    }

    static final List<String> EXPORTS = List.of("seizures", "seizures-by-typology", "seizures-by-metal",
            "seizures-by-origin", "seizures-by-declarant", "seizures-by-post", "seizures-by-month", "open-red-alerts",
            "posts", "devices-out-of-trust", "trends");

    private HqPages() {
    }

    static String login(HqMessages m, String token, String error, String officerId) {
        return document(m, m.t("login.title"), """
                <main class="login"><h1>%s</h1>%s
                <form method="post" action="/login">
                <input type="hidden" name="login" value="%s"><input type="hidden" name="lang" value="%s">
                <label>%s <input name="officer" id="officer" autocomplete="username" value="%s" required></label>
                <label>%s <input name="password" id="password" type="password" autocomplete="current-password" required></label>
                <button type="submit" id="login">%s</button></form>
                <p class="lang"><a href="/login?lang=en">English</a> · <a href="/login?lang=fr">Français</a></p></main>"""
                .formatted(esc(m.t("login.title")), error == null ? "" : "<p class=\"error\" id=\"login-error\">"
                        + esc(error) + "</p>", esc(token), m.locale().getLanguage(), esc(m.t("login.officer")),
                        esc(officerId), esc(m.t("login.password")), esc(m.t("login.submit"))), false);
    }

    static String page(HqMessages m, Officer officer, String csrf, Board board) {
        String roles = officer.roles().stream().sorted().map(r -> m.t("role." + r.text()))
                .collect(Collectors.joining(", "));
        String other = m.locale().getLanguage().equals("fr") ? "en" : "fr";
        String header = """
                <header><h1>%s</h1><span class="who" id="who">%s (%s)</span>
                <span class="live" id="live">%s</span>
                <form method="post" action="/language"><input type="hidden" name="csrf" value="%s">
                <input type="hidden" name="lang" value="%s"><button type="submit" id="language">%s</button></form>
                <form method="post" action="/logout"><input type="hidden" name="csrf" value="%s">
                <button type="submit" id="logout">%s</button></form></header>"""
                .formatted(esc(m.t("title")), esc(officer.name() == null ? officer.id() : officer.name()), esc(roles),
                        esc(m.t("live")), esc(csrf), other, esc(m.t("language.other")), esc(csrf), esc(m.t("logout")));
        return document(m, m.t("title"), header + "<main id=\"board\">" + board(m, board) + "</main>", true);
    }

    /** The part the page replaces when headquarters stores something new. */
    static String board(HqMessages m, Board b) {
        StringBuilder s = new StringBuilder();
        long dark = b.posts().rows().stream().filter(r -> Boolean.TRUE.equals(r.get(b.posts().columns().indexOf("dark"))))
                .count();
        s.append("<p class=\"summary\" id=\"summary\">").append(esc(m.t("summary", b.posts().rows().size(),
                b.posts().rows().size() - dark, dark, b.openRed().rows().size(), m.at(b.at())))).append("</p>");
        s.append(section("posts", m.t("posts.title"), postsTable(m, b.posts())));
        s.append(section("red", m.t("red.title"), b.openRed().rows().isEmpty() ? "<p>" + esc(m.t("red.none")) + "</p>"
                : table(m, b.openRed(), "red-alerts", Set.of())));
        StringBuilder trends = new StringBuilder();
        List<String> months = b.trends().column("month").stream().map(String::valueOf).toList();
        trends.append(HqCharts.trend(m.t("trends.title"), months, List.of(
                new HqCharts.Series(m.t("col.inspections"), "s-inspections", longs(b.trends().column("inspections"))),
                new HqCharts.Series(m.t("col.red"), "s-red", longs(b.trends().column("red"))),
                new HqCharts.Series(m.t("col.alerts_raised"), "s-alerts", longs(b.trends().column("alerts_raised"))),
                new HqCharts.Series(m.t("col.seizures"), "s-seizures", longs(b.trends().column("seizures"))))));
        trends.append("<details><summary>").append(esc(m.t("table"))).append("</summary>")
                .append(table(m, b.trends(), "trends-table", Set.of())).append("</details>");
        s.append(section("trends", m.t("trends.title"), trends.toString()));
        StringBuilder seizures = new StringBuilder("<div class=\"splits\">");
        for (Table t : b.seizuresBy()) {
            String dim = t.columns().get(0);
            seizures.append("<div class=\"split\" id=\"seizures-by-").append(esc(dim)).append("\"><h3>")
                    .append(esc(m.t("seizures.by", m.column(dim)))).append("</h3>");
            if (t.rows().isEmpty()) {
                seizures.append("<p>").append(esc(m.t("seizures.none"))).append("</p>");
            } else {
                List<List<Object>> top = t.rows().stream()
                        .sorted((x, y) -> Long.compare(((Number) y.get(1)).longValue(), ((Number) x.get(1)).longValue()))
                        .limit(10).toList();
                seizures.append(HqCharts.bars(m.t("seizures.by", m.column(dim)),
                        top.stream().map(r -> String.valueOf(r.get(0))).toList(),
                        top.stream().map(r -> ((Number) r.get(1)).longValue()).toList()));
            }
            seizures.append("</div>");
        }
        s.append(section("seizures", m.t("seizures.title"), seizures.append("</div>").toString()));
        s.append(section("devices", m.t("devices.title"), b.devices().rows().isEmpty()
                ? "<p>" + esc(m.t("devices.none")) + "</p>" : table(m, b.devices(), "devices-table", Set.of())));
        s.append(section("chain", m.t("chain.title"), b.chainBreaks().rows().isEmpty()
                ? "<p>" + esc(m.t("chain.none")) + "</p>" : table(m, b.chainBreaks(), "chain-table", Set.of())));
        StringBuilder exports = new StringBuilder("<ul class=\"exports\">");
        for (String e : EXPORTS) {
            exports.append("<li><a download id=\"export-").append(e).append("\" href=\"/export.csv?what=").append(e)
                    .append("\">").append(esc(m.t("export." + e))).append("</a></li>");
        }
        s.append(section("export", m.t("export.title"), exports.append("</ul>").toString()));
        return s.toString();
    }

    private static String postsTable(HqMessages m, Table posts) {
        StringBuilder b = new StringBuilder("<table id=\"posts-table\"><thead><tr>");
        for (String c : List.of("post", "state", "last_message_at", "bridge", "chain_broken", "head_seq")) {
            b.append("<th>").append(esc(m.column(c))).append("</th>");
        }
        b.append("</tr></thead><tbody>");
        for (List<Object> r : posts.rows()) {
            boolean dark = Boolean.TRUE.equals(r.get(posts.columns().indexOf("dark")));
            String post = String.valueOf(r.get(posts.columns().indexOf("post")));
            boolean broken = Boolean.TRUE.equals(r.get(posts.columns().indexOf("chain_broken")));
            b.append("<tr class=\"").append(dark ? "dark" : "online").append("\" data-post=\"").append(esc(post))
                    .append("\"><td>").append(esc(post)).append("</td><td class=\"state\">")
                    .append(esc(m.t(dark ? "post.dark" : "post.online"))).append("</td><td>")
                    .append(esc(cell(m, r.get(posts.columns().indexOf("last_message_at"))))).append("</td><td>")
                    .append(esc(m.t("bridge." + r.get(posts.columns().indexOf("bridge"))))).append("</td><td>")
                    .append(esc(m.t(broken ? "yes" : "no"))).append("</td><td>")
                    .append(esc(cell(m, r.get(posts.columns().indexOf("head_seq"))))).append("</td></tr>");
        }
        return b.append("</tbody></table>").toString();
    }

    private static String table(HqMessages m, Table t, String id, Set<String> hidden) {
        StringBuilder b = new StringBuilder("<table id=\"").append(esc(id)).append("\"><thead><tr>");
        List<Integer> shown = new ArrayList<>();
        for (int i = 0; i < t.columns().size(); i++) {
            if (!hidden.contains(t.columns().get(i))) {
                shown.add(i);
                b.append("<th>").append(esc(m.column(t.columns().get(i)))).append("</th>");
            }
        }
        b.append("</tr></thead><tbody>");
        for (List<Object> r : t.rows()) {
            b.append("<tr>");
            for (int i : shown) {
                b.append("<td>").append(esc(cell(m, r.get(i)))).append("</td>");
            }
            b.append("</tr>");
        }
        return b.append("</tbody></table>").toString();
    }

    private static String cell(HqMessages m, Object v) {
        if (v == null) {
            return "";
        }
        if (v instanceof Instant i) {
            return m.at(i);
        }
        if (v instanceof Boolean bool) {
            return m.t(bool ? "yes" : "no");
        }
        return v.toString();
    }

    private static List<Long> longs(List<Object> values) {
        return values.stream().map(v -> v == null ? 0L : ((Number) v).longValue()).toList();
    }

    private static String section(String id, String title, String body) {
        return "<section id=\"" + id + "\"><h2>" + esc(title) + "</h2>" + body + "</section>";
    }

    static String problem(HqMessages m, String status, String text) {
        return document(m, status, "<main><h1>" + esc(status) + "</h1><p>" + esc(text) + "</p><p><a href=\"/\">"
                + esc(m.t("title")) + "</a></p></main>", false);
    }

    private static String document(HqMessages m, String title, String body, boolean script) {
        return "<!DOCTYPE html><html lang=\"" + m.locale().getLanguage().toLowerCase(Locale.ROOT) + "\"><head>"
                + "<meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                + "<title>" + esc(title) + "</title><link rel=\"stylesheet\" href=\"/assets/hq.css\">"
                + (script ? "<script src=\"/assets/hq.js\" defer></script>" : "") + "</head><body>" + body
                + "</body></html>";
    }
}
