package org.touchstone.agent.console;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.touchstone.agent.Agent;
import org.touchstone.agent.Json;
import org.touchstone.agent.alert.Alert;
import org.touchstone.agent.assessment.Verdict;
import org.touchstone.agent.calibration.CalibrationRecord;
import org.touchstone.agent.calibration.ControlChart;
import org.touchstone.agent.calibration.DeviceTrust;
import org.touchstone.agent.calibration.ScaleVerificationRecord;
import org.touchstone.agent.calibration.TrustState;
import org.touchstone.agent.calibration.XrfCheckRecord;
import org.touchstone.agent.config.AgentConfig;
import org.touchstone.agent.config.ConfigLoader;
import org.touchstone.agent.config.ScaleConfig;
import org.touchstone.agent.config.ScannerConfig;
import org.touchstone.agent.config.XrfConfig;
import org.touchstone.agent.declaration.Declaration;
import org.touchstone.agent.declaration.DeclarationReader;
import org.touchstone.agent.declaration.DeclarationRejectedException;
import org.touchstone.agent.inspection.Weighing;
import org.touchstone.agent.evidence.EvidencePackage;
import org.touchstone.agent.journal.JournalRecord;
import org.touchstone.agent.journal.RecordType;
import org.touchstone.agent.journal.SqliteJournal;
import org.touchstone.agent.report.AgentEvents;
import org.touchstone.agent.security.Officer;
import org.touchstone.drivers.reading.Reading;
import org.touchstone.drivers.reading.WeightReading;
import org.touchstone.drivers.reading.XrfReading;

/**
 * The console's one way into the agent: it listens to the agent's events (registered as one of its sinks before
 * the agent starts), reads the journal through a connection of its own, and passes officers' commands to the
 * agent's desk. Nothing else in the console knows the agent's classes.
 */
public final class AgentConsoleBackend implements ConsoleBackend, AgentEvents, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AgentConsoleBackend.class);
    private static final String END = "9999";
    private static final int MAX_SELECTIONS = 100;

    private final ConfigLoader.Loaded loaded;
    private final AgentConfig config;
    private final Clock clock;
    private final ObjectMapper json = Json.mapper().copy().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private final DeclarationReader declarations = new DeclarationReader();
    private final ConsoleBoard board = new ConsoleBoard();
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private final Map<String, Deque<SelectionEntry>> selections = new HashMap<>();
    private final Map<String, SelectionEntry> closures = new HashMap<>();
    private final Map<String, TrustState> shownTrust = new HashMap<>();
    private final ScheduledExecutorService watcher = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "console-trust");
        t.setDaemon(true);
        return t;
    });
    private volatile Agent agent;
    private volatile SqliteJournal reader;
    private volatile String lastUnboundShown = "";
    private volatile long lastUnboundPushNanos;

    public AgentConsoleBackend(ConfigLoader.Loaded loaded, Clock clock) {
        this.loaded = loaded;
        this.config = loaded.config();
        this.clock = clock;
    }

    /**
     * Joins the started agent: opens the console's own read connection to the journal, puts back the inspections,
     * alerts and selections it holds, and starts watching the devices' trust (which changes with time as well as
     * with records: a check falls due at midnight).
     */
    public void attach(Agent started) {
        this.agent = started;
        this.reader = new SqliteJournal(started.journalFile(), json, clock);
        seed();
        watcher.scheduleWithFixedDelay(this::watchTrust, 0, 2, TimeUnit.SECONDS);
    }

    @Override
    public String postId() {
        return config.post().id();
    }

    // ---- the agent's events (desk thread: quick, never blocking) ----

    @Override
    public void declarationAccepted(Declaration declaration, String source) {
        board.opened(declaration, clock.instant());
        changed("inspections", "inspection:" + declaration.declarationId(), "bench");
    }

    @Override
    public void weighingRecorded(String declarationId, String itemId, Weighing weighing) {
        changed("inspection:" + declarationId, "bench");
    }

    @Override
    public void xrfShotRecorded(String declarationId, String itemId, XrfReading shot) {
        board.shot(shot, declarationId + "/" + itemId);
        changed("inspection:" + declarationId, "bench");
    }

    @Override
    public void readingReceived(Reading reading) {
        if (reading instanceof WeightReading w) {
            board.scale(w);
            listeners.forEach(l -> l.scaleIndication(w));
        } else if (reading instanceof XrfReading x) {
            board.shot(x, null);
            changed("bench");
        }
    }

    @Override
    public void readingUnbound(Reading reading, String reason) {
        board.unbound(new Unbound(reading.deviceId(), reason, clock.instant()));
        // A load on an unselected pan is reported at every poll: the bench is told when the reason changes, and
        // again every few seconds, not four times a second.
        String key = reading.deviceId() + ":" + reason;
        long now = System.nanoTime();
        if (!key.equals(lastUnboundShown) || now - lastUnboundPushNanos > TimeUnit.SECONDS.toNanos(3)) {
            lastUnboundShown = key;
            lastUnboundPushNanos = now;
            changed("bench");
        }
    }

    @Override
    public void deviceStatus(String deviceId, String state, String detail) {
        board.deviceState(deviceId, new ConsoleBoard.DeviceState(state, detail, clock.instant()));
        changed("devices", "bench");
    }

    @Override
    public void activeItemChanged(String declarationId, String itemId, String medium, String source) {
        Instant at = clock.instant();
        board.activeItem(new ActiveItem(declarationId, itemId, medium, source, at));
        addSelection(declarationId, new SelectionEntry(0, at, itemId, medium, source, officerOf(source)));
        lastUnboundShown = "";
        changed("bench", "inspection:" + declarationId);
    }

    @Override
    public void selectionWeighed(String declarationId, String itemId, String deviceId) {
        board.selectionWeighed();
        lastUnboundShown = "";
        changed("bench");
    }

    @Override
    public void inspectionClosed(String declarationId, String source) {
        Instant at = clock.instant();
        board.closed(declarationId, at, officerOrSource(source));
        synchronized (closures) {
            closures.putIfAbsent(declarationId, new SelectionEntry(0, at, null, null, source, officerOf(source)));
        }
        changed("inspections", "inspection:" + declarationId, "bench");
    }

    @Override
    public void verdictChanged(Verdict verdict, int revision) {
        board.verdict(verdict, revision);
        changed("inspections", "inspection:" + verdict.declarationId(), "bench");
    }

    @Override
    public void alertRaised(Alert alert) {
        board.alert(alert);
        changed("alerts", "inspections", "inspection:" + alert.declarationId());
    }

    private void changed(String... topics) {
        Set<String> set = new LinkedHashSet<>(List.of(topics));
        listeners.forEach(l -> l.changed(set));
    }

    @Override
    public void listen(Listener listener) {
        listeners.add(listener);
    }

    // ---- reading ----

    @Override
    public List<InspectionSummary> inspections() {
        return board.inspections();
    }

    @Override
    public Optional<InspectionDetail> inspection(String declarationId) {
        SqliteJournal j = reader;
        if (j == null) {
            return Optional.empty();
        }
        List<JournalRecord> records = j.records(declarationId);
        if (records.isEmpty()) {
            return Optional.empty();
        }
        Declaration declaration = board.declaration(declarationId).orElse(null);
        List<WeighingEntry> weighings = new ArrayList<>();
        List<ShotEntry> shots = new ArrayList<>();
        List<Alert> life = new ArrayList<>();
        Verdict journaled = null;
        for (JournalRecord r : records) {
            try {
                JsonNode data = json.readTree(r.data());
                RecordType type = r.type();
                if (type == null) {
                    continue;
                }
                switch (type) {
                    case DECLARATION -> {
                        if (declaration == null) {
                            declaration = declarations.read(json.writeValueAsBytes(data.path("document")),
                                    "journal #" + r.seq());
                        }
                    }
                    case WEIGHING -> weighings.add(new WeighingEntry(r.seq(), data.path("itemId").asText(),
                            Weighing.Medium.valueOf(data.path("medium").asText("AIR")),
                            json.treeToValue(data.path("reading"), WeightReading.class), trust(data, r)));
                    case XRF_SHOT -> shots.add(new ShotEntry(r.seq(), data.path("itemId").asText(),
                            json.treeToValue(data.path("reading"), XrfReading.class), trust(data, r)));
                    case VERDICT -> journaled = json.treeToValue(data.path("verdict"), Verdict.class);
                    case ALERT -> life.add(json.treeToValue(data, Alert.class));
                    default -> { }
                }
            } catch (IOException | DeclarationRejectedException | RuntimeException e) {
                log.warn("console: journal record #{} ({}) of {} cannot be read: {}", r.seq(), r.storedType(), declarationId,
                        e.getMessage());
            }
        }
        if (declaration == null) {
            return Optional.empty();
        }
        Verdict current = currentVerdict(declarationId);
        Declaration d = declaration;
        InspectionSummary summary = board.inspection(declarationId).orElseGet(() -> new InspectionSummary(
                declarationId, d.declarant(), d.exporter(), d.originCountry(), d.items().size(),
                Instant.parse(records.get(0).at()), current == null ? null : current.lane(),
                current != null && current.complete(), false, null, null, life.isEmpty() ? null : life.get(life.size() - 1)));
        List<SelectionEntry> chosen;
        synchronized (selections) {
            chosen = List.copyOf(selections.getOrDefault(declarationId, new ArrayDeque<>()));
        }
        SelectionEntry closure;
        synchronized (closures) {
            closure = closures.get(declarationId);
        }
        return Optional.of(new InspectionDetail(summary, declaration, current != null ? current : journaled, weighings,
                shots, chosen, life, closure));
    }

    /** The desk's verdict, current to the last reading; null after a restart for an inspection closed before it. */
    private Verdict currentVerdict(String declarationId) {
        Agent a = agent;
        if (a == null) {
            return null;
        }
        try {
            return a.verdict(declarationId);
        } catch (Exception e) {
            return null;
        }
    }

    private DeviceTrust trust(JsonNode data, JournalRecord r) throws IOException {
        JsonNode t = data.get("trust");
        if (t == null || t.isNull()) {
            return DeviceTrust.unknown(data.path("reading").path("deviceId").asText("?"));
        }
        return json.treeToValue(t, DeviceTrust.class);
    }

    @Override
    public Bench bench() {
        List<ScaleNow> scales = new ArrayList<>();
        Map<String, WeightReading> now = board.scales();
        for (ScaleConfig s : config.scales()) {
            scales.add(new ScaleNow(s.id(), now.get(s.id()), s.metrology().minimumLoadGrams()));
        }
        List<InspectionDetail> open = new ArrayList<>();
        for (InspectionSummary s : board.inspections()) {
            if (s.open()) {
                inspection(s.declarationId()).ifPresent(open::add);
            }
        }
        return new Bench(board.active(), board.isSelectionWeighed(), scales, board.lastShot(), board.lastUnbound(), open);
    }

    @Override
    public List<AlertLife> alerts() {
        return board.alerts();
    }

    @Override
    public List<DeviceView> devices() {
        Agent a = agent;
        Instant now = clock.instant();
        List<DeviceView> out = new ArrayList<>();
        for (ScaleConfig s : config.scales()) {
            List<CalibrationRecord> history = a == null ? List.of() : a.calibrations().history(s.id());
            String where = s.serial() != null ? s.serial().path() : s.tcp() != null ? s.tcp().host() + ":" + s.tcp().port()
                    : "MQTT";
            out.add(view(s.id(), "scale", s.protocol() + ", " + s.transport() + " " + where, history,
                    a == null ? null : a.calibrations().trustAt(s.id(), now), s.metrology(), List.of()));
        }
        for (XrfConfig x : config.xrfAnalyzers()) {
            List<CalibrationRecord> history = a == null ? List.of() : a.calibrations().history(x.id());
            List<XrfCheckRecord> checks = history.stream().filter(r -> r instanceof XrfCheckRecord)
                    .map(r -> (XrfCheckRecord) r).toList();
            List<ControlChart> charts = ControlChart.keys(checks).stream()
                    .map(k -> ControlChart.of(x.id(), k, checks)).toList();
            out.add(view(x.id(), "xrf", x.source() + (x.model() == null ? "" : ", " + x.model()), history,
                    a == null ? null : a.calibrations().trustAt(x.id(), now), null, charts));
        }
        for (ScannerConfig sc : config.scanners()) {
            out.add(view(sc.id(), "scanner", sc.serial() != null ? "serial " + sc.serial().path()
                    : "tcp " + sc.tcp().host() + ":" + sc.tcp().port(), List.of(), null, null, List.of()));
        }
        return out;
    }

    private DeviceView view(String id, String kind, String description, List<CalibrationRecord> history,
                            DeviceTrust trust, org.touchstone.agent.metrology.ScaleMetrology metrology,
                            List<ControlChart> charts) {
        ConsoleBoard.DeviceState state = board.deviceState(id);
        String serial = board.serial(id);
        for (int i = history.size() - 1; serial == null && i >= 0; i--) {
            CalibrationRecord r = history.get(i);
            serial = r instanceof ScaleVerificationRecord s ? s.serialNumber()
                    : r instanceof XrfCheckRecord x ? x.serialNumber() : null;
        }
        return new DeviceView(id, kind, description, state == null ? null : state.state(),
                state == null ? null : state.detail(), state == null ? null : state.at(), serial, board.model(id), trust,
                history, metrology, charts);
    }

    @Override
    public ObjectNode evidence(String declarationId) {
        SqliteJournal j = reader;
        if (j == null) {
            throw new IllegalArgumentException("the console is not attached to an agent yet");
        }
        return EvidencePackage.build(j, declarationId, postId(), Json.mapper(), clock.instant());
    }

    // ---- commands ----

    @Override
    public CompletableFuture<Confirmation> selectItem(Officer officer, String declarationId, String itemId,
                                                      Weighing.Medium medium) {
        return confirm("select", RecordType.ACTIVE_ITEM, agent().selectItemAs(officer.id(), declarationId, itemId, medium));
    }

    @Override
    public CompletableFuture<Confirmation> closeInspection(Officer officer, String declarationId) {
        return confirm("close-inspection", RecordType.INSPECTION_CLOSED, agent().closeInspectionAs(officer.id(), declarationId));
    }

    @Override
    public CompletableFuture<Confirmation> acknowledgeAlert(Officer officer, String alertId, String note) {
        return confirm("alert-ack", RecordType.ALERT, agent().acknowledgeAlertAs(officer.id(), alertId, note));
    }

    @Override
    public CompletableFuture<Confirmation> closeAlert(Officer officer, String alertId, Alert.Outcome outcome,
                                                      String note) {
        return confirm("alert-close", RecordType.ALERT, agent().closeAlertAs(officer.id(), alertId, outcome, note));
    }

    private Agent agent() {
        Agent a = agent;
        if (a == null) {
            throw new IllegalStateException("the console is not attached to an agent yet");
        }
        return a;
    }

    /** The journal's word on a command: the record it wrote, read back, or the reason it refused. */
    private CompletableFuture<Confirmation> confirm(String command, RecordType type, CompletableFuture<Long> seq) {
        return seq.handle((n, failure) -> {
            if (failure != null) {
                Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                        ? failure.getCause() : failure;
                String reason = cause instanceof IllegalArgumentException ? cause.getMessage()
                        : "the agent could not record it: " + cause.getMessage();
                return Confirmation.refused(command, reason, clock.instant());
            }
            for (JournalRecord r : reader.records(type, n - 1)) {
                if (r.seq() == n) {
                    JsonNode data = readTree(r.data());
                    if (type == RecordType.INSPECTION_CLOSED) {
                        synchronized (closures) {
                            closures.put(data.path("declarationId").asText(), new SelectionEntry(r.seq(),
                                    Instant.parse(r.at()), null, null, data.path("source").asText(),
                                    data.path("by").asText(null)));
                        }
                    } else if (type == RecordType.ACTIVE_ITEM) {
                        numberSelection(data.path("declarationId").asText(), r);
                    }
                    return new Confirmation(command, true, null, r.seq(), Instant.parse(r.at()), r.storedType(), r.hash(), data);
                }
            }
            return Confirmation.refused(command, "the agent reported journal record #" + n
                    + " but the journal does not hold it", clock.instant());
        });
    }

    // ---- the journal at start, and the devices' trust ----

    /** Puts back what the journal holds of the recent inspections, so a restart shows them as before. */
    private void seed() {
        long firstSeq = Long.MAX_VALUE;
        List<JournalRecord> kept = new ArrayList<>();
        Deque<JournalRecord> declarationsSeen = new ArrayDeque<>();
        reader.forEachOfInspections(r -> {
            if (r.is(RecordType.DECLARATION)) {
                declarationsSeen.addLast(r);
                if (declarationsSeen.size() > ConsoleBoard.MAX_INSPECTIONS) {
                    declarationsSeen.removeFirst();
                }
            }
        });
        for (JournalRecord r : declarationsSeen) {
            try {
                Declaration d = declarations.read(json.writeValueAsBytes(json.readTree(r.data()).path("document")),
                        "journal #" + r.seq());
                board.opened(d, Instant.parse(r.at()));
                firstSeq = Math.min(firstSeq, r.seq());
            } catch (IOException | DeclarationRejectedException | RuntimeException e) {
                log.warn("console: declaration record #{} cannot be read: {}", r.seq(), e.getMessage());
            }
        }
        if (firstSeq == Long.MAX_VALUE) {
            return;
        }
        long from = firstSeq - 1;
        for (JournalRecord r : reader.records(RecordType.VERDICT, from)) {
            try {
                JsonNode data = json.readTree(r.data());
                board.verdict(json.treeToValue(data.path("verdict"), Verdict.class), data.path("revision").asInt());
            } catch (IOException | RuntimeException e) {
                log.warn("console: verdict record #{} cannot be read: {}", r.seq(), e.getMessage());
            }
        }
        for (JournalRecord r : reader.records(RecordType.ALERT, from)) {
            try {
                board.alert(json.treeToValue(json.readTree(r.data()), Alert.class));
            } catch (IOException | RuntimeException e) {
                log.warn("console: alert record #{} cannot be read: {}", r.seq(), e.getMessage());
            }
        }
        for (JournalRecord r : reader.records(RecordType.INSPECTION_CLOSED, from)) {
            JsonNode data = readTree(r.data());
            String id = data.path("declarationId").asText();
            String source = data.path("source").asText();
            String officer = data.path("by").asText(officerOf(source));
            board.closed(id, Instant.parse(r.at()), officer != null ? officer : source);
            synchronized (closures) {
                closures.put(id, new SelectionEntry(r.seq(), Instant.parse(r.at()), null, null, source, officer));
            }
        }
        for (JournalRecord r : reader.records(RecordType.ACTIVE_ITEM, from)) {
            JsonNode data = readTree(r.data());
            String source = data.path("source").asText();
            addSelection(data.path("declarationId").asText(), new SelectionEntry(r.seq(), Instant.parse(r.at()),
                    data.path("itemId").asText(), data.path("medium").asText(), source,
                    data.path("by").asText(officerOf(source))));
        }
    }

    private void watchTrust() {
        try {
            Agent a = agent;
            if (a == null) {
                return;
            }
            Instant now = clock.instant();
            boolean changed = false;
            List<String> ids = new ArrayList<>();
            config.scales().forEach(s -> ids.add(s.id()));
            config.xrfAnalyzers().forEach(x -> ids.add(x.id()));
            synchronized (shownTrust) {
                for (String id : ids) {
                    TrustState state = a.calibrations().trustAt(id, now).state();
                    if (shownTrust.put(id, state) != state) {
                        changed = true;
                    }
                }
            }
            if (changed) {
                changed("devices", "bench");
            }
        } catch (RuntimeException e) {
            log.warn("console: cannot read the devices' trust: {}", e.toString());
        }
    }

    private void addSelection(String declarationId, SelectionEntry e) {
        synchronized (selections) {
            Deque<SelectionEntry> list = selections.computeIfAbsent(declarationId, k -> new ArrayDeque<>());
            list.addLast(e);
            if (list.size() > MAX_SELECTIONS) {
                list.removeFirst();
            }
        }
    }

    /** Gives the selection the console made its journal number, once the journal has confirmed it. */
    private void numberSelection(String declarationId, JournalRecord r) {
        synchronized (selections) {
            Deque<SelectionEntry> list = selections.get(declarationId);
            if (list == null) {
                return;
            }
            JsonNode data = readTree(r.data());
            List<SelectionEntry> copy = new ArrayList<>(list);
            for (int i = copy.size() - 1; i >= 0; i--) {
                SelectionEntry e = copy.get(i);
                if (e.seq() == 0 && data.path("itemId").asText().equals(e.itemId())
                        && data.path("source").asText().equals(e.source())) {
                    copy.set(i, new SelectionEntry(r.seq(), Instant.parse(r.at()), e.itemId(), e.medium(), e.source(),
                            e.officer()));
                    list.clear();
                    list.addAll(copy);
                    return;
                }
            }
        }
    }

    /** The officer a command's source names ({@code console officer ana}), or null. */
    static String officerOf(String source) {
        String prefix = "console officer ";
        return source != null && source.startsWith(prefix) ? source.substring(prefix.length()) : null;
    }

    private static String officerOrSource(String source) {
        String officer = officerOf(source);
        return officer != null ? officer : source;
    }

    private JsonNode readTree(String text) {
        try {
            return json.readTree(text);
        } catch (IOException e) {
            return json.createObjectNode();
        }
    }

    @Override
    public void close() {
        watcher.shutdownNow();
        SqliteJournal j = reader;
        if (j != null) {
            j.close();
        }
    }
}
