package org.touchstone.agent.evidence;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;

/** The evidence package as a page a person reads and prints for a seizure file (plain HTML, no scripts). */
public final class EvidenceReport {

    private EvidenceReport() {
    }

    /** The report with times in this machine's zone. */
    public static String html(JsonNode p) {
        return html(p, ZoneId.systemDefault());
    }

    /** The report with every time in the post's local zone, its offset shown (a seizure file is read elsewhere). */
    public static String html(JsonNode p, ZoneId zone) {
        DateTimeFormatter local = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss xxx").withZone(zone);
        java.util.function.Function<String, String> t = iso -> {
            try {
                return local.format(Instant.parse(iso));
            } catch (DateTimeParseException e) {
                return iso;
            }
        };
        StringBuilder h = new StringBuilder();
        String id = p.path("inspection").asText();
        h.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Inspection ")
                .append(esc(id)).append("</title><style>body{font-family:sans-serif;max-width:60em;margin:2em auto}"
                        + "table{border-collapse:collapse;width:100%;margin:.5em 0}td,th{border:1px solid #999;padding:.2em .4em;"
                        + "text-align:left;vertical-align:top;font-size:.9em}.RED{color:#b00}.YELLOW{color:#a60}"
                        + ".GREEN{color:#070}code{font-size:.8em;word-break:break-all}</style></head><body>");
        h.append("<h1>Inspection ").append(esc(id)).append("</h1>");
        String lane = p.path("lane").asText("not assessed");
        h.append("<p>Post <b>").append(esc(p.path("postId").asText())).append("</b>. Lane: <b class=\"")
                .append(esc(lane)).append("\">").append(esc(lane)).append("</b>. Exported ")
                .append(esc(t.apply(p.path("exportedAt").asText()))).append(" (").append(esc(zone.getId()))
                .append(").</p>");
        JsonNode d = p.path("declaration");
        h.append("<h2>Declaration</h2><p>").append(esc(d.path("declarationId").asText())).append(", declarant ")
                .append(esc(d.path("declarant").asText("?"))).append(", exporter ").append(esc(d.path("exporter").asText("?")))
                .append(", origin ").append(esc(d.path("originCountry").asText("?"))).append(".</p>");
        h.append("<table><tr><th>item</th><th>HS</th><th>description</th><th>form</th><th>metal</th><th>fineness</th>"
                + "<th>pieces</th><th>net mass</th></tr>");
        for (JsonNode i : d.path("items")) {
            h.append("<tr><td>").append(esc(i.path("itemId").asText())).append("</td><td>").append(esc(i.path("hsCode").asText()))
                    .append("</td><td>").append(esc(i.path("description").asText(""))).append("</td><td>")
                    .append(esc(i.path("form").asText(""))).append("</td><td>").append(esc(i.path("metal").asText()))
                    .append("</td><td>").append(esc(i.path("fineness").asText())).append("</td><td>")
                    .append(esc(i.path("pieces").asText("1"))).append("</td><td>")
                    .append(esc(i.path("netMass").path("value").asText() + " " + i.path("netMass").path("unit").asText()))
                    .append("</td></tr>");
        }
        h.append("</table>");
        h.append(declaredVersusMeasured(p));
        h.append("<h2>Closure</h2>");
        JsonNode closure = p.path("closure");
        if (closure.isMissingNode()) {
            h.append("<p>The inspection was not closed when this package was exported.</p>");
        } else {
            h.append("<p>Closed ").append(esc(t.apply(closure.path("at").asText()))).append(" by <b>")
                    .append(esc(closure.path("by").asText(closure.path("source").asText()))).append("</b> (journal #")
                    .append(closure.path("seq").asLong()).append(").</p>");
        }
        JsonNode lastAlert = p.path("alerts").isEmpty() ? null : p.path("alerts").get(p.path("alerts").size() - 1);
        if (lastAlert != null && lastAlert.hasNonNull("closure")) {
            JsonNode c = lastAlert.path("closure");
            h.append("<p>Alert closed ").append(esc(t.apply(c.path("at").asText()))).append(" by <b>")
                    .append(esc(c.path("by").asText())).append("</b>: outcome <b>").append(esc(c.path("outcome").asText()))
                    .append("</b>").append(c.path("note").asText("").isBlank() ? "" : ", " + esc(c.path("note").asText()))
                    .append(".</p>");
        }
        h.append("<h2>Items put on the bench</h2>");
        if (p.path("selections").isEmpty()) {
            h.append("<p>None recorded: readings were bound by their labels.</p>");
        } else {
            h.append("<table><tr><th>when</th><th>item</th><th>medium</th><th>by</th><th>journal</th></tr>");
            for (JsonNode s : p.path("selections")) {
                h.append("<tr><td>").append(esc(t.apply(s.path("at").asText()))).append("</td><td>")
                        .append(esc(s.path("itemId").asText())).append("</td><td>").append(esc(s.path("medium").asText()))
                        .append("</td><td>").append(esc(s.path("by").asText(s.path("source").asText())))
                        .append("</td><td>#").append(s.path("seq").asLong()).append("</td></tr>");
            }
            h.append("</table>");
        }
        h.append("<h2>Findings</h2>");
        if (p.path("findings").isEmpty()) {
            h.append("<p>None.</p>");
        } else {
            h.append("<ul>");
            for (JsonNode f : p.path("findings")) {
                h.append("<li><b class=\"").append(esc(f.path("severity").asText())).append("\">")
                        .append(esc(f.path("code").asText())).append("</b>: ").append(esc(f.path("message").asText()))
                        .append("</li>");
            }
            h.append("</ul>");
        }
        h.append("<h2>What was not tested</h2><ul>");
        p.path("notTested").forEach(n -> h.append("<li>").append(esc(n.asText())).append("</li>"));
        h.append("</ul><h2>Weighings</h2><table><tr><th>item</th><th>scale</th><th>value</th><th>medium</th><th>received</th>"
                + "<th>raw frame</th></tr>");
        for (JsonNode w : p.path("weighings")) {
            JsonNode r = w.path("reading");
            h.append("<tr><td>").append(esc(w.path("itemId").asText())).append("</td><td>").append(esc(r.path("deviceId").asText()))
                    .append("</td><td>").append(esc(r.path("value").asText() + " " + r.path("unit").asText().toLowerCase(java.util.Locale.ROOT)))
                    .append("</td><td>")
                    .append(esc(w.path("medium").asText("AIR"))).append("</td><td>").append(esc(t.apply(r.path("receivedAt").asText())))
                    .append("</td><td><code>").append(esc(r.path("raw").asText())).append("</code></td></tr>");
        }
        h.append("</table><h2>XRF shots</h2><table><tr><th>item</th><th>analyzer</th><th>test</th><th>results (wt%, ± at k)</th></tr>");
        for (JsonNode s : p.path("xrfShots")) {
            JsonNode r = s.path("reading");
            StringBuilder els = new StringBuilder();
            for (JsonNode e : r.path("elements")) {
                if (e.path("belowDetection").asBoolean()) {
                    continue;
                }
                els.append(e.path("element").asText()).append(' ').append(String.format(java.util.Locale.ROOT, "%.3f ± %.3f (k=%s)",
                        e.path("percent").asDouble(), e.path("uncertainty").asDouble(), e.path("coverageFactor").asText()))
                        .append("; ");
            }
            h.append("<tr><td>").append(esc(s.path("itemId").asText())).append("</td><td>").append(esc(r.path("deviceId").asText()))
                    .append("</td><td>").append(esc(r.path("testNumber").asText())).append("</td><td>").append(esc(els.toString()))
                    .append("</td></tr>");
        }
        h.append("</table><h2>Alert</h2><ul>");
        for (JsonNode a : p.path("alerts")) {
            h.append("<li>").append(esc(t.apply(a.path("updatedAt").asText()))).append(": revision ").append(a.path("revision").asInt())
                    .append(", ").append(esc(a.path("state").asText())).append(", lane ").append(esc(a.path("lane").asText()));
            if (a.hasNonNull("acknowledgement")) {
                h.append(", acknowledged by ").append(esc(a.path("acknowledgement").path("by").asText()));
            }
            if (a.hasNonNull("closure")) {
                h.append(", closed by ").append(esc(a.path("closure").path("by").asText())).append(": ")
                        .append(esc(a.path("closure").path("outcome").asText())).append(" ")
                        .append(esc(a.path("closure").path("note").asText()));
            }
            h.append("</li>");
        }
        h.append("</ul><h2>Devices during the inspection</h2><ul>");
        p.path("deviceEvents").forEach(e -> h.append("<li>").append(esc(t.apply(e.path("at").asText()))).append(" ")
                .append(esc(e.path("deviceId").asText())).append(": ").append(esc(e.path("state").asText())).append(" ")
                .append(esc(e.path("detail").asText())).append("</li>"));
        h.append("</ul><h2>Instrument checks</h2>");
        if (p.path("calibrations").isEmpty()) {
            h.append("<p>No check of any instrument is recorded before this inspection: its readings were not trusted.</p>");
        } else {
            h.append("<table><tr><th>device</th><th>check</th><th>result</th><th>when</th><th>technician</th><th>next due</th></tr>");
            for (JsonNode c : p.path("calibrations")) {
                JsonNode rec = c.path("record");
                h.append("<tr><td>").append(esc(c.path("deviceId").asText())).append("</td><td>")
                        .append(esc(c.path("kind").asText())).append("</td><td>")
                        .append(c.path("passed").asBoolean() ? "passed" : "<b class=\"RED\">failed</b>").append("</td><td>")
                        .append(esc(t.apply(c.path("at").asText()))).append("</td><td>")
                        .append(esc(rec.path("procedure").path("technician").asText(""))).append("</td><td>")
                        .append(esc(t.apply(rec.path("nextDue").asText("")))).append("</td></tr>");
            }
            h.append("</table>");
        }
        JsonNode v = p.path("journalVerification");
        h.append("<h2>Integrity</h2><p>Journal chain at export: <b>").append(v.path("ok").asBoolean() ? "intact" : "BROKEN: "
                + esc(v.path("problem").asText())).append("</b> (").append(v.path("recordsChecked").asLong())
                .append(" records checked).</p><p>").append(esc(p.path("howToVerify").asText())).append("</p>");
        h.append("<table><tr><th>seq</th><th>at</th><th>type</th><th>hash</th><th>ok</th></tr>");
        for (JsonNode r : p.path("records")) {
            h.append("<tr><td>").append(r.path("seq").asLong()).append("</td><td>").append(esc(t.apply(r.path("at").asText())))
                    .append("</td><td>").append(esc(r.path("type").asText())).append("</td><td><code>")
                    .append(esc(r.path("hash").asText())).append("</code></td><td>")
                    .append(r.path("hashMatches").asBoolean() ? "yes" : "NO").append("</td></tr>");
        }
        return h.append("</table></body></html>\n").toString();
    }

    /** Per item, what was declared beside what was measured, from the last verdict. */
    private static String declaredVersusMeasured(JsonNode p) {
        Map<String, JsonNode> assessed = new HashMap<>();
        p.path("items").forEach(i -> assessed.put(i.path("itemId").asText(), i));
        StringBuilder h = new StringBuilder("<h2>Declared and measured</h2><table><tr><th>item</th><th>declared mass</th>"
                + "<th>measured mass</th><th>allowed deviation</th><th>declared fineness</th><th>measured fineness"
                + " (mean, upper bound)</th><th>shots</th></tr>");
        for (JsonNode i : p.path("declaration").path("items")) {
            JsonNode a = assessed.getOrDefault(i.path("itemId").asText(), com.fasterxml.jackson.databind.node.MissingNode
                    .getInstance());
            JsonNode m = a.path("mass");
            JsonNode f = a.path("fineness");
            h.append("<tr><td>").append(esc(i.path("itemId").asText())).append("</td><td>")
                    .append(esc(i.path("netMass").path("value").asText() + " " + i.path("netMass").path("unit").asText()))
                    .append("</td><td>").append(m.isMissingNode() || m.isNull() ? "not weighed"
                            : String.format(java.util.Locale.ROOT, "%.2f g", m.path("measuredGrams").asDouble()))
                    .append("</td><td>").append(m.isMissingNode() || m.isNull() ? ""
                            : String.format(java.util.Locale.ROOT, "± %.2f g%s", m.path("allowedGrams").asDouble(),
                            Math.abs(m.path("measuredGrams").asDouble() - m.path("declaredGrams").asDouble())
                                    > m.path("allowedGrams").asDouble() + 1e-9 ? " <b class=\"RED\">exceeded</b>" : ""))
                    .append("</td><td>").append(esc(i.path("fineness").asText())).append("</td><td>")
                    .append(f.isMissingNode() || f.isNull() ? "not assessed" : String.format(java.util.Locale.ROOT,
                            "%s %.3f %%, ≤ %.3f %% (%.0f %% confidence)%s", esc(f.path("metal").asText()),
                            f.path("meanPercent").asDouble(), f.path("meanPercent").asDouble()
                                    + f.path("coverageFactor").asDouble() * f.path("standardUncertainty").asDouble(),
                            f.path("confidence").asDouble() * 100, f.path("belowDeclared").asBoolean()
                                    ? " <b class=\"RED\">below declared</b>" : ""))
                    .append("</td><td>").append(a.path("xrfShots").asInt()).append("</td></tr>");
        }
        return h.append("</table>").toString();
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
