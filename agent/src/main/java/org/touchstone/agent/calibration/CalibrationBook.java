package org.touchstone.agent.calibration;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.touchstone.agent.journal.Journal;
import org.touchstone.agent.journal.JournalPayload;
import org.touchstone.agent.journal.JournalRecord;
import org.touchstone.agent.journal.RecordType;

/**
 * Every device's calibration records, read from the journal, and the trust they give each device at any moment.
 * Thread-safe for lookups; {@link #refresh} must be called from one thread at a time (the agent polls the journal
 * from one thread every few seconds, so a record a technician's command wrote while the agent runs takes effect
 * without a restart).
 */
public final class CalibrationBook implements TrustLookup {

    /**
     * The journal's payload of a calibration record ({@link RecordType#CALIBRATION}): its kind, device and outcome,
     * and the record itself (its kind is deduced from its fields).
     *
     * @param kind {@code scale} or {@code xrf}
     */
    public record Entry(String kind, String deviceId, boolean passed,
                        @JsonTypeInfo(use = JsonTypeInfo.Id.DEDUCTION)
                        @JsonSubTypes({@JsonSubTypes.Type(ScaleVerificationRecord.class),
                                @JsonSubTypes.Type(XrfCheckRecord.class)})
                        CalibrationRecord record) implements JournalPayload {
        @Override
        public RecordType type() {
            return RecordType.CALIBRATION;
        }
    }

    private static final Logger log = LoggerFactory.getLogger(CalibrationBook.class);

    private final ObjectMapper json;
    private final Map<String, List<CalibrationRecord>> byDevice = new HashMap<>();
    private final Map<XrfCheckRecord, List<XrfCalibrationTerm>> terms = new java.util.IdentityHashMap<>();
    private final Object refreshLock = new Object();
    private long lastSeq;

    public CalibrationBook(ObjectMapper json) {
        this.json = json.copy().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    /** A book with every calibration record of a journal. */
    public static CalibrationBook read(Journal journal, ObjectMapper json) {
        CalibrationBook book = new CalibrationBook(json);
        book.refresh(journal);
        return book;
    }

    /**
     * Reads the records appended since the last refresh (by this process or another).
     *
     * @return how many new records were read
     */
    public int refresh(Journal journal) {
        // One refresh at a time: the agent's poller and a technician's append may both refresh, and two readers
        // starting from the same lastSeq would add the same records twice. Its own lock, so trustAt (the desk)
        // does not wait for the journal query.
        synchronized (refreshLock) {
            long after;
            synchronized (this) {
                after = lastSeq;
            }
            int n = 0;
            for (JournalRecord r : journal.records(RecordType.CALIBRATION, after)) {
                try {
                    add(parse(r.data()));
                    n++;
                } catch (IOException | IllegalArgumentException e) {
                    log.error("journal {} record {}: unreadable calibration record, ignored: {}", journal.file(),
                            r.seq(), e.getMessage());
                }
                synchronized (this) {
                    lastSeq = Math.max(lastSeq, r.seq());
                }
            }
            return n;
        }
    }

    /** Journals a record, then reads the journal so the book has it (and whatever else arrived). */
    public long append(Journal journal, CalibrationRecord record) {
        long seq = journal.append(data(record)).seq();
        refresh(journal);
        return seq;
    }

    /** The journal's data of a record: its kind and the record. */
    public static Entry data(CalibrationRecord record) {
        return new Entry(record instanceof ScaleVerificationRecord ? "scale" : "xrf", record.deviceId(),
                record.passed(), record);
    }

    CalibrationRecord parse(String data) throws IOException {
        Entry entry = json.readValue(data, Entry.class);
        if (entry.record() == null) {
            throw new IllegalArgumentException("record: missing");
        }
        return entry.record();
    }

    public synchronized void add(CalibrationRecord record) {
        List<CalibrationRecord> list = byDevice.computeIfAbsent(record.deviceId(), k -> new ArrayList<>());
        list.add(record);
        list.sort(Comparator.comparing(CalibrationRecord::performedAt));
        terms.clear();  // a record inserted before others changes their charts
    }

    /** A device's records, oldest first. */
    public synchronized List<CalibrationRecord> history(String deviceId) {
        return List.copyOf(byDevice.getOrDefault(deviceId, List.of()));
    }

    /** A device's XRF check runs, oldest first. */
    public List<XrfCheckRecord> xrfHistory(String deviceId) {
        return history(deviceId).stream().filter(r -> r instanceof XrfCheckRecord).map(r -> (XrfCheckRecord) r).toList();
    }

    /**
     * The trust a device had at a moment, from its latest record taken by then: none is UNKNOWN, a failed one
     * (a result outside its MPE or uncertainty, or a Westgard rule broken) FAILED, one past its next due date
     * CHECK_DUE, else TRUSTED.
     */
    @Override
    public synchronized DeviceTrust trustAt(String deviceId, Instant when) {
        CalibrationRecord latest = null;
        for (CalibrationRecord r : byDevice.getOrDefault(deviceId, List.of())) {
            if (!r.performedAt().isAfter(when)) {
                latest = r;
            }
        }
        if (latest == null) {
            return DeviceTrust.unknown(deviceId);
        }
        DeviceTrust trust = stateAt(deviceId, latest, when);
        return latest instanceof XrfCheckRecord x ? trust.withXrfCalibration(termsUpTo(deviceId, x)) : trust;
    }

    /**
     * The calibration terms of an analyzer's current charts up to and including one record, computed once per
     * record: the desk asks for every shot it binds.
     */
    private List<XrfCalibrationTerm> termsUpTo(String deviceId, XrfCheckRecord last) {
        return terms.computeIfAbsent(last, r -> {
            List<XrfCheckRecord> history = new ArrayList<>();
            for (CalibrationRecord c : byDevice.getOrDefault(deviceId, List.of())) {
                if (c instanceof XrfCheckRecord x) {
                    history.add(x);
                }
                if (c == r) {
                    break;
                }
            }
            List<XrfCalibrationTerm> out = new ArrayList<>();
            for (ControlChart.Key key : ControlChart.keys(history)) {
                ControlChart chart = ControlChart.of(deviceId, key, history);
                if (!chart.points().isEmpty()) {
                    out.add(XrfCalibrationTerm.of(chart.points()));
                }
            }
            return List.copyOf(out);
        });
    }

    private static DeviceTrust stateAt(String deviceId, CalibrationRecord latest, Instant when) {
        String what = (latest instanceof ScaleVerificationRecord ? "verification" : "check-standard run") + " of "
                + day(latest.performedAt()) + " by " + latest.technician();
        if (!latest.passed()) {
            return new DeviceTrust(deviceId, TrustState.FAILED, "the " + what + " failed: " + latest.failures(), null);
        }
        if (when.isAfter(latest.nextDue())) {
            return new DeviceTrust(deviceId, TrustState.CHECK_DUE, "the " + what + " was due again on "
                    + day(latest.nextDue()), latest.nextDue());
        }
        return new DeviceTrust(deviceId, TrustState.TRUSTED, "the " + what + " passed", latest.nextDue());
    }

    static LocalDate day(Instant at) {
        return at.atZone(ZoneOffset.UTC).toLocalDate();
    }
}
