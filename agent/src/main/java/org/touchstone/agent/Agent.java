package org.touchstone.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.touchstone.agent.alert.Alert;
import org.touchstone.agent.alert.AlertBook;
import org.touchstone.agent.assessment.Assessor;
import org.touchstone.agent.assessment.ScaleMetrology;
import org.touchstone.agent.assessment.Verdict;
import org.touchstone.agent.calibration.CalibrationBook;
import org.touchstone.agent.calibration.CalibrationRecord;
import org.touchstone.agent.config.AgentConfig;
import org.touchstone.agent.config.ConfigLoader;
import org.touchstone.agent.config.DataDirectory;
import org.touchstone.agent.devices.DeviceContext;
import org.touchstone.agent.devices.DeviceStarter;
import org.touchstone.agent.declaration.Declaration;
import org.touchstone.agent.declaration.DeclarationReader;
import org.touchstone.agent.declaration.DeclarationRejectedException;
import org.touchstone.agent.inspection.Inspection;
import org.touchstone.agent.inspection.Weighing;
import org.touchstone.agent.inspection.XrfShot;
import org.touchstone.agent.journal.Journal;
import org.touchstone.agent.journal.SqliteJournal;
import org.touchstone.agent.journal.JournalVerifier;
import org.touchstone.agent.alert.AlertFile;
import org.touchstone.agent.mqtt.OutboxMessages;
import org.touchstone.agent.mqtt.OutboxPublisher;
import org.touchstone.agent.mqtt.Topics;
import org.touchstone.drivers.reading.Reading;
import org.touchstone.drivers.reading.XrfReading;
import org.touchstone.drivers.transport.mqtt.MqttConnection;

/**
 * The agent at a post: it reads declarations and instruments, keeps the inspections on one desk thread, and
 * journals every event before it tells anyone (console, log, MQTT).
 */
public final class Agent implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Agent.class);
    private static final Logger alertLog = LoggerFactory.getLogger("touchstone.alerts");

    private final AgentConfig config;
    private final ConfigLoader.Loaded loaded;
    private final Clock clock;
    private final ObjectMapper json = Json.mapper();
    private final Topics topics;
    private final List<AgentEvents> sinks = new ArrayList<>();
    private final ExecutorService deskThread;
    private final ScheduledExecutorService background;
    private final InspectionDesk desk;
    private final AlertBook alertBook;
    private final Map<String, Integer> verdictRevisions = new HashMap<>();
    private final List<AutoCloseable> devices = new ArrayList<>();
    private final Set<Path> seenDeclarationFiles = new HashSet<>();
    private final Set<String> knownDeclarations = new HashSet<>();
    private final Map<Path, Long> pendingDeclarationFiles = new HashMap<>();
    private final DeclarationReader declarationReader = new DeclarationReader();
    private final DeviceStarter deviceStarter;
    private final CalibrationBook calibrations = new CalibrationBook(json);
    private SqliteJournal journal;
    private MqttConnection mqtt;
    private OutboxMessages messages;
    private OutboxPublisher outbox;
    private AlertFile alertFile;
    private DataDirectory dataDirectoryLock;

    public Agent(ConfigLoader.Loaded loaded, Clock clock, DeviceStarter deviceStarter, List<AgentEvents> extraSinks) {
        this.loaded = loaded;
        this.config = loaded.config();
        this.clock = clock;
        this.deviceStarter = deviceStarter;
        this.topics = new Topics(config.mqtt().topicRoot(), config.post().id());
        Map<String, ScaleMetrology> metrology = new LinkedHashMap<>();
        config.scales().forEach(s -> metrology.put(s.id(), s.metrology()));
        this.desk = new InspectionDesk(new Assessor(config.assessment()), metrology, calibrations, clock,
                new DeskEvents());
        this.alertBook = new AlertBook(config.post().id());
        this.sinks.addAll(extraSinks);
        this.deskThread = Executors.newSingleThreadExecutor(r -> new Thread(r, "desk"));
        this.background = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "agent-background");
            t.setDaemon(true);
            return t;
        });
    }

    /** How often the journal is read for calibration records another process wrote. */
    static final long CALIBRATION_POLL_SECONDS = 3;

    public Topics topics() {
        return topics;
    }

    public Path dataDirectory() {
        return loaded.resolve(config.dataDirectory());
    }

    public Path journalFile() {
        return dataDirectory().resolve("journal.db");
    }

    /** Messages acknowledged by the broker since start (the outbox's count). */
    public long messagesPublished() {
        return outbox == null ? 0 : outbox.published();
    }

    public void start() {
        // One agent per data directory: a second one on the same configuration refuses here, before it touches
        // the journal, the broker or a serial port.
        dataDirectoryLock = DataDirectory.lock(dataDirectory(), config.post().id());
        journal = new SqliteJournal(journalFile(), json, clock);
        messages = new OutboxMessages(topics, json);
        journal.append("agentStarted", Map.of("postId", config.post().id(), "unsentMessages", journal.unsentCount()));
        calibrations.refresh(journal);
        // A technician's command writes calibration records into the same journal while the agent runs.
        background.scheduleWithFixedDelay(this::refreshCalibrations, CALIBRATION_POLL_SECONDS,
                CALIBRATION_POLL_SECONDS, TimeUnit.SECONDS);
        recover();
        try {
            alertFile = new AlertFile(dataDirectory().resolve("alerts.jsonl"), json);
            sinks.add(alertFile);
        } catch (IOException e) {
            log.error("cannot open the alert file in {}: {}; alerts still go to the journal, the log and MQTT",
                    dataDirectory(), e.getMessage());
        }
        mqtt = new MqttConnection(config.mqtt().settings(config.post().id(), loaded.baseDirectory()),
                new MqttConnection.Presence(topics.status(), "{\"state\":\"online\",\"postId\":\"" + config.post().id() + "\"}",
                        "{\"state\":\"offline\",\"postId\":\"" + config.post().id() + "\"}"));
        mqtt.subscribe(topics.alertAcknowledgeCommand(), 1, (topic, payload) -> onDesk(() -> alertCommand(topic, payload, false)));
        mqtt.subscribe(topics.alertCloseCommand(), 1, (topic, payload) -> onDesk(() -> alertCommand(topic, payload, true)));
        mqtt.subscribe(topics.declarations(), 1, (topic, payload) -> onDesk(() -> declarationPayload(topic, payload)));
        mqtt.subscribe(topics.activeItemCommand(), 1, (topic, payload) -> onDesk(() -> activeItemPayload(topic, payload)));
        mqtt.subscribe(topics.closeInspectionCommand(), 1,
                (topic, payload) -> onDesk(() -> closeInspectionPayload(topic, payload)));
        mqtt.start();
        outbox = new OutboxPublisher(journal, mqtt, clock);
        outbox.start();
        background.scheduleWithFixedDelay(this::retention, 1, 60, TimeUnit.MINUTES);
        if (config.declarations().folder() != null) {
            Path folder = loaded.resolve(config.declarations().folder());
            onDesk(() -> scanDeclarations(folder));
            background.scheduleWithFixedDelay(() -> onDesk(() -> scanDeclarations(folder)), 1, 1, TimeUnit.SECONDS);
        }
        devices.addAll(deviceStarter.start(config,
                new DeviceContext(clock, mqtt, topics, r -> onDesk(() -> reading(r)), deviceEvents(), loaded.baseDirectory())));
        log.info("agent for post {} started: {} scale(s), {} XRF analyzer(s), MQTT {}", config.post().id(),
                config.scales().size(), config.xrfAnalyzers().size(), config.mqtt().url());
    }

    /** Puts back the inspections the journal shows open, before any new reading can arrive. */
    private void recover() {
        Map<String, ScaleMetrology> metrology = new LinkedHashMap<>();
        config.scales().forEach(s -> metrology.put(s.id(), s.metrology()));
        InspectionRecovery.Result r = InspectionRecovery.recover(journal, json, desk, metrology, alertBook);
        verdictRevisions.putAll(r.verdictRevisions());
        knownDeclarations.addAll(r.knownDeclarations());
        // A file in the watched folder that was read before the restart is not read again.
        r.declarationSources().forEach(source -> seenDeclarationFiles.add(Path.of(source)));
        if (r.inspections() > 0) {
            journal.append("inspectionsRecovered", Map.of("inspections", r.inspections(), "weighings", r.weighings(),
                    "xrfShots", r.shots()));
            log.info("recovered {} open inspection(s) from the journal: {} weighing(s), {} XRF shot(s)",
                    r.inspections(), r.weighings(), r.shots());
        }
    }

    /** Device status reaches the journal and the sinks on the desk thread. */
    private AgentEvents deviceEvents() {
        return new AgentEvents() {
            @Override
            public void deviceStatus(String deviceId, String state, String detail) {
                onDesk(() -> {
                    java.time.Instant at = clock.instant();
                    journal.append("deviceStatus", null, Map.of("deviceId", deviceId, "state", state, "detail", nz(detail)),
                            List.of(messages.deviceStatus(deviceId, state, detail, at, journal.lastSeq() + 1)));
                    outbox.nudge();
                    sinks.forEach(s -> s.deviceStatus(deviceId, state, detail));
                });
            }

            @Override
            public void inputRejected(String source, String reason) {
                onDesk(() -> rejectInput(source, reason));
            }

            @Override
            public void itemScanned(String deviceId, String code) {
                onDesk(() -> scanned(deviceId, code));
            }
        };
    }

    /** Every device's calibration records and the trust they give (kept current from the journal). */
    public CalibrationBook calibrations() {
        return calibrations;
    }

    /** Journals a calibration record made in this process (the demo's commissioning); it applies at once. */
    public Future<?> recordCalibration(CalibrationRecord record) {
        return onDesk(() -> {
            calibrations.append(journal, record);
            log.info("calibration of {} recorded: {}", record.deviceId(), record.passed() ? "passed" : "FAILED "
                    + record.failures());
        });
    }

    private void refreshCalibrations() {
        try {
            int n = calibrations.refresh(journal);
            if (n > 0) {
                log.info("{} calibration record(s) read from the journal", n);
            }
        } catch (RuntimeException e) {
            log.warn("cannot read calibration records from {}: {}", journalFile(), e.getMessage());
        }
    }

    public boolean mqttConnected() {
        return mqtt != null && mqtt.isConnected();
    }

    /** Runs work on the desk thread; returns its future (tests and the demo wait on it). */
    public Future<?> onDesk(Runnable work) {
        return deskThread.submit(() -> {
            try {
                work.run();
            } catch (RuntimeException e) {
                log.error("desk task failed: {}", e.toString(), e);
            }
        });
    }

    /** Makes an item the one on the bench, as an inspector would from a tablet (also over MQTT). */
    public Future<?> setActiveItem(String declarationId, String itemId) {
        return onDesk(() -> activeItem(declarationId, itemId, Weighing.Medium.AIR, "command line"));
    }

    /** Submits a declaration file as if it had been dropped in the watched folder. */
    public Future<?> submitDeclaration(Path file) {
        return onDesk(() -> declarationFile(file));
    }

    /** The item on the bench, read on the desk thread. */
    public InspectionDesk.ItemRef activeItem() throws Exception {
        return deskThread.submit(desk::activeItem).get();
    }

    public Verdict verdict(String declarationId) throws Exception {
        return deskThread.submit(() -> desk.verdict(declarationId)).get();
    }

    private void reading(Reading r) {
        journal.append("reading", r);
        desk.accept(r);
        sinks.forEach(s -> s.readingReceived(r));
    }

    private void declarationPayload(String topic, byte[] payload) {
        try {
            accept(declarationReader.read(payload, topic), topic);
        } catch (DeclarationRejectedException e) {
            rejectDeclaration(topic, e);
        }
    }

    private void declarationFile(Path file) {
        try {
            accept(declarationReader.read(file), file.toString());
        } catch (DeclarationRejectedException e) {
            rejectDeclaration(file.toString(), e);
        }
    }

    private void accept(Declaration d, String source) {
        if (desk.isOpen(d.declarationId()) || knownDeclarations.contains(d.declarationId())) {
            String reason = "declaration " + d.declarationId() + (desk.isOpen(d.declarationId())
                    ? " is already under inspection" : " was inspected already") + "; a changed declaration needs a new id";
            journal.append("declarationRejected", Map.of("source", source, "reason", reason, "document", d.original()));
            sinks.forEach(s -> s.declarationRejected(source, reason));
            return;
        }
        journal.append("declaration", d.declarationId(), Map.of("source", source, "document", d.original()), List.of());
        knownDeclarations.add(d.declarationId());
        // Told before the inspection opens: opening assesses the declaration at once and may report a verdict.
        sinks.forEach(s -> s.declarationAccepted(d, source));
        desk.open(d);
    }

    private void rejectDeclaration(String source, DeclarationRejectedException e) {
        String reason = String.join("; ", e.problems().stream().map(Object::toString).toList());
        journal.append("declarationRejected", Map.of("source", source, "problems", e.problems()));
        log.warn("declaration refused from {}: {}", source, reason);
        sinks.forEach(s -> s.declarationRejected(source, reason));
    }

    /**
     * Reads a command's JSON payload, or refuses it (journaled, logged, shown) and returns null when it is not JSON
     * or a required text field is missing.
     */
    private JsonNode command(String topic, byte[] payload, String expected, String... requiredText) {
        JsonNode node;
        try {
            node = json.readTree(payload);
        } catch (IOException e) {
            rejectInput(topic, "not valid JSON: " + Json.problem(e));
            return null;
        }
        for (String field : requiredText) {
            if (node == null || !node.path(field).isTextual()) {
                rejectInput(topic, "expected " + expected);
                return null;
            }
        }
        return node;
    }

    private void activeItemPayload(String topic, byte[] payload) {
        JsonNode node = command(topic, payload, "{\"declarationId\": \"...\", \"itemId\": \"...\"}",
                "declarationId", "itemId");
        if (node == null) {
            return;
        }
        String medium = node.path("medium").asText("air");
        if (!medium.equals("air") && !medium.equals("water")) {
            rejectInput(topic, "medium: must be \"air\" or \"water\", was '" + medium + "'");
            return;
        }
        activeItem(node.get("declarationId").asText(), node.get("itemId").asText(),
                medium.equals("water") ? Weighing.Medium.WATER : Weighing.Medium.AIR, topic);
    }

    private void activeItem(String declarationId, String itemId, Weighing.Medium medium, String source) {
        try {
            desk.setActiveItem(declarationId, itemId, medium);
            journal.append("activeItem", Map.of("declarationId", declarationId, "itemId", itemId,
                    "medium", medium.name(), "source", source));
            sinks.forEach(s -> s.activeItemChanged(declarationId, itemId, medium.name(), source));
        } catch (IllegalArgumentException e) {
            rejectInput(source, e.getMessage());
        }
    }

    /**
     * A scanned label makes its item the one on the bench: {@code DECLARATION/ITEM}, or a bare item id that exactly
     * one open inspection has.
     */
    private void scanned(String deviceId, String code) {
        String source = "scanner " + deviceId;
        int slash = code.indexOf('/');
        if (slash > 0) {
            activeItem(code.substring(0, slash), code.substring(slash + 1), Weighing.Medium.AIR, source);
            return;
        }
        List<Inspection> having = desk.inspections().stream().filter(i -> i.item(code).isPresent()).toList();
        if (having.size() == 1) {
            activeItem(having.get(0).id(), code, Weighing.Medium.AIR, source);
        } else {
            rejectInput(source, "code '" + code + "' " + (having.isEmpty() ? "names no item of an open inspection"
                    : "names an item of " + having.size() + " open inspections; scan DECLARATION/ITEM labels"));
        }
    }

    private void closeInspectionPayload(String topic, byte[] payload) {
        JsonNode node = command(topic, payload, "{\"declarationId\": \"...\"}", "declarationId");
        if (node == null) {
            return;
        }
        closeInspection(node.get("declarationId").asText(), topic);
    }

    private void closeInspection(String declarationId, String source) {
        if (!desk.isOpen(declarationId)) {
            rejectInput(source, "no open inspection for declaration '" + declarationId + "'");
            return;
        }
        journal.append("inspectionClosed", Map.of("declarationId", declarationId, "source", source));
        desk.close(declarationId);
        sinks.forEach(s -> s.inspectionClosed(declarationId, source));
    }

    /** Closes an inspection as the inspector would: what was not measured becomes a finding. */
    public Future<?> closeInspection(String declarationId) {
        return onDesk(() -> closeInspection(declarationId, "command line"));
    }

    private void rejectInput(String source, String reason) {
        journal.append("inputRejected", Map.of("source", source, "reason", reason));
        log.warn("input refused from {}: {}", source, reason);
        sinks.forEach(s -> s.inputRejected(source, reason));
    }

    /**
     * Picks up new {@code *.json} files; a file is read once its size has stayed the same for one scan, so a
     * file still being copied is not read early.
     */
    private void scanDeclarations(Path folder) {
        if (!Files.isDirectory(folder)) {
            return;
        }
        List<Path> files;
        try (Stream<Path> list = Files.list(folder)) {
            files = list.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList();
        } catch (IOException e) {
            log.warn("cannot list declarations folder {}: {}", folder, e.getMessage());
            return;
        }
        for (Path file : files) {
            if (seenDeclarationFiles.contains(file)) {
                continue;
            }
            long size;
            try {
                size = Files.size(file);
            } catch (IOException e) {
                continue;
            }
            Long previous = pendingDeclarationFiles.put(file, size);
            if (previous != null && previous == size) {
                pendingDeclarationFiles.remove(file);
                seenDeclarationFiles.add(file);
                declarationFile(file);
            }
        }
    }

    private final class DeskEvents implements InspectionDesk.Listener {
        @Override
        public void weighingRecorded(Inspection inspection, String itemId, Weighing weighing) {
            journal.append("weighing", inspection.id(), Map.of("declarationId", inspection.id(), "itemId", itemId,
                    "medium", weighing.medium().name(), "reading", weighing.reading(), "trust", weighing.trust()),
                    List.of());
            sinks.forEach(s -> s.weighingRecorded(inspection.id(), itemId, weighing));
        }

        @Override
        public void xrfShotRecorded(Inspection inspection, String itemId, XrfShot shot) {
            journal.append("xrfShot", inspection.id(), Map.of("declarationId", inspection.id(), "itemId", itemId,
                    "reading", shot.reading(), "trust", shot.trust()), List.of());
            sinks.forEach(s -> s.xrfShotRecorded(inspection.id(), itemId, shot.reading()));
        }

        @Override
        public void readingUnbound(Reading reading, String reason) {
            journal.append("readingUnbound", Map.of("deviceId", reading.deviceId(), "reason", reason));
            sinks.forEach(s -> s.readingUnbound(reading, reason));
        }

        @Override
        public void verdictChanged(Verdict verdict, Verdict previous) {
            int revision = verdictRevisions.merge(verdict.declarationId(), 1, Integer::sum);
            journal.append("verdict", verdict.declarationId(), Map.of("revision", revision, "verdict", verdict),
                    List.of(messages.verdict(verdict, revision)));
            outbox.nudge();
            sinks.forEach(s -> s.verdictChanged(verdict, revision));
            alertBook.onVerdict(verdict).ifPresent(Agent.this::alert);
        }
    }

    /** An alert revision: journaled with its message, then logged and shown; returns its journal seq. */
    private long alert(Alert alert) {
        long seq = journal.append("alert", alert.declarationId(), alert, List.of(messages.alert(alert)));
        outbox.nudge();
        alertLog.warn("ALERT {} rev {} {} lane {} declaration {}: {}", alert.alertId(), alert.revision(), alert.state(),
                alert.lane(), alert.declarationId(), alert.verdict().findings().stream().map(f -> f.message()).toList());
        sinks.forEach(s -> s.alertRaised(alert));
        return seq;
    }

    private void alertCommand(String topic, byte[] payload, boolean closing) {
        JsonNode node = command(topic, payload, "{\"alertId\": \"...\", \"by\": \"...\", \"note\": \"...\""
                + (closing ? ", \"outcome\": \"RELEASED|DETAINED|SAMPLED|SEIZED\"" : "") + "}", "alertId", "by");
        if (node == null) {
            return;
        }
        String note = node.path("note").asText("");
        try {
            Alert a;
            if (closing) {
                Alert.Outcome outcome;
                try {
                    outcome = Alert.Outcome.valueOf(node.path("outcome").asText("").toUpperCase(java.util.Locale.ROOT));
                } catch (IllegalArgumentException e) {
                    rejectInput(topic, "outcome: must be RELEASED, DETAINED, SAMPLED or SEIZED, was '"
                            + node.path("outcome").asText("") + "'");
                    return;
                }
                a = alertBook.close(node.get("alertId").asText(), node.get("by").asText(), outcome, note, clock.instant());
            } else {
                a = alertBook.acknowledge(node.get("alertId").asText(), node.get("by").asText(), note, clock.instant());
            }
            alert(a);
        } catch (IllegalArgumentException e) {
            rejectInput(topic, e.getMessage());
        }
    }

    // Officers' commands from the console. Each runs on the desk, is journaled with the officer's id (which the
    // caller took from the officer's login, never from a request field), and completes after the journal commit
    // with the sequence number of the record that holds it; a refusal completes it exceptionally with an
    // IllegalArgumentException whose message is the reason, journaled as inputRejected like any refused command.

    /** Makes an item the one on the bench, weighed in air or water, as an officer chose it. */
    public CompletableFuture<Long> selectItemAs(String officerId, String declarationId, String itemId,
                                                Weighing.Medium medium) {
        String source = "console officer " + officerId;
        return officerCommand(source, () -> {
            desk.setActiveItem(declarationId, itemId, medium);
            long seq = journal.append("activeItem", Map.of("declarationId", declarationId, "itemId", itemId,
                    "medium", medium.name(), "source", source, "officer", officerId));
            sinks.forEach(s -> s.activeItemChanged(declarationId, itemId, medium.name(), source));
            return seq;
        });
    }

    /** Closes an inspection as an officer: what was not measured becomes a finding. */
    public CompletableFuture<Long> closeInspectionAs(String officerId, String declarationId) {
        String source = "console officer " + officerId;
        return officerCommand(source, () -> {
            if (!desk.isOpen(declarationId)) {
                throw new IllegalArgumentException("no open inspection for declaration '" + declarationId + "'");
            }
            long seq = journal.append("inspectionClosed", Map.of("declarationId", declarationId, "source", source,
                    "officer", officerId));
            desk.close(declarationId);
            sinks.forEach(s -> s.inspectionClosed(declarationId, source));
            return seq;
        });
    }

    public CompletableFuture<Long> acknowledgeAlertAs(String officerId, String alertId, String note) {
        return officerCommand("console officer " + officerId,
                () -> alert(alertBook.acknowledge(alertId, officerId, note == null ? "" : note, clock.instant())));
    }

    public CompletableFuture<Long> closeAlertAs(String officerId, String alertId, Alert.Outcome outcome, String note) {
        return officerCommand("console officer " + officerId,
                () -> alert(alertBook.close(alertId, officerId, outcome, note == null ? "" : note, clock.instant())));
    }

    private CompletableFuture<Long> officerCommand(String source, java.util.function.LongSupplier work) {
        CompletableFuture<Long> reply = new CompletableFuture<>();
        try {
            deskThread.execute(() -> {
                try {
                    reply.complete(work.getAsLong());
                } catch (IllegalArgumentException e) {
                    rejectInput(source, e.getMessage());
                    reply.completeExceptionally(e);
                } catch (RuntimeException e) {
                    log.error("command from {} failed: {}", source, e.toString(), e);
                    reply.completeExceptionally(e);
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            reply.completeExceptionally(new IllegalStateException("the agent is stopping"));
        }
        return reply;
    }

    /** Applies retention and reports, loudly, a journal over its size limit. */
    private void retention() {
        onDesk(() -> {
            var limits = config.journal();
            int removed = journal.removeOlderThan(clock.instant().minus(java.time.Duration.ofDays(limits.retentionDays())));
            if (removed > 0) {
                log.info("journal retention: removed {} record(s) older than {} days, all sent", removed,
                        limits.retentionDays());
            }
            long size = journal.sizeBytes();
            if (size > limits.maxSizeMegabytes() * 1024L * 1024L) {
                String detail = String.format(java.util.Locale.ROOT,
                        "journal %s is %.0f MB, over its %d MB limit; %d message(s) unsent; nothing unsent is removed",
                        journalFile(), size / 1048576.0, limits.maxSizeMegabytes(), journal.unsentCount());
                log.error(detail);
                journal.append("deviceStatus", null, Map.of("deviceId", "journal", "state", "FULL", "detail", detail),
                        List.of(messages.deviceStatus("journal", "FULL", detail, clock.instant(), journal.lastSeq() + 1)));
                sinks.forEach(s -> s.deviceStatus("journal", "FULL", detail));
            }
        });
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    @Override
    public void close() {
        background.shutdownNow();
        for (AutoCloseable d : devices) {
            try {
                d.close();
            } catch (Exception e) {
                log.warn("closing device: {}", e.toString());
            }
        }
        deskThread.shutdown();
        try {
            if (!deskThread.awaitTermination(5, TimeUnit.SECONDS)) {
                log.warn("desk did not finish within 5 s");
                deskThread.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (outbox != null) {
            outbox.close();
        }
        if (mqtt != null) {
            mqtt.close();
        }
        if (alertFile != null) {
            try {
                alertFile.close();
            } catch (IOException e) {
                log.warn("closing the alert file: {}", e.getMessage());
            }
        }
        if (journal != null) {
            journal.append("agentStopped", Map.of("postId", config.post().id(), "unsentMessages", journal.unsentCount()));
            journal.close();
        }
        if (dataDirectoryLock != null) {
            dataDirectoryLock.close();
        }
    }
}
