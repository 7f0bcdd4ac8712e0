package org.touchstone.agent.assessment;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.touchstone.agent.calibration.DeviceTrust;
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

    public Assessor(AssessmentPolicy policy) {
        this.policy = policy;
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
        List<Finding> findings = new ArrayList<>();
        List<ItemAssessment> items = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (ItemEvidence evidence : inspection.items()) {
            DeclaredItem item = evidence.item();
            List<Weighing> air = evidence.weighings().stream().filter(w -> w.medium() == Weighing.Medium.AIR).toList();
            List<Weighing> water = evidence.weighings().stream().filter(w -> w.medium() == Weighing.Medium.WATER).toList();
            List<XrfReading> shots = evidence.xrfShots();
            MassResult mass = massCheck.compare(item, air).orElse(null);
            FinenessResult fineness = finenessCheck.compare(item, shots).orElse(null);
            Composition composition = shots.size() >= policy.minXrfShots() ? new Composition(shots) : null;
            ItemFacts facts = new ItemFacts(inspection.declaration(), item, air, water, shots, composition, mass,
                    fineness, policy);
            List<String> missing = new ArrayList<>();
            if (mass == null) {
                missing.add("no stable weighing");
            } else if (mass.discrepant()) {
                findings.add(massFinding(facts, mass));
            }
            if (fineness == null) {
                missing.add(shots.size() + " of " + policy.minXrfShots() + " XRF shots");
            } else if (fineness.belowDeclared()) {
                findings.add(finenessFinding(facts, fineness));
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
            items.add(new ItemAssessment(item.itemId(), mass, fineness, shots.size(), missing));
        }
        boolean complete = items.stream().allMatch(ItemAssessment::complete);
        Lane lane = findings.stream().map(Finding::severity).reduce(Lane.PENDING, Lane::worse);
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
        String message = String.format(Locale.ROOT,
                "Item %s weighs %s g, %s g %s than the %s declared; the scale and the declaration's rounding explain"
                        + " at most %s g.",
                item.itemId(), grams(m.measuredGrams()), grams(Math.abs(m.deviationGrams())), excess ? "more" : "less",
                item.netMass(), grams(m.allowedGrams()));
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("direction", excess ? "EXCESS" : "SHORTFALL");
        evidence.put("declaredGrams", m.declaredGrams());
        evidence.put("measuredGrams", m.measuredGrams());
        evidence.put("deviationGrams", m.deviationGrams());
        evidence.put("allowedGrams", m.allowedGrams());
        evidence.put("scaleMpeGrams", m.scaleMpeGrams());
        evidence.put("roundingGrams", m.roundingGrams());
        evidence.put("toleranceGrams", m.toleranceGrams());
        evidence.put("devices", m.devices());
        evidence.put("readings", m.readings());
        return facts.finding(FindingCode.MASS_DISCREPANCY, message, evidence);
    }

    private static Finding finenessFinding(ItemFacts facts, FinenessResult f) {
        DeclaredItem item = facts.item();
        String message = String.format(Locale.ROOT,
                "Item %s measures %.2f %% %s on its surface (upper bound %.2f %% at %.0f %% confidence, %d shots),"
                        + " below the declared %s (%.2f %%).",
                item.itemId(), f.meanPercent(), item.metal().displayName(), f.upperBoundPercent(),
                f.confidence() * 100, f.shots(), item.finenessAsWritten() + (item.finenessAsWritten().matches("[0-9.]+") ? " ‰" : ""),
                f.declaredPercent());
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("metal", f.metal());
        evidence.put("declaredPercent", f.declaredPercent());
        evidence.put("thresholdPercent", f.thresholdPercent());
        evidence.put("meanPercent", f.meanPercent());
        evidence.put("standardUncertaintyPercent", f.standardUncertainty());
        evidence.put("spreadPercent", f.spreadPercent());
        evidence.put("upperBoundPercent", f.upperBoundPercent());
        evidence.put("coverageFactor", f.coverageFactor());
        evidence.put("confidence", f.confidence());
        evidence.put("shots", f.shots());
        evidence.put("readings", f.readings());
        return facts.finding(FindingCode.FINENESS_BELOW_DECLARED, message, evidence);
    }

    static String grams(double g) {
        return String.format(Locale.ROOT, "%.2f", g);
    }
}
