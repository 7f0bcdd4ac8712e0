package org.touchstone.hq.load;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.touchstone.agent.Json;
import org.touchstone.agent.alert.Alert;
import org.touchstone.agent.alert.AlertBook;
import org.touchstone.agent.assessment.FindingCode;
import org.touchstone.agent.assessment.FinenessResult;
import org.touchstone.agent.assessment.ItemAssessment;
import org.touchstone.agent.assessment.Lane;
import org.touchstone.agent.assessment.MassResult;
import org.touchstone.agent.assessment.Verdict;
import org.touchstone.agent.journal.MessageId;
import org.touchstone.agent.journal.OutboxMessage;
import org.touchstone.agent.journal.PendingMessage;
import org.touchstone.agent.journal.schema.DeviceStatus;
import org.touchstone.agent.mqtt.OutboxMessages;
import org.touchstone.agent.mqtt.Topics;

/**
 * One simulated post's traffic to headquarters: inspections with their verdict revisions, alerts raised,
 * acknowledged and closed, and device status, built by the agent's own {@link OutboxMessages} and
 * {@link AlertBook}, so the payloads are exactly what a real post publishes. Every inspection's truth (the lane,
 * the findings, the outcome) is kept, so a test can compare headquarters' statistics with what the post decided.
 *
 * <p>The mix: about 85 % of inspections GREEN, 8 % YELLOW, 7 % RED; a RED alert ends SEIZED half the time.
 */
public final class SimulatedPost {

    /** What the post decided for one inspection. */
    public record Decision(String postId, String declarationId, Lane lane, List<FindingCode> findings, String metal,
                           Alert.Outcome outcome, Instant closedAt) {
    }

    private static final String[] METALS = {"Au", "Au", "Au", "Ag", "Pt"};
    private static final FindingCode[] RED_FINDINGS = {FindingCode.MASS_DISCREPANCY, FindingCode.FINENESS_BELOW_DECLARED,
            FindingCode.METAL_MISMATCH, FindingCode.MERCURY_DETECTED, FindingCode.COUNTERFEIT_INDICATOR,
            FindingCode.HS_CLASS_MISMATCH};
    private static final FindingCode[] YELLOW_FINDINGS = {FindingCode.SURFACE_INCONSISTENT,
            FindingCode.VALUE_IMPLAUSIBLE, FindingCode.BAR_SPEC_MISMATCH, FindingCode.DELETERIOUS_ELEMENTS};

    private final String postId;
    private final OutboxMessages messages;
    private final AlertBook alerts;
    private final Random random;
    private final List<Decision> decisions = new ArrayList<>();
    private long sequence;
    private int inspections;
    private Verdict lastVerdict;

    public SimulatedPost(String topicRoot, String postId, long seed) {
        this.postId = postId;
        ObjectMapper json = Json.mapper();
        this.messages = new OutboxMessages(new Topics(topicRoot, postId), json);
        this.alerts = new AlertBook(postId);
        this.random = new Random(seed);
    }

    public String postId() {
        return postId;
    }

    public List<Decision> decisions() {
        return List.copyOf(decisions);
    }

    /**
     * The messages of one whole inspection, in the order the post publishes them: a pending verdict, the final
     * one, and for a yellow or red lane the alert raised, acknowledged and closed. Each is given the id it would
     * have as the only message of its own journal record ({@code <post>:<seq>:0}).
     */
    public List<PendingMessage> inspection(Instant at) {
        return inspectionDrafts(at).stream().map(this::rendered).toList();
    }

    /** The same messages as {@link #inspection}, before a journal gives them their ids (to append them to one). */
    public List<OutboxMessage> inspectionDrafts(Instant at) {
        inspections++;
        String declarationId = "D" + inspections;
        String metal = METALS[random.nextInt(METALS.length)];
        double roll = random.nextDouble();
        Lane lane = roll < 0.85 ? Lane.GREEN : roll < 0.93 ? Lane.YELLOW : Lane.RED;
        List<FindingCode> codes = new ArrayList<>();
        if (lane == Lane.RED) {
            codes.add(RED_FINDINGS[random.nextInt(RED_FINDINGS.length)]);
            if (random.nextDouble() < 0.3) {
                FindingCode second = RED_FINDINGS[random.nextInt(RED_FINDINGS.length)];
                if (!codes.contains(second)) {
                    codes.add(second);
                }
            }
        } else if (lane == Lane.YELLOW) {
            codes.add(YELLOW_FINDINGS[random.nextInt(YELLOW_FINDINGS.length)]);
        }
        List<OutboxMessage> out = new ArrayList<>();
        Verdict pending = verdict(declarationId, Lane.PENDING, false, metal, List.of(), at);
        out.add(messages.verdict(pending, 1));
        Verdict last = verdict(declarationId, lane, true, metal, codes, at.plusSeconds(40));
        out.add(messages.verdict(last, 2));
        lastVerdict = last;
        Alert.Outcome outcome = null;
        Instant closedAt = null;
        alerts.onVerdict(pending);
        var raised = alerts.onVerdict(last);
        if (raised.isPresent()) {
            Alert alert = raised.get();
            out.add(messages.alert(alert));
            out.add(messages.alert(alerts.acknowledge(alert.alertId(), "officer-" + (1 + random.nextInt(9)),
                    "held at bay " + (1 + random.nextInt(4)), at.plusSeconds(90))));
            outcome = outcome(lane);
            closedAt = at.plusSeconds(600);
            out.add(messages.alert(alerts.close(alert.alertId(), "officer-" + (1 + random.nextInt(9)), outcome,
                    outcome == Alert.Outcome.SEIZED ? "seal TS-" + (1000 + random.nextInt(9000)) : "", closedAt)));
        }
        decisions.add(new Decision(postId, declarationId, lane, List.copyOf(codes), metal, outcome, closedAt));
        return out;
    }

    /** The final verdict of the last inspection made. */
    public Verdict lastVerdict() {
        return lastVerdict;
    }

    /** A device's connection state changing, as the agent reports it. */
    public PendingMessage deviceStatus(String deviceId, String state, Instant at) {
        return rendered(messages.deviceStatus(new DeviceStatus(deviceId, state,
                state.equals("CONNECTED") ? "" : "no answer for 5 s"), at));
    }

    private PendingMessage rendered(OutboxMessage m) {
        long seq = ++sequence;
        String id = MessageId.of(postId, seq, 0);
        return new PendingMessage(seq, seq, m.topic(), m.body().render(id), id, m.inspectionId());
    }

    private Alert.Outcome outcome(Lane lane) {
        double r = random.nextDouble();
        if (lane == Lane.RED) {
            return r < 0.5 ? Alert.Outcome.SEIZED : r < 0.75 ? Alert.Outcome.DETAINED : r < 0.9 ? Alert.Outcome.SAMPLED
                    : Alert.Outcome.RELEASED;
        }
        return r < 0.7 ? Alert.Outcome.RELEASED : Alert.Outcome.SAMPLED;
    }

    private Verdict verdict(String declarationId, Lane lane, boolean complete, String metal, List<FindingCode> codes,
                            Instant at) {
        double declared = 1000.0;
        double measured = codes.contains(FindingCode.MASS_DISCREPANCY) ? 958.4 : 1000.02;
        double fineness = codes.contains(FindingCode.FINENESS_BELOW_DECLARED) ? 91.69 : 99.99;
        MassResult mass = new MassResult(declared, measured, 0.25, 0.2, 0.05, 0.0,
                List.of("S S    " + String.format(java.util.Locale.ROOT, "%.2f", measured) + " g"), List.of("scale-1"));
        FinenessResult fine = complete ? new FinenessResult(metal, 99.99, 99.99, 3, fineness, 0.02, 0.031, 4.2,
                3.36, 0.99, codes.contains(FindingCode.FINENESS_BELOW_DECLARED), List.of()) : null;
        List<org.touchstone.agent.assessment.Finding> findings = new ArrayList<>();
        for (FindingCode code : codes) {
            Map<String, Object> evidence = new LinkedHashMap<>();
            evidence.put("declaredGrams", declared);
            evidence.put("measuredGrams", measured);
            evidence.put("devices", List.of("scale-1"));
            findings.add(new org.touchstone.agent.assessment.Finding(code, "1",
                    code.defaultLane() == null ? lane : code.defaultLane(), "Item 1: " + code.name().toLowerCase()
                    .replace('_', ' ') + " (simulated post " + postId + ")", evidence));
        }
        ItemAssessment item = new ItemAssessment("1", mass, fine, complete ? 3 : 1,
                complete ? List.of() : List.of("2 more XRF shots"));
        return new Verdict(declarationId, lane, complete, findings, List.of(item),
                List.of("Bulk composition: XRF reads only the surface, a few µm into gold."), at);
    }
}
