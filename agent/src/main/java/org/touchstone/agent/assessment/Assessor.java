package org.touchstone.agent.assessment;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.touchstone.agent.calibration.DeviceTrust;
import org.touchstone.agent.declaration.Declaration;
import org.touchstone.agent.declaration.DeclaredItem;
import org.touchstone.agent.inspection.Inspection;
import org.touchstone.agent.inspection.ItemEvidence;
import org.touchstone.agent.inspection.Weighing;
import org.touchstone.agent.inspection.XrfShot;
import org.touchstone.drivers.reading.XrfReading;

/**
 * Turns the evidence of an inspection into a {@link Verdict}. Pure: the same inspection gives the same verdict,
 * live or in a replay.
 *
 * <p>The lane is the worst a finding calls for (the policy maps codes to lanes), decided as soon as a finding is
 * shown, even before every item is measured. Without findings the inspection is GREEN once every item is
 * complete, PENDING before. Findings from the declaration alone (form against heading, bar specifications,
 * value) need no measurement at all.
 *
 * <p>A reading from a device that was not trusted when it was taken (no passing calibration record, check due,
 * failed, drifting) keeps the inspection from GREEN when the policy requires trusted devices: it gives an
 * INCOMPLETE_INSPECTION finding, at least YELLOW, naming the device that needs a check.
 */
public final class Assessor {

    static final String SURFACE_ONLY = "Bulk composition: XRF reads only the surface (a few µm in gold), so plating,"
            + " cladding or a tungsten core would not be seen; no conductivity, ultrasound or density test was recorded.";

    private final MassCheck massCheck;
    private final FinenessCheck finenessCheck;
    private final AssessmentPolicy policy;
    private final boolean memoize;
    private final java.util.regex.Pattern rejectedModes;
    /** The pattern's answer per mode seen (bounded: past {@value #MODES_REMEMBERED} modes it is asked each time). */
    private final java.util.concurrent.ConcurrentHashMap<String, Boolean> modeRejected =
            new java.util.concurrent.ConcurrentHashMap<>();
    private static final int MODES_REMEMBERED = 64;

    /** An assessor that reassesses only the items whose evidence changed since its last look (the live path). */
    public Assessor(AssessmentPolicy policy) {
        this(policy, true);
    }

    /** The reference: every item assessed afresh on every call (the benchmark's and the tests' yardstick). */
    public static Assessor withoutMemo(AssessmentPolicy policy) {
        return new Assessor(policy, false);
    }

    private Assessor(AssessmentPolicy policy, boolean memoize) {
        this.policy = policy;
        this.memoize = memoize;
        this.rejectedModes = java.util.regex.Pattern.compile(policy.rejectedXrfModes());
        this.massCheck = new MassCheck(policy);
        this.finenessCheck = new FinenessCheck(policy);
    }

    /** The live assessment: items still missing measurements leave the inspection PENDING (unless RED). */
    public Verdict assess(Inspection inspection, Instant now) {
        return assess(inspection, now, false);
    }

    /**
     * Assesses the inspection.
     *
     * @param closed true when no more readings will come (the inspector closed it, or a replay ended): what is
     *               still missing becomes an INCOMPLETE_INSPECTION finding instead of a pending lane
     */
    public Verdict assess(Inspection inspection, Instant now, boolean closed) {
        return assess(inspection, List.of(), now, closed);
    }

    /**
     * Assesses the inspection under the selectivity rules headquarters' risk profile applied to it when it opened:
     * more shots, a weighing in water and a minimum lane, each rule named in a {@code RISK_PROFILE} finding.
     */
    public Verdict assess(Inspection inspection, List<Selectivity> rules, Instant now, boolean closed) {
        List<Finding> findings = new ArrayList<>();
        List<ItemAssessment> items = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (var w : inspection.declaration().warnings()) {
            notes.add("Declaration: " + w);
        }
        for (ItemEvidence evidence : inspection.items()) {
            ItemOutcome outcome = outcome(inspection.declaration(), evidence, closed, rules);
            findings.addAll(outcome.findings());
            notes.addAll(outcome.notes());
            items.add(outcome.assessment());
        }
        boolean complete = items.stream().allMatch(ItemAssessment::complete);
        Lane lane = Lane.PENDING;
        for (Finding f : findings) {
            lane = lane.worse(f.severity());
        }
        if (lane == Lane.PENDING || lane == Lane.GREEN) {
            // No finding calls for a lane: the inspection is green once complete (or closed), pending before.
            lane = complete || closed ? Lane.GREEN : Lane.PENDING;
        }
        List<String> notTested = new ArrayList<>();
        notTested.add(SURFACE_ONLY);
        notTested.addAll(notes);
        for (ItemAssessment a : items) {
            if (!a.complete()) {
                notTested.add("Item " + a.itemId() + ": " + String.join(", ", a.missing()) + ".");
            }
        }
        return new Verdict(inspection.id(), lane, complete, findings, items, notTested, now);
    }

    /** The rule named in the verdict's reasons, at the lane it asks for at least (GREEN: measurements only). */
    private Finding selectivityFinding(String itemId, Selectivity r) {
        Lane lane = (r.minimumLane() == null ? Lane.GREEN : r.minimumLane()).worse(policy.lane(FindingCode.RISK_PROFILE));
        List<String> matched = new ArrayList<>();
        r.matched().forEach((k, v) -> matched.add(k + " " + v));
        String message = "Item " + itemId + ": headquarters' " + r.name() + " applies (" + String.join(", ", matched)
                + "): " + r.requirementsInWords() + ". Reason: " + r.reason();
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("profileVersion", r.profileVersion());
        evidence.put("ruleId", r.ruleId());
        evidence.put("matched", r.matched());
        if (r.minXrfShotsPerItem() != null) {
            evidence.put("minXrfShotsPerItem", r.minXrfShotsPerItem());
        }
        evidence.put("waterWeighingRequired", r.waterWeighingRequired());
        if (r.minimumLane() != null) {
            evidence.put("minimumLane", r.minimumLane().name());
        }
        evidence.put("reason", r.reason());
        return new Finding(FindingCode.RISK_PROFILE, itemId, lane, message, evidence);
    }

    /**
     * Assesses many closed inspections with this assessor's policy (a national year re-decided after a policy
     * change): the verdicts in the order given. Each item is assessed once; nothing is shared between inspections.
     */
    public List<Verdict> assessAll(List<Inspection> inspections, Instant now) {
        List<Verdict> verdicts = new ArrayList<>(inspections.size());
        for (Inspection inspection : inspections) {
            verdicts.add(assess(inspection, now, true));
        }
        return verdicts;
    }

    private boolean rejectedMode(String mode) {
        Boolean known = modeRejected.get(mode);
        if (known != null) {
            return known;
        }
        boolean rejected = rejectedModes.matcher(mode).matches();
        if (modeRejected.size() < MODES_REMEMBERED) {
            modeRejected.put(mode, rejected);
        }
        return rejected;
    }

    /** One item's contribution to the verdict: its findings and notes in order, and its assessment. */
    private record ItemOutcome(List<Finding> findings, List<String> notes, ItemAssessment assessment) {
    }

    /** An item's outcome with what it depends on: the assessor (so its policy), the declaration, the evidence. */
    private record Memo(Assessor assessor, Declaration declaration, long version, boolean closed,
                        List<Selectivity> rules, ItemOutcome outcome) {
    }

    /**
     * The item's outcome, recomputed only when its evidence changed since this assessor last saw it. An item's
     * outcome depends on nothing but the declaration, the item's evidence, the policy and {@code closed} (not
     * on the time, nor on the other items), so reusing it gives exactly the verdict a full assessment gives
     * (AssessorIncrementalTest checks this reading by reading on the corpus).
     */
    private ItemOutcome outcome(Declaration declaration, ItemEvidence evidence, boolean closed,
                                List<Selectivity> rules) {
        if (!memoize) {
            return compute(declaration, evidence, closed, rules);
        }
        long version = evidence.version();
        if (evidence.assessmentMemo() instanceof Memo m && m.assessor() == this && m.declaration() == declaration
                && m.version() == version && m.closed() == closed && m.rules().equals(rules)) {
            return m.outcome();
        }
        ItemOutcome outcome = compute(declaration, evidence, closed, rules);
        evidence.assessmentMemo(new Memo(this, declaration, version, closed, List.copyOf(rules), outcome));
        return outcome;
    }

    private ItemOutcome compute(Declaration declaration, ItemEvidence evidence, boolean closed,
                                List<Selectivity> rules) {
        int minShots = policy.minXrfShots();
        Selectivity shotsRule = null;
        Selectivity waterRule = null;
        for (Selectivity r : rules) {
            if (r.minXrfShotsPerItem() != null && r.minXrfShotsPerItem() > minShots) {
                minShots = r.minXrfShotsPerItem();
                shotsRule = r;
            }
            if (r.waterWeighingRequired() && waterRule == null) {
                waterRule = r;
            }
        }
        List<Finding> findings = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        DeclaredItem item = evidence.item();
        List<Weighing> air = new ArrayList<>();
        List<Weighing> water = new ArrayList<>();
        for (Weighing w : evidence.weighings()) {
            (w.medium() == Weighing.Medium.AIR ? air : water).add(w);
        }
        ShotSelection selection = ShotSelection.of(item, evidence.shots(), policy, this::rejectedMode);
        notes.addAll(selection.notes());
        List<XrfReading> shots = selection.counted();
        MassCheck.Outcome massOutcome = massCheck.assess(item, air);
        for (Weighing w : massOutcome.overloads()) {
            notes.add(Text.format("Item %s: the reading %s on %s is above Max + 9 e (%s g): an"
                    + " overload no scale may show, not a measurement.", item.itemId(), w.reading().raw().trim(),
                    w.reading().deviceId(), grams(w.metrology().maxIndicationGrams())));
        }
        List<Weighing> usableAir = air.stream().filter(w -> !massOutcome.overloads().contains(w)).toList();
        MassResult mass = massOutcome.result().orElse(null);
        Composition surface = shots.isEmpty() ? null : new Composition(shots, policy.spotReproducibilityPercent(),
                policy.spotReproducibilityRelativePercent());
        CalibrationTerms calibration = CalibrationTerms.of(selection.trusts(), policy);
        FinenessResult fineness = finenessCheck.compare(item, surface, calibration, shots).orElse(null);
        boolean enoughShots = shots.size() >= minShots;
        Composition composition = enoughShots ? surface : null;
        Composition body = composition;
        boolean substrateHidden = false;
        if (composition != null && item.construction().kind().layered()) {
            Composition under = composition.withoutLayer(item.construction().layer());
            substrateHidden = under.substrateSignalPercent() < FinenessCheck.MIN_SUBSTRATE_SIGNAL_PERCENT;
            body = substrateHidden ? null : under;
        }
        ItemFacts facts = new ItemFacts(declaration, item, usableAir, water, shots, composition, body,
                mass, fineness, policy, calibration);
        List<String> missing = new ArrayList<>();
        if (!massOutcome.disagreeing().isEmpty()) {
            findings.add(disagreeing(facts, massOutcome.disagreeing()));
            missing.add("a weighing that agrees with another (weigh again)");
        } else if (mass == null) {
            missing.add("no stable weighing");
        } else if (mass.discrepant()) {
            findings.add(massFinding(facts, mass));
        }
        if (!enoughShots) {
            missing.add(shots.size() + " of " + minShots + " XRF shots"
                    + (shotsRule == null ? "" : " (" + shotsRule.name() + ")"));
        }
        if (substrateHidden && water.isEmpty()) {
            missing.add("a weighing in water (the " + item.construction().layer()
                    + " layer hides the substrate from XRF)");
        } else if (waterRule != null && water.isEmpty()) {
            missing.add("a weighing in water (" + waterRule.name() + ")");
        }
        for (Selectivity r : rules) {
            findings.add(selectivityFinding(item.itemId(), r));
        }
        if (fineness != null && fineness.belowDeclared()) {
            findings.add(finenessFinding(facts, fineness));
        } else if (fineness != null && fineness.samplingRequired()) {
            findings.add(samplingFinding(facts, fineness));
        } else if (fineness != null && fineness.aboveDeclared()) {
            findings.add(aboveFinding(facts, fineness));
        }
        if (fineness == null || fineness.provisional()) {
            fineness = enoughShots ? fineness : (fineness != null && fineness.belowDeclared() ? fineness : null);
        }
        if (enoughShots && item.declaresPreciousMetal() && fineness == null) {
            notes.add("Item " + item.itemId() + ": fineness not assessed"
                    + (substrateHidden ? ", the " + item.construction().layer() + " layer hides the substrate." : "."));
        } else if (fineness != null && !fineness.basis().equals("surface")) {
            notes.add("Item " + item.itemId() + ": fineness judged on the " + fineness.basis()
                    + (fineness.basis().equals("lot surface") ? "; a lot's bulk fineness is established by sampling."
                    : ", with the plating's distortion in its uncertainty."));
        }
        if (!item.declaresPreciousMetal() && composition != null) {
            notes.add("Item " + item.itemId() + ": declared " + item.bodyInWords()
                    + "; its measurements were searched for precious metal.");
        }
        DocumentChecks.form(facts).ifPresent(findings::add);
        findings.addAll(CompositionChecks.check(facts));
        DensityCheck.check(facts).ifPresent(d -> {
            d.finding().ifPresent(findings::add);
            d.note().ifPresent(notes::add);
        });
        DocumentChecks.barSpec(facts).ifPresent(findings::add);
        DocumentChecks.value(facts, notes).ifPresent(findings::add);
        if (policy.requireTrustedDevices()) {
            untrusted(evidence).ifPresent(findings::add);
        }
        if (closed && !missing.isEmpty()) {
            findings.add(facts.finding(FindingCode.INCOMPLETE_INSPECTION, "Item " + item.itemId()
                    + " was not fully measured: " + String.join(", ", missing) + ".", Map.of("missing", missing)));
        }
        return new ItemOutcome(List.copyOf(findings), List.copyOf(notes),
                new ItemAssessment(item.itemId(), mass, fineness, shots.size(), missing));
    }

    private static Finding disagreeing(ItemFacts facts, List<Weighing> ws) {
        List<Map<String, Object>> list = new ArrayList<>();
        for (Weighing w : ws) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("grams", w.grams());
            m.put("deviceId", w.reading().deviceId());
            m.put("inServiceMpeGrams", w.metrology().inServiceMpeGrams(w.grams()));
            m.put("reading", w.reading().raw().trim());
            list.add(m);
        }
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("request", "REWEIGH");
        evidence.put("weighings", list);
        String values = String.join(", ", ws.stream().map(w -> grams(w.grams()) + " g").toList());
        return facts.finding(FindingCode.WEIGHINGS_DISAGREE, "Item " + facts.item().itemId() + " was weighed at "
                + values + ": they differ by more than the scales' errors explain and no majority agrees. Weigh it"
                + " again (check the pan, the tare and that it is the same item); they are not averaged.", evidence);
    }

    /** The finding for readings of devices that were not trusted, if the item has any. */
    private java.util.Optional<Finding> untrusted(ItemEvidence evidence) {
        Map<String, DeviceTrust> devices = new LinkedHashMap<>();
        for (Weighing w : evidence.weighings()) {
            if (!w.trust().trusted()) {
                devices.putIfAbsent(w.reading().deviceId(), w.trust());
            }
        }
        for (XrfShot shot : evidence.shots()) {
            if (!shot.trust().trusted()) {
                devices.putIfAbsent(shot.reading().deviceId(), shot.trust());
            }
        }
        if (devices.isEmpty()) {
            return java.util.Optional.empty();
        }
        List<String> words = new ArrayList<>();
        List<Map<String, Object>> evidenceDevices = new ArrayList<>();
        for (DeviceTrust t : devices.values()) {
            words.add(t.deviceId() + " (" + t.state() + ": " + t.reason() + ")");
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("deviceId", t.deviceId());
            d.put("trust", t.state().name());
            d.put("reason", t.reason());
            evidenceDevices.add(d);
        }
        String itemId = evidence.item().itemId();
        String message = "Item " + itemId + " was measured with " + (devices.size() == 1 ? "a device" : "devices")
                + " not trusted at the time: " + String.join("; ", words) + ". Check "
                + String.join(" and ", devices.keySet()) + " before relying on this inspection.";
        Map<String, Object> ev = new LinkedHashMap<>();
        ev.put("reason", "UNTRUSTED_DEVICE");
        ev.put("devicesNeedingCheck", List.copyOf(devices.keySet()));
        ev.put("devices", evidenceDevices);
        // However the policy maps incomplete inspections, a reading nobody can vouch for never gives a green lane.
        Lane lane = Lane.YELLOW.worse(policy.lane(FindingCode.INCOMPLETE_INSPECTION));
        return java.util.Optional.of(new Finding(FindingCode.INCOMPLETE_INSPECTION, itemId, lane, message, ev));
    }

    private static Finding massFinding(ItemFacts facts, MassResult m) {
        DeclaredItem item = facts.item();
        boolean excess = m.deviationGrams() > 0;
        String message = Text.format(
                "Item %s weighs %s g, %s g %s than the %s declared; the scales (the post's and the declarant's) and"
                        + " the declaration's rounding explain at most %s g.",
                item.itemId(), grams(m.measuredGrams()), grams(Math.abs(m.deviationGrams())), excess ? "more" : "less",
                item.netMass(), grams(m.allowedGrams()));
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("direction", excess ? "EXCESS" : "SHORTFALL");
        evidence.put("declaredGrams", m.declaredGrams());
        evidence.put("measuredGrams", m.measuredGrams());
        evidence.put("deviationGrams", m.deviationGrams());
        evidence.put("allowedGrams", m.allowedGrams());
        evidence.put("scaleMpeGrams", m.scaleMpeGrams());
        evidence.put("declarantScaleGrams", m.declarantScaleGrams());
        evidence.put("roundingGrams", excess ? m.roundingAboveGrams() : m.roundingBelowGrams());
        evidence.put("toleranceGrams", m.toleranceGrams());
        evidence.put("devices", m.devices());
        evidence.put("readings", m.readings());
        if (!m.setAside().isEmpty()) {
            evidence.put("setAside", m.setAside());
        }
        return facts.finding(FindingCode.MASS_DISCREPANCY, message, evidence);
    }

    private static Finding finenessFinding(ItemFacts facts, FinenessResult f) {
        DeclaredItem item = facts.item();
        String message = Text.format(
                "Item %s measures %.2f %% %s on its %s (upper bound %.2f %% at %.0f %% confidence, %d shot%s%s),"
                        + " below the declared %s (%.2f %%).",
                item.itemId(), f.meanPercent(), item.metal().displayName(), f.basis(), f.upperBoundPercent(),
                f.confidence() * 100, f.shots(), f.shots() == 1 ? "" : "s",
                f.provisional() ? Text.format(", below even by a further %.1f %%: decisive",
                        facts.policy().earlyDecisionMarginPercent()) : "",
                written(item), f.declaredPercent());
        return facts.finding(FindingCode.FINENESS_BELOW_DECLARED, message, finenessEvidence(f));
    }

    private static Finding samplingFinding(ItemFacts facts, FinenessResult f) {
        DeclaredItem item = facts.item();
        String message = Text.format(
                "Lot %s reads %.2f %% %s on its surface (%d shots), below the declared %s, but a %s lot's bulk can"
                        + " differ from its surface by more than that. Take a sample for assay (drill or melt-and-pour"
                        + " sample, as the refiner would) before deciding.",
                item.itemId(), f.meanPercent(), item.metal().displayName(), f.shots(), written(item), item.form().text());
        Map<String, Object> evidence = finenessEvidence(f);
        evidence.put("instruction", "SAMPLE_FOR_ASSAY");
        return facts.finding(FindingCode.SAMPLING_REQUIRED, message, evidence);
    }

    private static Finding aboveFinding(ItemFacts facts, FinenessResult f) {
        DeclaredItem item = facts.item();
        String message = Text.format(
                "Item %s measures %.2f %% %s (lower bound %.2f %%, %d shots), far above the declared %s (%.2f %%):"
                        + " the fineness is under-declared, and with it the fine metal and its value.",
                item.itemId(), f.meanPercent(), item.metal().displayName(), f.lowerBoundPercent(), f.shots(),
                written(item), f.declaredPercent());
        return facts.finding(FindingCode.FINENESS_ABOVE_DECLARED, message, finenessEvidence(f));
    }

    private static String written(DeclaredItem item) {
        return item.finenessAsWritten() + (item.finenessAsWritten().matches("[0-9.]+") ? " ‰" : "");
    }

    private static Map<String, Object> finenessEvidence(FinenessResult f) {
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("metal", f.metal());
        evidence.put("basis", f.basis());
        evidence.put("declaredPercent", f.declaredPercent());
        evidence.put("thresholdPercent", f.thresholdPercent());
        evidence.put("meanPercent", f.meanPercent());
        evidence.put("standardUncertaintyPercent", f.standardUncertainty());
        evidence.put("spreadPercent", f.spreadPercent());
        evidence.put("upperBoundPercent", f.upperBoundPercent());
        evidence.put("lowerBoundPercent", f.lowerBoundPercent());
        evidence.put("oneSidedFactor", f.oneSidedFactor());
        evidence.put("degreesOfFreedom", Double.isInfinite(f.degreesOfFreedom()) ? "infinite" : f.degreesOfFreedom());
        evidence.put("confidence", f.confidence());
        evidence.put("shots", f.shots());
        List<Map<String, Object>> budget = new ArrayList<>();
        for (var c : f.budget()) {
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("component", c.name());
            line.put("standardUncertaintyPercent", c.standardUncertainty());
            line.put("degreesOfFreedom", Double.isInfinite(c.degreesOfFreedom()) ? "infinite" : c.degreesOfFreedom());
            budget.add(line);
        }
        evidence.put("budget", budget);
        evidence.put("readings", f.readings());
        return evidence;
    }

    static String grams(double g) {
        return Text.format("%.2f", g);
    }
}
