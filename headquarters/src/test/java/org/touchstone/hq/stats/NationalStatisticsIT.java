package org.touchstone.hq.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.StringReader;
import java.io.StringWriter;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.touchstone.agent.alert.Alert;
import org.touchstone.agent.assessment.FindingCode;
import org.touchstone.agent.assessment.Lane;
import org.touchstone.agent.journal.PendingMessage;
import org.touchstone.hq.TestDatabase;
import org.touchstone.hq.ingest.PostMessageReader;
import org.touchstone.hq.ingest.Received;
import org.touchstone.hq.load.SimulatedPost;
import org.touchstone.hq.store.Database;
import org.touchstone.hq.store.MessageStore;

/**
 * Statistics over three simulated posts' year of traffic, compared with counts made here in Java from what each
 * post decided ({@link SimulatedPost#decisions()}), not from the database.
 */
class NationalStatisticsIT {

    private static final ObjectMapper json = new ObjectMapper();
    private static final String[] DECLARANTS = {"Sahel Gold SARL", "Kivu Trading, Ltd.", "Andes \"Oro\" SA"};
    private static final String[] ORIGINS = {"ML", "CD", "PE"};
    private static TestDatabase db;
    private static Database database;
    private static NationalStatistics stats;
    private static final List<SimulatedPost.Decision> decided = new ArrayList<>();
    private static final Map<String, String> declarantOf = new HashMap<>();
    private static String leftOpen;
    private static final Instant FROM = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant TO = Instant.parse("2027-01-01T00:00:00Z");

    @BeforeAll
    static void load() throws Exception {
        // Failsafe may run the class again in the same JVM after a failure: start from nothing.
        decided.clear();
        declarantOf.clear();
        leftOpen = null;
        db = TestDatabase.create();
        database = Database.open(db.config(), "hq-stats");
        MessageStore store = new MessageStore(database.dataSource(), "hq-test", p -> null);
        PostMessageReader reader = new PostMessageReader("touchstone");
        List<Received> batch = new ArrayList<>();
        for (int p = 0; p < 3; p++) {
            SimulatedPost post = new SimulatedPost("touchstone", "post-" + (char) ('a' + p), 100 + p);
            for (int i = 0; i < 300; i++) {
                Instant at = FROM.plus(Duration.ofHours(7L * 24 * 52 * i / 300 + 3));
                List<PendingMessage> messages = post.inspection(at);
                SimulatedPost.Decision d = post.decisions().get(post.decisions().size() - 1);
                String declarant = DECLARANTS[(i + p) % 3];
                String origin = ORIGINS[i % 3];
                declarantOf.put(d.postId() + ":" + d.declarationId(), declarant + "|" + origin);
                if (leftOpen == null && d.lane() == Lane.RED) {
                    // This alert is never closed: raised and acknowledged only.
                    messages = messages.subList(0, messages.size() - 1);
                    leftOpen = d.postId() + ":" + d.declarationId();
                } else {
                    decided.add(d);
                }
                for (PendingMessage m : messages) {
                    batch.add(Received.read(reader, m.topic(), withDeclaration(m.payload(), declarant, origin, d.metal()),
                            Instant.now()));
                }
            }
        }
        store.store(batch);
        // A verdict that used a scale out of trust (as the agent's Assessor words it), and a later device status.
        String untrusted = """
                {"declarationId":"D900","lane":"YELLOW","complete":true,"revision":1,"messageId":"post-a:D900:verdict:1",
                 "postId":"post-a","assessedAt":"2026-06-01T10:00:00Z",
                 "findings":[{"code":"INCOMPLETE_INSPECTION","itemId":"1","severity":"YELLOW","message":"...",
                   "evidence":{"reason":"UNTRUSTED_DEVICE","devicesNeedingCheck":["scale-2"],
                     "devices":[{"deviceId":"scale-2","trust":"FAILED","reason":"verification failed: eccentricity"}]}}],
                 "items":[],"notTested":[]}""";
        store.store(List.of(Received.read(reader, "touchstone/post-a/inspections/D900/verdict", untrusted.getBytes(),
                Instant.now())));
        stats = new NationalStatistics(database.dataSource());
    }

    /** The declaration block a post's verdict may carry (see PostMessageReader): declarant, origin, items' metal. */
    private static byte[] withDeclaration(byte[] payload, String declarant, String origin, String metal) throws Exception {
        ObjectNode node = (ObjectNode) json.readTree(payload);
        ObjectNode target = node.has("verdict") ? (ObjectNode) node.get("verdict") : node;
        ObjectNode declaration = target.putObject("declaration");
        declaration.put("declarant", declarant).put("originCountry", origin);
        declaration.putArray("items").addObject().put("itemId", "1").put("metal", metal).put("hsCode", "7108.12")
                .put("netMassGrams", 1000.0);
        return json.writeValueAsBytes(node);
    }

    @AfterAll
    static void drop() throws SQLException {
        if (database != null) {
            database.close();
        }
        if (db != null) {
            db.close();
        }
    }

    private static List<SimulatedPost.Decision> seized() {
        return decided.stream().filter(d -> d.outcome() == Alert.Outcome.SEIZED).toList();
    }

    private static Map<String, Long> counted(Table t, String key) {
        Map<String, Long> m = new TreeMap<>();
        List<Object> keys = t.column(key);
        List<Object> counts = t.column("seizures");
        for (int i = 0; i < keys.size(); i++) {
            m.put(String.valueOf(keys.get(i)), ((Number) counts.get(i)).longValue());
        }
        return m;
    }

    @Test
    void seizuresByTypology_metal_post_month_origin_declarant_equalWhatThePostsDecided() throws Exception {
        assertTrue(seized().size() > 10, "enough seizures to mean something: " + seized().size());
        Map<String, Long> byCode = new TreeMap<>();
        Map<String, Long> byMetal = new TreeMap<>();
        Map<String, Long> byPostMonth = new TreeMap<>();
        Map<String, Long> byOrigin = new TreeMap<>();
        Map<String, Long> byDeclarant = new TreeMap<>();
        for (SimulatedPost.Decision d : seized()) {
            for (FindingCode c : d.findings()) {
                byCode.merge(c.name(), 1L, Long::sum);
            }
            byMetal.merge(d.metal(), 1L, Long::sum);
            String month = d.closedAt().atOffset(ZoneOffset.UTC).toString().substring(0, 7);
            byPostMonth.merge(d.postId() + "|" + month, 1L, Long::sum);
            String[] decl = declarantOf.get(d.postId() + ":" + d.declarationId()).split("\\|");
            byDeclarant.merge(decl[0], 1L, Long::sum);
            byOrigin.merge(decl[1], 1L, Long::sum);
        }
        assertEquals(byCode, counted(stats.seizuresBy(List.of(NationalStatistics.Dimension.TYPOLOGY), FROM, TO), "typology"));
        assertEquals(byMetal, counted(stats.seizuresBy(List.of(NationalStatistics.Dimension.METAL), FROM, TO), "metal"));
        assertEquals(byOrigin, counted(stats.seizuresBy(List.of(NationalStatistics.Dimension.ORIGIN), FROM, TO),
                "origin_country"));
        assertEquals(byDeclarant, counted(stats.seizuresBy(List.of(NationalStatistics.Dimension.DECLARANT), FROM, TO),
                "declarant"));
        Table postMonth = stats.seizuresBy(List.of(NationalStatistics.Dimension.POST, NationalStatistics.Dimension.MONTH),
                FROM, TO);
        Map<String, Long> got = new TreeMap<>();
        for (List<Object> row : postMonth.rows()) {
            got.put(row.get(0) + "|" + row.get(1), ((Number) row.get(2)).longValue());
        }
        assertEquals(byPostMonth, got);
        assertEquals(seized().size(), stats.seizures(FROM, TO).rows().size());
    }

    @Test
    void theOpenRedAlert_theUntrustedScale_andTheTrendsAreThere() throws Exception {
        assertEquals(List.of(leftOpen), stats.openRedAlerts().column("alert_id"));
        Table devices = stats.devicesOutOfTrust();
        assertEquals(List.of("scale-2"), devices.column("device_id"));
        assertEquals(List.of("FAILED"), devices.column("trust"));
        Table trends = stats.trends(FROM, TO);
        assertEquals(12, trends.rows().size());
        long inspections = trends.column("inspections").stream().mapToLong(o -> ((Number) o).longValue()).sum();
        long red = trends.column("red").stream().mapToLong(o -> ((Number) o).longValue()).sum();
        long seizures = trends.column("seizures").stream().mapToLong(o -> ((Number) o).longValue()).sum();
        assertEquals(900 + 1, inspections);
        assertEquals(decided.stream().filter(d -> d.lane() == Lane.RED).count() + 1, red);
        assertEquals(seized().size(), seizures);
        Table posts = stats.posts(Duration.ofDays(1), Instant.now());
        assertEquals(List.of("post-a", "post-b", "post-c"), posts.column("post"));
    }

    @Test
    void theCsvExport_quotesWhatNeedsQuoting_andReadsBackTheSame() throws Exception {
        Table t = stats.seizuresBy(List.of(NationalStatistics.Dimension.DECLARANT), FROM, TO);
        StringWriter out = new StringWriter();
        t.writeCsv(out);
        List<CSVRecord> records = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(new StringReader(out.toString())).getRecords();
        assertEquals(t.rows().size(), records.size());
        for (int i = 0; i < records.size(); i++) {
            assertEquals(String.valueOf(t.rows().get(i).get(0)), records.get(i).get("declarant"));
        }
        assertTrue(out.toString().contains("\"Andes \"\"Oro\"\" SA\""), out.toString());
        assertTrue(out.toString().contains("\"Kivu Trading, Ltd.\""), out.toString());
    }
}
