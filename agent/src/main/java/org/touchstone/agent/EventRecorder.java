package org.touchstone.agent;

import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.touchstone.agent.text.FreeText;
import org.touchstone.agent.alert.Alert;
import org.touchstone.agent.alert.AlertBook;
import org.touchstone.agent.assessment.Verdict;
import org.touchstone.agent.declaration.Declaration;
import org.touchstone.agent.inspection.Inspection;
import org.touchstone.agent.inspection.Weighing;
import org.touchstone.agent.inspection.XrfShot;
import org.touchstone.agent.journal.Appended;
import org.touchstone.agent.journal.Journal;
import org.touchstone.agent.journal.JournalPayload;
import org.touchstone.agent.journal.OutboxMessage;
import org.touchstone.agent.journal.schema.ActiveItemChanged;
import org.touchstone.agent.journal.schema.DeclarationAccepted;
import org.touchstone.agent.journal.schema.DeclarationRefused;
import org.touchstone.agent.journal.schema.DeviceStatus;
import org.touchstone.agent.journal.schema.InputRejected;
import org.touchstone.agent.journal.schema.InspectionClosed;
import org.touchstone.agent.journal.schema.ReadingReceived;
import org.touchstone.agent.journal.schema.ReadingUnbound;
import org.touchstone.agent.journal.schema.SelectionWeighed;
import org.touchstone.agent.journal.schema.VerdictChanged;
import org.touchstone.agent.journal.schema.WeighingRecorded;
import org.touchstone.agent.journal.schema.XrfShotRecorded;
import org.touchstone.agent.mqtt.OutboxMessages;
import org.touchstone.agent.report.AgentEvents;
import org.touchstone.drivers.reading.Reading;

/**
 * Records what happens at the desk: first in the journal (with the messages it sends, in one transaction), then to
 * the sinks (console, log, alert file, web console). Nothing is told that is not journaled; a journal that cannot
 * record throws, and the desk halts. Desk thread only.
 */
final class EventRecorder implements InspectionDesk.Listener {

    private static final Logger log = LoggerFactory.getLogger(EventRecorder.class);
    private static final Logger alertLog = LoggerFactory.getLogger("touchstone.alerts");

    private final Journal journal;
    private final Clock clock;
    private final OutboxMessages messages;
    private final Runnable messagesWaiting;
    private final AlertBook alertBook;
    private final List<AgentEvents> sinks = new CopyOnWriteArrayList<>();
    private final Map<String, Integer> verdictRevisions = new HashMap<>();
    /**
     * What to do once the open transaction commits (null outside {@link #atomically}): first {@code afterCommit},
     * what tells the outside world that something is safe (the outbox publisher's nudge, acknowledgements), then
     * {@code tellAfterCommit}, the sinks (console, log, alert file), which need not delay a message.
     */
    private List<Runnable> afterCommit;
    private List<Runnable> tellAfterCommit;

    /**
     * @param messagesWaiting told after a record with messages was committed (the outbox publisher's nudge)
     */
    EventRecorder(Journal journal, Clock clock, OutboxMessages messages, Runnable messagesWaiting, AlertBook alertBook,
                  List<AgentEvents> sinks) {
        this.journal = journal;
        this.clock = clock;
        this.messages = messages;
        this.messagesWaiting = messagesWaiting;
        this.alertBook = alertBook;
        this.sinks.addAll(sinks);
    }

    void addSink(AgentEvents sink) {
        sinks.add(sink);
    }

    /** The revisions verdicts had reached before a restart, so numbering goes on. */
    void continueRevisions(Map<String, Integer> revisions) {
        verdictRevisions.putAll(revisions);
    }

    /**
     * Runs one decision in one journal transaction: the input's record, the evidence, the verdict, the alert and
     * their outbox messages commit together, and nobody (sinks, the outbox publisher) is told before the commit.
     * A call inside another (a decision of a batch the desk commits together, {@link #batch}) is a savepoint of the
     * outer transaction: if it fails, nothing of it is kept and nobody is told of it, and the others go on; what it
     * tells is told after the outer commit. A failed commit throws a {@code JournalException}, which halts the desk.
     */
    <T> T atomically(java.util.function.Supplier<T> decision) {
        List<Runnable> outer = afterCommit;
        List<Runnable> outerTells = tellAfterCommit;
        List<Runnable> pending = new java.util.ArrayList<>();
        List<Runnable> tells = new java.util.ArrayList<>();
        afterCommit = pending;
        tellAfterCommit = tells;
        T result;
        try {
            result = journal.transaction(decision);
        } finally {
            afterCommit = outer;
            tellAfterCommit = outerTells;
        }
        if (outer != null) {
            outer.addAll(pending);
            outerTells.addAll(tells);
        } else {
            // The nudges and acknowledgements first: a verdict's message should not wait for the console's lines.
            pending.forEach(Runnable::run);
            tells.forEach(Runnable::run);
        }
        return result;
    }

    /**
     * Runs several decisions in one journal transaction, one commit (one fsync) for all of them: each is a savepoint
     * of it ({@link #atomically}), and nobody is told of any before the commit.
     */
    void batch(Runnable decisions) {
        atomically(() -> {
            decisions.run();
            return null;
        });
    }

    /**
     * Takes an input at most once: when {@code inputKey} is journaled already (a redelivery), nothing is run and
     * the result is empty; otherwise {@code decision} runs and the key commits in its transaction.
     */
    <T> java.util.Optional<T> once(org.touchstone.agent.journal.InputKey inputKey,
                                   java.util.function.Supplier<T> decision) {
        return atomically(() -> {
            if (inputKey.check() && journal.inputTaken(inputKey)) {
                log.warn("input {} was journaled before (a redelivery); not decided again", inputKey.key());
                return java.util.Optional.<T>empty();
            }
            journal.takeInput(inputKey);
            return java.util.Optional.ofNullable(decision.get());
        });
    }

    /** A record that tells nobody (the agent's own start, stop and recovery). */
    Appended record(JournalPayload payload) {
        return journal.append(payload);
    }

    Appended reading(Reading reading) {
        return journal.append(ReadingReceived.of(reading));
    }

    /** A reading the desk has bound or not (journaled before it): the console's live indication. */
    void readingDecided(Reading reading) {
        tell(s -> s.readingReceived(reading));
    }

    Appended declarationAccepted(Declaration d, DeclarationAccepted record) {
        Appended a = journal.append(record, d.declarationId(), List.of());
        tell(s -> s.declarationAccepted(d, record.source()));
        return a;
    }

    Appended declarationRefused(DeclarationRefused record) {
        Appended a = journal.append(record);
        // What is logged and shown is capped and escaped (the journal keeps the whole record).
        String source = FreeText.quote(record.source(), 300);
        String describe = FreeText.quote(record.describe(), 2000);
        log.warn("declaration refused from {}: {}", source, describe);
        tell(s -> s.declarationRejected(source, describe));
        return a;
    }

    Appended inputRejected(InputRejected record) {
        Appended a = journal.append(record);
        String source = FreeText.quote(record.source(), 300);
        String reason = FreeText.quote(record.reason(), 2000);
        log.warn("input refused from {}: {}", source, reason);
        tell(s -> s.inputRejected(source, reason));
        return a;
    }

    Appended activeItemChanged(ActiveItemChanged record) {
        Appended a = journal.append(record);
        tell(s -> s.activeItemChanged(record.declarationId(), record.itemId(), record.medium().name(), record.source()));
        return a;
    }

    Appended inspectionClosed(InspectionClosed record) {
        Appended a = journal.append(record, record.declarationId(), List.of());
        tell(s -> s.inspectionClosed(record.declarationId(), record.source()));
        return a;
    }

    Appended deviceStatus(String deviceId, String state, String detail) {
        DeviceStatus status = new DeviceStatus(deviceId, state, detail);
        Appended a = journal.append(status, null, List.of(messages.deviceStatus(status, clock.instant())));
        afterCommit(messagesWaiting);
        tell(s -> s.deviceStatus(deviceId, state, status.detail()));
        return a;
    }

    /** An alert revision: journaled with its message, then logged and shown with the message's id. */
    Appended alert(Alert alert) {
        Appended a = journal.append(alert, alert.declarationId(), List.of(messages.alert(alert)));
        afterCommit(messagesWaiting);
        Alert sent = alert.withMessageId(a.messageIds().get(0));
        tell(() -> alertLog.warn("ALERT {} rev {} {} lane {} declaration {}: {}", sent.alertId(), sent.revision(), sent.state(),
                sent.lane(), sent.declarationId(), sent.verdict().findings().stream().map(f -> f.message()).toList()));
        tell(s -> s.alertRaised(sent));
        return a;
    }

    @Override
    public void weighingRecorded(Inspection inspection, String itemId, Weighing weighing) {
        journal.append(new WeighingRecorded(inspection.id(), itemId, weighing.medium(), weighing.reading(),
                weighing.trust()), inspection.id(), List.of());
        tell(s -> s.weighingRecorded(inspection.id(), itemId, weighing));
    }

    @Override
    public void xrfShotRecorded(Inspection inspection, String itemId, XrfShot shot) {
        journal.append(new XrfShotRecorded(inspection.id(), itemId, shot.reading(), shot.trust()), inspection.id(),
                List.of());
        tell(s -> s.xrfShotRecorded(inspection.id(), itemId, shot.reading()));
    }

    @Override
    public void readingUnbound(Reading reading, String reason) {
        journal.append(new ReadingUnbound(reading.deviceId(), reason));
        tell(s -> s.readingUnbound(reading, reason));
    }

    @Override
    public void selectionWeighed(InspectionDesk.ItemRef item, String deviceId) {
        journal.append(new SelectionWeighed(item.declarationId(), item.itemId(), deviceId), item.declarationId(),
                List.of());
        tell(() -> log.info("item {} weighed and taken off {}: the next load waits for a selection", item, deviceId));
        tell(s -> s.selectionWeighed(item.declarationId(), item.itemId(), deviceId));
    }

    @Override
    public void verdictChanged(Verdict verdict, Verdict previous) {
        int revision = verdictRevisions.merge(verdict.declarationId(), 1, Integer::sum);
        journal.append(new VerdictChanged(revision, verdict), verdict.declarationId(),
                List.of(messages.verdict(verdict, revision)));
        afterCommit(messagesWaiting);
        tell(s -> s.verdictChanged(verdict, revision));
        alertBook.onVerdict(verdict).ifPresent(this::alert);
    }

    /**
     * Runs {@code r} once what was journaled so far is committed: at once outside a transaction, else after the
     * commit of the outermost one (a batch of the desk's decisions). For what tells the outside world that an input
     * is safe: an MQTT acknowledgement, an imported file's mark.
     */
    void whenCommitted(Runnable r) {
        afterCommit(r);
    }

    private void afterCommit(Runnable r) {
        if (afterCommit != null) {
            afterCommit.add(r);
        } else {
            r.run();
        }
    }

    /**
     * Tells every sink (after the commit, inside {@link #atomically}); a failing sink is logged and does not stop
     * the others or the desk.
     */
    private void tell(Consumer<AgentEvents> event) {
        tell(() -> tellNow(event));
    }

    /** Runs {@code r} after the commit, after the nudges and acknowledgements; at once outside a transaction. */
    private void tell(Runnable r) {
        if (tellAfterCommit != null) {
            tellAfterCommit.add(r);
            return;
        }
        r.run();
    }

    private void tellNow(Consumer<AgentEvents> event) {
        for (AgentEvents sink : sinks) {
            try {
                event.accept(sink);
            } catch (RuntimeException e) {
                log.error("{} failed on an event: {}", sink.getClass().getSimpleName(), e.toString(), e);
            }
        }
    }
}
