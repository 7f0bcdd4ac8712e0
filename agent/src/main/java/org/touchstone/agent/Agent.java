package org.touchstone.agent;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.touchstone.agent.alert.Alert;
import org.touchstone.agent.alert.AlertBook;
import org.touchstone.agent.assessment.Assessor;
import org.touchstone.agent.metrology.ScaleMetrology;
import org.touchstone.agent.assessment.Verdict;
import org.touchstone.agent.calibration.CalibrationBook;
import org.touchstone.agent.calibration.CalibrationRecord;
import org.touchstone.agent.command.Actor;
import org.touchstone.agent.command.AgentCommands;
import org.touchstone.agent.command.Command;
import org.touchstone.agent.command.CommandReply;
import org.touchstone.agent.config.AgentConfig;
import org.touchstone.agent.config.ConfigLoader;
import org.touchstone.agent.config.DataDirectory;
import org.touchstone.agent.config.PrivateFiles;
import org.touchstone.agent.devices.DeviceContext;
import org.touchstone.agent.devices.DeviceInput;
import org.touchstone.agent.devices.DeviceStarter;
import org.touchstone.agent.declaration.DeclarationReader;
import org.touchstone.agent.inspection.Inspection;
import org.touchstone.agent.inspection.Weighing;
import org.touchstone.agent.inspection.XrfShot;
import org.touchstone.agent.journal.Appended;
import org.touchstone.agent.journal.CheckpointKey;
import org.touchstone.agent.journal.Journal;
import org.touchstone.agent.journal.JournalException;
import org.touchstone.agent.journal.SqliteJournal;
import org.touchstone.agent.journal.schema.AgentStarted;
import org.touchstone.agent.journal.schema.AgentStopped;
import org.touchstone.agent.journal.schema.DeclarationRefused;
import org.touchstone.agent.journal.schema.InputRejected;
import org.touchstone.agent.journal.schema.InspectionsRecovered;
import org.touchstone.agent.journal.schema.JournalSchema;
import org.touchstone.agent.mqtt.BrokerLink;
import org.touchstone.agent.mqtt.MqttCommandIntake;
import org.touchstone.agent.mqtt.OfficerCommandIntake;
import org.touchstone.agent.mqtt.OutboxMessages;
import org.touchstone.agent.mqtt.OutboxPublisher;
import org.touchstone.agent.mqtt.Topics;
import org.touchstone.agent.report.AgentEvents;
import org.touchstone.agent.report.AlertFile;
import org.touchstone.agent.risk.RiskProfile;
import org.touchstone.agent.risk.RiskProfileParser;
import org.touchstone.agent.risk.RiskProfiles;
import org.touchstone.agent.security.OfficerBook;
import org.touchstone.drivers.reading.Reading;
import org.touchstone.drivers.reading.WeightReading;
import org.touchstone.drivers.transport.mqtt.MqttConnection;

/**
 * The agent at a post, as wiring and lifecycle: it opens the journal, puts back open inspections, and starts, in
 * this order, the desk, the outbox, the command topics, the declarations folder and the devices. The jobs are
 * elsewhere: {@link InspectionDesk} decides, on the {@link DeskThread}; {@link EventRecorder} journals, then tells
 * the sinks; {@link CommandHandler} carries out commands from every channel; {@link DeclarationFolder} watches the
 * folder; {@link Retention} and {@link CalibrationPoller} run in the background.
 *
 * <p>Threads: "desk" (every decision), one per device driver, "outbox" (publishing), "agent-background"
 * (calibration polling, scheduling retention, the journal's WAL checkpoints), "declarations-folder", and Paho's
 * (MQTT callbacks, which only hand work to the desk).
 */
public final class Agent implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Agent.class);
    /** How long a stop waits for the broker to take what is still in the outbox (the stop's own head included). */
    private static final long FINAL_DRAIN_MILLIS = 3000;
    /** Whether the last background WAL checkpoint failed (background thread only): said once, not each time. */
    private boolean walCheckpointFailing;

    private final AgentConfig config;
    private final ConfigLoader.Loaded loaded;
    private final Clock clock;
    private final ObjectMapper json = Json.mapper();
    private final Topics topics;
    private final List<AgentEvents> extraSinks;
    private final DeviceStarter deviceStarter;
    /** {@code -Dtouchstone.desk.groupCommit=false} commits every decision alone, as before group commit. */
    static final String GROUP_COMMIT_PROPERTY = "touchstone.desk.groupCommit";
    private final DeskThread deskThread = new DeskThread();
    private final ScheduledExecutorService background;
    private final Map<String, ScaleMetrology> metrology = new LinkedHashMap<>();
    private final InspectionDesk desk;
    private final AlertBook alertBook;
    private final CalibrationBook calibrations = new CalibrationBook(json);
    private final List<AutoCloseable> devices = new ArrayList<>();
    private Journal journal;
    private EventRecorder recorder;
    private CommandHandler commands;
    private CalibrationPoller calibrationPoller;
    private MqttConnection mqtt;
    private OutboxPublisher outbox;
    private DeclarationFolder declarationFolder;
    private AlertFile alertFile;
    private boolean closed;
    private RiskProfiles riskProfiles;
    private DataDirectory dataDirectoryLock;
    private volatile OfficerBook officers;
    private ChainCheckpoints checkpoints;

    public Agent(ConfigLoader.Loaded loaded, Clock clock, DeviceStarter deviceStarter, List<AgentEvents> extraSinks) {
        this.loaded = loaded;
        this.config = loaded.config();
        this.clock = clock;
        this.deviceStarter = deviceStarter;
        this.extraSinks = List.copyOf(extraSinks);
        this.topics = new Topics(config.mqtt().topicRoot(), config.post().id());
        config.scales().forEach(s -> metrology.put(s.id(), s.metrology()));
        this.alertBook = new AlertBook(config.post().id());
        // The desk's listener is the recorder, which exists only once the journal is open: a forwarding listener.
        this.desk = new InspectionDesk(new Assessor(config.assessment()), metrology, calibrations, clock,
                new InspectionDesk.Listener() {
                    @Override
                    public void weighingRecorded(Inspection i, String item, Weighing w) {
                        recorder.weighingRecorded(i, item, w);
                    }

                    @Override
                    public void xrfShotRecorded(Inspection i, String item, XrfShot shot) {
                        recorder.xrfShotRecorded(i, item, shot);
                    }

                    @Override
                    public void readingUnbound(Reading reading, String reason) {
                        recorder.readingUnbound(reading, reason);
                    }

                    @Override
                    public void verdictChanged(Verdict verdict, Verdict previous) {
                        recorder.verdictChanged(verdict, previous);
                    }

                    @Override
                    public void selectionWeighed(InspectionDesk.ItemRef item, String deviceId) {
                        recorder.selectionWeighed(item, deviceId);
                    }
                });
        this.background = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "agent-background");
            t.setDaemon(true);
            return t;
        });
    }

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

    /** Messages waiting for the broker (health and metrics); 0 before start. */
    public long outboxBacklog() {
        return journal == null ? 0 : journal.outbox().unsentCount();
    }

    /** When the oldest message waiting for the broker was journaled, or empty (health and metrics). */
    public java.util.Optional<java.time.Instant> outboxOldestUnsent() {
        return journal == null ? java.util.Optional.empty() : journal.outbox().oldestUnsentAt();
    }

    /** The journal's size on disk in bytes, with its write-ahead log (health and metrics); 0 before start. */
    public long journalSizeBytes() {
        return journal == null ? 0 : journal.sizeBytes();
    }

    public void start() {
        // One agent per data directory: a second one on the same configuration refuses here, before it touches
        // the journal, the broker or a serial port.
        dataDirectoryLock = DataDirectory.lock(dataDirectory(), config.post().id());
        CheckpointKey checkpointKey = checkpointKey();
        privateFiles();
        journal = new SqliteJournal(journalFile(), json, clock, config.post().id());
        // Everything a message can reach exists before the first subscription: a retained declaration may arrive
        // the moment the connection is up.
        mqtt = new MqttConnection(config.mqtt().settings(config.post().id(), loaded.baseDirectory()),
                new MqttConnection.Presence(topics.status(), presence("online"), presence("offline")),
                MqttConnection.Session.PERSISTENT);
        outbox = new OutboxPublisher(journal.outbox(), BrokerLink.of(mqtt), clock);
        recorder = new EventRecorder(journal, clock, new OutboxMessages(topics, json, desk::declaration, calibrations), outbox::nudge, alertBook,
                extraSinks);
        if (Boolean.parseBoolean(System.getProperty(GROUP_COMMIT_PROPERTY, "true"))) {
            // Decisions that wait for the desk share one commit (one fsync); alone, each is its own (DeskThread.loop).
            deskThread.commitInBatches(recorder::batch);
        }
        riskProfiles = new RiskProfiles(new RiskProfileParser(json), dataDirectory().resolve("risk-profile.json"),
                config.post().id());
        commands = new CommandHandler(deskThread, desk, recorder, alertBook, clock, riskProfiles);
        commands.useOfficers(officers);
        recorder.record(new AgentStarted(config.post().id(), journal.outbox().unsentCount()));
        checkpoints = new ChainCheckpoints(journal, json, config.post().id(), topics.chainHead(), checkpointKey, clock);
        checkpoint();
        calibrationPoller = new CalibrationPoller(calibrations, journal, background);
        calibrationPoller.refreshNow().join();
        InspectionRecovery.Result recovered = recover();
        openAlertFile();
        outbox.start();
        new MqttCommandIntake(topics, json, commands, (source, reason) -> deskThread.submit(
                () -> recorder.inputRejected(InputRejected.input(source, reason)))).subscribe(mqtt);
        String riskTopic = RiskProfile.topic(config.mqtt().topicRoot());
        mqtt.subscribe(riskTopic, 1, (topic, payload) -> deskThread.submit(() -> riskProfileReceived(topic, payload)));
        if (config.mqtt().username() == null) {
            // The officer topics name who acted; only a broker that authenticates users and applies the officers'
            // ACL (config/mosquitto/post.acl) makes that name an identity.
            log.warn("MQTT broker {} is used without a user name: officer commands on {} are trusted to the broker's"
                    + " ACL; without authentication and that ACL anyone can act as any officer", config.mqtt().url(),
                    topics.officerCommandFilter());
        }
        new OfficerCommandIntake(topics, json, commands, (topic, reply) -> mqtt.publish(topic, reply, 1, false),
                rejected -> deskThread.submit(() -> recorder.inputRejected(rejected))).subscribe(mqtt);
        calibrationPoller.start();
        Retention retention = new Retention(journal, config.journal(), recorder, clock);
        background.scheduleWithFixedDelay(() -> deskThread.submit(() -> {
            if (retention.apply() > 0) {
                checkpoint(); // records the moved anchor at once, so verify can tell it from a tampered one
            }
        }), 1, 60, TimeUnit.MINUTES);
        long every = config.journal().checkpointMinutes();
        background.scheduleWithFixedDelay(() -> deskThread.submit(this::checkpoint), every, every, TimeUnit.MINUTES);
        if (journal instanceof SqliteJournal sqlite) {
            // The WAL is copied into the database file here, not by whichever decision's commit crosses 1 000 pages.
            sqlite.checkpointInBackground(() -> background.execute(() -> copyWal(sqlite)));
        }
        if (config.declarations().folder() != null) {
            declarationFolder = new DeclarationFolder(loaded.resolve(config.declarations().folder()), folderReceiver());
            declarationFolder.alreadyRead(recovered.declarationSources().stream().map(Path::of)
                    .collect(Collectors.toSet()));
            declarationFolder.start();
        }
        devices.addAll(deviceStarter.start(config, new DeviceContext(clock, mqtt, topics,
                this::streamed, deviceInput(), loaded.baseDirectory(), journaledReadings())));
        // Connected only now that every subscription exists: the persistent session's queued and unacknowledged
        // messages arrive right after the connection is made, and each needs its subscriber.
        mqtt.start();
        log.info("agent for post {} started: {} scale(s), {} XRF analyzer(s), MQTT {}", config.post().id(),
                config.scales().size(), config.xrfAnalyzers().size(), config.mqtt().url());
    }

    /** Desk thread: headquarters' retained risk profile, applied to the inspections that open from now on. */
    private void riskProfileReceived(String topic, byte[] payload) {
        if (payload.length == 0) {
            // The retained message was cleared: a withdrawal is a new version with no rules, so the post keeps its own.
            log.info("risk profile on {} cleared; the post keeps {}", topic, riskProfiles.current()
                    .map(p -> "version " + p.version()).orElse("none"));
            return;
        }
        RiskProfiles.Outcome outcome = riskProfiles.offer(payload, topic);
        if (outcome instanceof RiskProfiles.Outcome.Applied a) {
            log.info("risk profile version {} applied ({} rule(s)){}", a.profile().version(), a.profile().rules().size(),
                    a.replaced() == null ? "" : ", replacing version " + a.replaced());
        } else if (outcome instanceof RiskProfiles.Outcome.Refused r) {
            recorder.inputRejected(InputRejected.input(topic, r.reason()));
        }
    }

    /** Headquarters' risk profile this post applies, if any. */
    public java.util.Optional<RiskProfile> riskProfile() {
        return riskProfiles == null ? java.util.Optional.empty() : riskProfiles.current();
    }

    /** The checkpoint key: the configured file, or {@code checkpoint.key} in the data directory, made at first start. */
    private CheckpointKey checkpointKey() {
        String configured = config.journal().checkpointKeyFile();
        Path file = configured == null ? dataDirectory().resolve(CheckpointKey.DEFAULT_FILE) : loaded.resolve(configured);
        try {
            CheckpointKey key = CheckpointKey.readOrCreate(file);
            PrivateFiles.file(file);
            return key;
        } catch (IOException e) {
            throw new DataDirectory.DataDirectoryException("journal.checkpointKeyFile " + file + ": cannot make it "
                    + "private (" + e.getMessage() + ")", e);
        } catch (JournalException e) {
            throw new DataDirectory.DataDirectoryException("journal.checkpointKeyFile: " + e.getMessage(), e);
        }
    }

    /**
     * The journal (with its WAL and shared memory, which SQLite makes with the journal's mode) and the alert file
     * are 0600 before anything is written to them, and narrowed if an earlier version left them readable.
     */
    private void privateFiles() {
        try {
            PrivateFiles.file(journalFile());
            for (String suffix : new String[] {"-wal", "-shm"}) {
                Path p = Path.of(journalFile() + suffix);
                if (java.nio.file.Files.exists(p)) {
                    PrivateFiles.file(p);
                }
            }
            PrivateFiles.file(dataDirectory().resolve("alerts.jsonl"));
        } catch (IOException e) {
            throw new DataDirectory.DataDirectoryException("dataDirectory " + dataDirectory() + ": cannot make its "
                    + "files private (" + e.getMessage() + ")", e);
        }
    }

    /** A background WAL checkpoint; a failure is logged once until one succeeds (a commit still checkpoints past 40 MiB). */
    private void copyWal(SqliteJournal sqlite) {
        try {
            sqlite.copyWalIntoDatabase();
            if (walCheckpointFailing) {
                log.info("journal WAL checkpoints work again");
                walCheckpointFailing = false;
            }
        } catch (RuntimeException e) {
            if (!walCheckpointFailing) {
                log.warn("journal WAL checkpoint failed (tried again after {} more commits; the commits take over past {}"
                        + " pages): {}", SqliteJournal.COMMITS_PER_CHECKPOINT,
                        SqliteJournal.BACKGROUND_AUTOCHECKPOINT_PAGES, e.toString());
                walCheckpointFailing = true;
            }
        }
    }

    /** Journals and publishes a chain head when the journal grew since the last one. Desk thread. */
    private void checkpoint() {
        if (checkpoints.checkpoint().isPresent() && outbox != null) {
            outbox.nudge();
        }
    }

    private String presence(String state) {
        return "{\"state\":\"" + state + "\",\"postId\":\"" + config.post().id() + "\"}";
    }

    /** Puts back the inspections the journal shows open, before any new reading can arrive. */
    private InspectionRecovery.Result recover() {
        InspectionRecovery.Result r = InspectionRecovery.recover(journal, new JournalSchema(json), desk, metrology,
                alertBook);
        recorder.continueRevisions(r.verdictRevisions());
        commands.knowDeclarations(r.knownDeclarations());
        int differences = 0;
        for (Map.Entry<String, java.util.Optional<Verdict>> e : r.lastPublished().entrySet()) {
            differences += recorder.atomically(() -> publishDifference(e.getKey(), e.getValue().orElse(null))) ? 1 : 0;
        }
        if (differences > 0) {
            log.warn("recovery: {} open inspection(s) were decided differently from what the journal last published; "
                    + "the difference is published now", differences);
        }
        if (r.inspections() > 0) {
            recorder.record(new InspectionsRecovered(r.inspections(), r.weighings(), r.shots()));
            log.info("recovered {} open inspection(s) from the journal: {} weighing(s), {} XRF shot(s)",
                    r.inspections(), r.weighings(), r.shots());
        }
        return r;
    }

    /**
     * Compares what the journal last published for a restored inspection (its verdict, its alert) with what its
     * evidence decides now, and publishes the difference in one transaction.
     *
     * @return whether anything was published
     */
    private boolean publishDifference(String declarationId, Verdict lastPublished) {
        Verdict now = desk.settle(declarationId, lastPublished);
        if (!now.sameDecisionAs(lastPublished)) {
            return true; // verdictChanged published the verdict and, through the alert book, its alert
        }
        Alert alert = alertBook.forDeclaration(declarationId).orElse(null);
        boolean alerting = now.lane() == org.touchstone.agent.assessment.Lane.RED
                || now.lane() == org.touchstone.agent.assessment.Lane.YELLOW;
        boolean stale = alert == null ? alerting : alert.closure() == null && !now.sameDecisionAs(alert.verdict());
        if (stale) {
            alertBook.onVerdict(now).ifPresent(recorder::alert);
            return true;
        }
        return false;
    }

    private void openAlertFile() {
        try {
            alertFile = new AlertFile(dataDirectory().resolve("alerts.jsonl"), json);
            recorder.addSink(alertFile);
        } catch (IOException e) {
            log.error("cannot open the alert file in {}: {}; alerts still go to the journal, the log and MQTT",
                    dataDirectory(), e.getMessage());
        }
    }

    /**
     * A reading a device streams (a serial or TCP scale, an XRF stream), which nobody acknowledges: a scale's reading
     * in motion can never become a weighing, and only the latest one per scale matters (it ends the load on the pan),
     * so it takes the scale's slot at the desk and a flood of them costs one task; any other reading may become
     * evidence and waits for room at the desk, never dropped (the driver's thread waits, the port buffers).
     */
    private void streamed(Reading r) {
        if (r instanceof WeightReading w && !w.stable()) {
            deskThread.latest(w.deviceId(), () -> reading(w));
        } else {
            deskThread.submit(r.deviceId(), () -> reading(r));
        }
    }

    /** A reading, its evidence, the verdict and the alert it causes: one transaction. Desk thread. */
    private void reading(Reading r) {
        recorder.atomically(() -> {
            recorder.reading(r);
            desk.accept(r);
            return null;
        });
        recorder.readingDecided(r);
    }

    /**
     * Readings whose source must not forget them before the journal has them (the export-folder importer, MQTT
     * instruments): {@code whenJournaled} runs after the commit (the MQTT acknowledgement, the importer's mark).
     */
    private DeviceContext.JournaledReadings journaledReadings() {
        return new DeviceContext.JournaledReadings() {
            @Override
            public void accept(Reading r, Runnable whenJournaled) {
                deskThread.submit(() -> {
                    reading(r);
                    recorder.whenCommitted(whenJournaled);
                });
            }

            @Override
            public void accept(Reading r, org.touchstone.agent.journal.InputKey key, Runnable whenJournaled) {
                deskThread.submit(() -> {
                    if (recorder.once(key, () -> {
                        recorder.reading(r);
                        desk.accept(r);
                        return Boolean.TRUE;
                    }).isPresent()) {
                        recorder.readingDecided(r);
                    }
                    recorder.whenCommitted(whenJournaled);
                });
            }

            @Override
            public void rejected(DeviceInput events, String source, String reason, Runnable whenJournaled) {
                deskThread.submit(() -> {
                    recorder.inputRejected(InputRejected.input(source, reason));
                    recorder.whenCommitted(whenJournaled);
                });
            }
        };
    }

    /** Device reports, from any thread, reach the journal and the sinks on the desk thread. */
    private DeviceInput deviceInput() {
        return new DeviceInput() {
            @Override
            public void deviceStatus(String deviceId, String state, String detail) {
                deskThread.submit(() -> recorder.deviceStatus(deviceId, state, detail));
            }

            @Override
            public void inputRejected(String source, String reason) {
                deskThread.submit(() -> recorder.inputRejected(InputRejected.input(source, reason)));
            }

            @Override
            public void itemScanned(String deviceId, String code) {
                commands.scanned(deviceId, code);
            }
        };
    }

    private DeclarationFolder.Receiver folderReceiver() {
        return new DeclarationFolder.Receiver() {
            @Override
            public void read(Path file, byte[] document) {
                commands.submit(new Command.Declare(null, document, file.toString()),
                        Actor.anonymous(Actor.Channel.FOLDER, file.toString()));
            }

            @Override
            public void refused(Path file, String reason) {
                deskThread.submit(() -> recorder.declarationRefused(DeclarationRefused.refused(file.toString(), reason,
                        null, null)));
            }
        };
    }

    /**
     * The command API (contract 2): every channel's commands go through it, and its replies come after the journal
     * commit. Available once {@link #start()} returned.
     */
    public AgentCommands commands() {
        return commands;
    }

    /**
     * The officers whose roles decide officer commands (MQTT officer topics, the console). {@code touchstone run} hands over
     * the book of {@code security.officersFile}; the console hands over its own when the agent has none. Without
     * one, officer commands over MQTT are refused.
     */
    public void useOfficers(OfficerBook book) {
        this.officers = book;
        if (commands != null) {
            commands.useOfficers(book);
        }
    }

    /** The officers the agent checks roles against, or null when it has none. */
    public OfficerBook officers() {
        return officers;
    }

    /** Every device's calibration records and the trust they give (kept current from the journal). */
    public CalibrationBook calibrations() {
        return calibrations;
    }

    /** Journals a calibration record made in this process (the demo's commissioning); it applies at once. */
    public Future<?> recordCalibration(CalibrationRecord record) {
        return calibrationPoller.record(record);
    }

    public boolean mqttConnected() {
        return mqtt != null && mqtt.isConnected();
    }

    /**
     * Runs work on the desk thread; returns its future. Tests and the demo use it as a barrier: when it completes,
     * everything handed to the desk before it has been decided.
     */
    public CompletableFuture<Void> onDesk(Runnable work) {
        return deskThread.submit(work);
    }

    /**
     * The desk's queue (metrics): tasks waiting, its capacity, the most that ever waited, readings in motion
     * coalesced, how often and how long producers waited for room, and the commits that took several decisions
     * at once (group commit) with the decisions they took.
     */
    public DeskLoad deskLoad() {
        DeskThread.Load l = deskThread.load();
        return new DeskLoad(l.queued(), l.capacity(), l.peak(), l.coalesced(), l.waits(), l.waitedNanos(),
                l.batchCommits(), l.batchedTasks());
    }

    /** See {@link #deskLoad()}; {@code waitedNanos} is the producers' total wait. */
    public record DeskLoad(int queued, int capacity, int peak, long coalesced, long waits, long waitedNanos,
                           long batchCommits, long batchedTasks) {
    }

    /** Whether the agent still decides: false once the journal could not record (see {@link #failure()}). */
    public boolean deciding() {
        return deskThread.deciding();
    }

    /**
     * Completes, with the cause, when the agent stopped deciding because its journal could not record (or the desk
     * failed fatally). It then takes no input; {@code touchstone run} exits non-zero so that a supervisor restarts it.
     */
    public CompletableFuture<Throwable> failure() {
        return deskThread.failure();
    }

    /** Makes an item the one on the bench, as an inspector would at the command line. */
    public CompletableFuture<CommandReply> setActiveItem(String declarationId, String itemId) {
        return commands.submit(new Command.SelectItem(null, declarationId, itemId, Weighing.Medium.AIR), commandLine());
    }

    /** Closes an inspection as the inspector would: what was not measured becomes a finding. */
    public CompletableFuture<CommandReply> closeInspection(String declarationId) {
        return commands.submit(new Command.CloseInspection(null, declarationId), commandLine());
    }

    /**
     * Submits a declaration file as if it had been dropped in the watched folder (read the same way: a regular file,
     * no symlink, within the size cap).
     */
    public CompletableFuture<CommandReply> submitDeclaration(Path file) {
        byte[] document;
        try {
            document = DeclarationFolder.read(file, DeclarationReader.MAX_BYTES);
        } catch (IOException e) {
            return deskThread.call(() -> {
                Appended a = recorder.declarationRefused(DeclarationRefused.refused(file.toString(), e.getMessage(), null,
                        null));
                return new CommandReply(null, "declare", false, e.getMessage(), a.seq(), a.at());
            });
        }
        return commands.submit(new Command.Declare(null, document, file.toString()), commandLine());
    }

    // Officers' commands from the web console: the officer comes from the console's login, never from a request
    // field. Each completes after the journal commit with the sequence number of its record; a refusal completes
    // it exceptionally with an IllegalArgumentException whose message is the reason (journaled as inputRejected).

    /** Makes an item the one on the bench, weighed in air or water, as an officer chose it. */
    public CompletableFuture<Long> selectItemAs(String officerId, String declarationId, String itemId,
                                                Weighing.Medium medium) {
        return asOfficer(officerId, () -> new Command.SelectItem(null, declarationId, itemId, medium));
    }

    /** Closes an inspection as an officer: what was not measured becomes a finding. */
    public CompletableFuture<Long> closeInspectionAs(String officerId, String declarationId) {
        return asOfficer(officerId, () -> new Command.CloseInspection(null, declarationId));
    }

    public CompletableFuture<Long> acknowledgeAlertAs(String officerId, String alertId, String note) {
        return asOfficer(officerId, () -> new Command.AcknowledgeAlert(null, alertId, note));
    }

    public CompletableFuture<Long> closeAlertAs(String officerId, String alertId, Alert.Outcome outcome, String note) {
        return asOfficer(officerId, () -> new Command.CloseAlert(null, alertId, outcome, note));
    }

    private CompletableFuture<Long> asOfficer(String officerId, java.util.function.Supplier<Command> make) {
        Command command;
        Actor officer;
        try {
            // A field the command refuses (too long, a control character) is a refusal, not a failure.
            command = make.get();
            officer = new Actor(officerId, Actor.Channel.IN_PROCESS, "console officer " + officerId, true);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(e);
        }
        return commands.submit(command, officer).thenApply(reply -> {
            if (!reply.accepted()) {
                throw new IllegalArgumentException(reply.reason());
            }
            return reply.journalSeq();
        });
    }

    private static Actor commandLine() {
        return Actor.anonymous(Actor.Channel.IN_PROCESS, "command line");
    }

    /** The item on the bench, read on the desk thread. */
    public InspectionDesk.ItemRef activeItem() throws Exception {
        return deskThread.call(desk::activeItem).get();
    }

    public Verdict verdict(String declarationId) throws Exception {
        return deskThread.call(() -> desk.verdict(declarationId)).get();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        background.shutdownNow();
        if (declarationFolder != null) {
            declarationFolder.close();
        }
        for (AutoCloseable d : devices) {
            try {
                d.close();
            } catch (Exception e) {
                log.warn("closing device: {}", e.toString());
            }
        }
        deskThread.close();
        // The stop and its final checkpoint are journaled while the outbox can still send them: headquarters sees
        // the stop's head now, not at the next start.
        if (journal != null) {
            try {
                if (deskThread.deciding()) {
                    recorder.record(new AgentStopped(config.post().id(), journal.outbox().unsentCount()));
                    // The final checkpoint: nothing but a start or a calibration may follow it (journal verify).
                    if (checkpoints != null) {
                        checkpoints.checkpoint();
                    }
                }
            } catch (JournalException e) {
                log.error("cannot journal the agent's stop: {}", e.getMessage());
            }
        }
        if (outbox != null) {
            outbox.drain(FINAL_DRAIN_MILLIS);
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
            journal.close();
        }
        if (dataDirectoryLock != null) {
            dataDirectoryLock.close();
        }
    }
}
