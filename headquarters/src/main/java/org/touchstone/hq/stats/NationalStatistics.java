package org.touchstone.hq.stats;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * The national picture for the report: seizures by typology (finding code), metal, origin country, declarant, post
 * and month; open RED alerts; posts online or dark; devices out of trust; chain breaks; trends by month. Times are
 * UTC; a period is {@code [from, to)}.
 *
 * <p>A seizure is an alert closed with outcome SEIZED, dated by its closure. Its typologies are the finding codes
 * and its metals the items of the verdict that alert carried when it was closed. A seizure with two codes counts
 * once under each code, and once in every total that does not split by code.
 */
public final class NationalStatistics {

    /** How seizures can be split. */
    public enum Dimension {
        TYPOLOGY("codes.code", "typology"),
        METAL("metals.metal", "metal"),
        ORIGIN("coalesce(s.origin_country, 'unknown')", "origin_country"),
        DECLARANT("coalesce(s.declarant, 'unknown')", "declarant"),
        POST("s.post_id", "post"),
        MONTH("to_char(s.closed_at AT TIME ZONE 'UTC', 'YYYY-MM')", "month");

        private final String expression;
        private final String column;

        Dimension(String expression, String column) {
            this.expression = expression;
            this.column = column;
        }

        /** {@code typology}, {@code metal}, {@code origin}, {@code declarant}, {@code post}, {@code month}. */
        public static Dimension named(String name) {
            for (Dimension d : values()) {
                if (d.name().equalsIgnoreCase(name.strip()) || d.column.equalsIgnoreCase(name.strip())) {
                    return d;
                }
            }
            throw new IllegalArgumentException("unknown split '" + name + "'; one of typology, metal, origin, declarant,"
                    + " post, month");
        }
    }

    private final DataSource dataSource;

    public NationalStatistics(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** One row per seizure in the period, with what it was about. */
    public Table seizures(Instant from, Instant to) throws SQLException {
        return query("Seizures " + period(from, to), """
                SELECT s.alert_id, s.post_id AS post, s.declaration_id, s.closed_at,
                       to_char(s.closed_at AT TIME ZONE 'UTC', 'YYYY-MM') AS month,
                       coalesce(s.declarant, 'unknown') AS declarant,
                       coalesce(s.origin_country, 'unknown') AS origin_country,
                       (SELECT string_agg(DISTINCT f.code, ';') FROM finding f WHERE f.message_id = s.message_id) AS typology,
                       (SELECT string_agg(DISTINCT coalesce(i.metal, 'unknown'), ';') FROM item i
                         WHERE i.message_id = s.message_id) AS metal,
                       (SELECT round(sum(i.declared_grams)::numeric, 2) FROM item i WHERE i.message_id = s.message_id)
                         AS declared_grams,
                       (SELECT round(sum(i.measured_grams)::numeric, 2) FROM item i WHERE i.message_id = s.message_id)
                         AS measured_grams,
                       s.closed_by, s.closure_note
                  FROM alert s
                 WHERE s.outcome = 'SEIZED' AND s.closed_at >= ? AND s.closed_at < ?
                 ORDER BY s.closed_at, s.alert_id""", from, to);
    }

    /** Seizures in the period counted by the given splits (at least one). */
    public Table seizuresBy(List<Dimension> by, Instant from, Instant to) throws SQLException {
        if (by.isEmpty()) {
            throw new IllegalArgumentException("name at least one split");
        }
        List<String> select = new ArrayList<>();
        List<String> group = new ArrayList<>();
        for (Dimension d : by) {
            select.add(d.expression + " AS " + d.column);
            group.add(d.expression);
        }
        StringBuilder sql = new StringBuilder("WITH s AS (SELECT * FROM alert WHERE outcome = 'SEIZED'"
                + " AND closed_at >= ? AND closed_at < ?)\nSELECT ").append(String.join(", ", select))
                .append(", count(DISTINCT s.alert_id) AS seizures\n  FROM s");
        if (by.contains(Dimension.TYPOLOGY)) {
            sql.append("\n  JOIN (SELECT DISTINCT message_id, code FROM finding) codes ON codes.message_id = s.message_id");
        }
        if (by.contains(Dimension.METAL)) {
            sql.append("\n  LEFT JOIN (SELECT DISTINCT message_id, coalesce(metal, 'unknown') AS metal FROM item) metals"
                    + " ON metals.message_id = s.message_id");
        }
        sql.append("\n GROUP BY ").append(String.join(", ", group)).append("\n ORDER BY ")
                .append(String.join(", ", group));
        String title = "Seizures by " + String.join(", ", by.stream().map(d -> d.column).toList()) + " " + period(from, to);
        return query(title, sql.toString(), from, to);
    }

    /** RED alerts not yet closed, anywhere in the country, oldest first. */
    public Table openRedAlerts() throws SQLException {
        return query("Open RED alerts", """
                SELECT alert_id, post_id AS post, declaration_id, state, raised_at, updated_at, acknowledged_by,
                       (SELECT string_agg(DISTINCT f.code, ';') FROM finding f WHERE f.message_id = a.message_id) AS typology
                  FROM alert a
                 WHERE lane = 'RED' AND state <> 'CLOSED'
                 ORDER BY raised_at, alert_id""");
    }

    /**
     * Every post: its presence, its bridge, when it was last heard, and its chain. A post is dark when its agent's
     * last word was offline, when its broker's bridge is down, or when nothing came from it for {@code silence}.
     */
    public Table posts(Duration silence, Instant now) throws SQLException {
        return query("Posts", """
                SELECT p.post_id AS post, coalesce(p.presence, 'unknown') AS presence, p.presence_changed_at,
                       CASE WHEN p.bridge_connected IS NULL THEN 'unknown' WHEN p.bridge_connected THEN 'connected'
                            ELSE 'disconnected' END AS bridge,
                       last.at AS last_message_at,
                       (coalesce(p.presence, '') = 'offline' OR p.bridge_connected IS FALSE
                         OR coalesce(greatest(last.at, p.presence_changed_at), p.first_seen_at) < ?) AS dark,
                       p.chain_broken, p.head_seq, p.head_at
                  FROM post p
                  LEFT JOIN LATERAL (SELECT max(m.received_at) AS at FROM message m WHERE m.post_id = p.post_id) last
                    ON true
                 ORDER BY p.post_id""", now.minus(silence));
    }

    /** Devices whose latest known trust is not TRUSTED. */
    public Table devicesOutOfTrust() throws SQLException {
        return query("Devices out of trust", """
                SELECT post_id AS post, device_id, trust, trust_reason, trust_at, next_due, state, state_at
                  FROM device
                 WHERE trust IS NOT NULL AND trust <> 'TRUSTED'
                 ORDER BY post_id, device_id""");
    }

    /** One device's trust over time. */
    public Table deviceTrustHistory(String postId, String deviceId) throws SQLException {
        return query("Trust of " + postId + "/" + deviceId, """
                SELECT observed_at, trust, reason, next_due, source_message_id
                  FROM device_trust WHERE post_id = ? AND device_id = ? ORDER BY observed_at""", postId, deviceId);
    }

    /** Posts whose chain did not extend, with what was seen. */
    public Table chainBreaks() throws SQLException {
        return query("Chain breaks", """
                SELECT post_id AS post, kind, detail, message_id, expected_seq, got_seq, detected_at
                  FROM chain_break ORDER BY detected_at, id""");
    }

    /** Per month of the period: inspections and their lanes (by latest assessment), alerts raised, seizures. */
    public Table trends(Instant from, Instant to) throws SQLException {
        return query("Trends by month " + period(from, to), """
                WITH months AS (
                  SELECT generate_series(date_trunc('month', ? AT TIME ZONE 'UTC'),
                                         date_trunc('month', (? - interval '1 microsecond') AT TIME ZONE 'UTC'),
                                         interval '1 month') AS m),
                bounds AS (SELECT m, m AT TIME ZONE 'UTC' AS lo, (m + interval '1 month') AT TIME ZONE 'UTC' AS hi
                             FROM months)
                SELECT to_char(b.m, 'YYYY-MM') AS month,
                       (SELECT count(*) FROM inspection i WHERE i.assessed_at >= b.lo AND i.assessed_at < b.hi) AS inspections,
                       (SELECT count(*) FROM inspection i WHERE i.assessed_at >= b.lo AND i.assessed_at < b.hi
                          AND i.lane = 'GREEN') AS green,
                       (SELECT count(*) FROM inspection i WHERE i.assessed_at >= b.lo AND i.assessed_at < b.hi
                          AND i.lane = 'YELLOW') AS yellow,
                       (SELECT count(*) FROM inspection i WHERE i.assessed_at >= b.lo AND i.assessed_at < b.hi
                          AND i.lane = 'RED') AS red,
                       (SELECT count(*) FROM alert a WHERE a.raised_at >= b.lo AND a.raised_at < b.hi) AS alerts_raised,
                       (SELECT count(*) FROM alert a WHERE a.outcome = 'SEIZED' AND a.closed_at >= b.lo
                          AND a.closed_at < b.hi) AS seizures
                  FROM bounds b ORDER BY b.m""", from, to);
    }

    /** Message counts since the start: what was stored, repeats set aside with other content, refused. */
    public Map<String, Long> ingestionCounts() throws SQLException {
        Map<String, Long> counts = new LinkedHashMap<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("""
                SELECT (SELECT count(*) FROM message), (SELECT count(*) FROM message_conflict),
                       (SELECT count(*) FROM rejected_message), (SELECT count(*) FROM post)""");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            counts.put("messages", rs.getLong(1));
            counts.put("conflicts", rs.getLong(2));
            counts.put("rejected", rs.getLong(3));
            counts.put("posts", rs.getLong(4));
        }
        return counts;
    }

    private Table query(String title, String sql, Object... parameters) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                Object p = parameters[i];
                ps.setObject(i + 1, p instanceof Instant t ? t.atOffset(ZoneOffset.UTC) : p);
            }
            try (ResultSet rs = ps.executeQuery()) {
                return Table.of(title, rs);
            }
        }
    }

    private static String period(Instant from, Instant to) {
        return "from " + from + " to " + to;
    }
}
