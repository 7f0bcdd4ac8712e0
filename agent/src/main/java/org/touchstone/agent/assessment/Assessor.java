package org.touchstone.agent.assessment;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.touchstone.agent.config.AssessmentConfig;
import org.touchstone.agent.declaration.DeclaredItem;
import org.touchstone.agent.inspection.Inspection;
import org.touchstone.agent.inspection.ItemEvidence;

/**
 * Turns the evidence of an inspection into a {@link Verdict}. Pure: the same inspection gives the same verdict,
 * live or in a replay.
 *
 * <p>A RED finding decides the lane as soon as it is shown, even before every item is measured; GREEN needs
 * every item complete.
 */
public final class Assessor {

    static final String SURFACE_ONLY = "Bulk composition: XRF reads only the surface (a few µm in gold), so plating,"
            + " cladding or a tungsten core would not be seen; no conductivity, ultrasound or density test was recorded.";

    private final MassCheck massCheck;
    private final FinenessCheck finenessCheck;
    private final AssessmentConfig policy;

    public Assessor(AssessmentConfig policy) {
        this.policy = policy;
        this.massCheck = new MassCheck(policy);
        this.finenessCheck = new FinenessCheck(policy);
    }

    public Verdict assess(Inspection inspection, Instant now) {
        List<Finding> findings = new ArrayList<>();
        List<ItemAssessment> items = new ArrayList<>();
        for (ItemEvidence evidence : inspection.items()) {
            DeclaredItem item = evidence.item();
            MassResult mass = massCheck.compare(item, evidence.weighings()).orElse(null);
            FinenessResult fineness = finenessCheck.compare(item, evidence.xrfShots()).orElse(null);
            List<String> missing = new ArrayList<>();
            if (mass == null) {
                missing.add("no stable weighing");
            } else if (mass.discrepant()) {
                findings.add(massFinding(item, mass));
            }
            if (fineness == null) {
                missing.add(evidence.xrfShots().size() + " of " + policy.minXrfShots() + " XRF shots");
            } else if (fineness.belowDeclared()) {
                findings.add(finenessFinding(item, fineness));
            }
            items.add(new ItemAssessment(item.itemId(), mass, fineness, evidence.xrfShots().size(), missing));
        }
        boolean complete = items.stream().allMatch(ItemAssessment::complete);
        Lane lane = findings.stream().map(Finding::severity).reduce(Lane.PENDING, Lane::worse);
        if (lane != Lane.RED && !complete) {
            lane = Lane.PENDING;
        } else if (lane == Lane.PENDING) {
            lane = Lane.GREEN;
        }
        List<String> notTested = new ArrayList<>();
        notTested.add(SURFACE_ONLY);
        for (ItemAssessment a : items) {
            if (!a.complete()) {
                notTested.add("Item " + a.itemId() + ": " + String.join(", ", a.missing()) + ".");
            }
        }
        return new Verdict(inspection.id(), lane, complete, findings, items, notTested, now);
    }

    private static Finding massFinding(DeclaredItem item, MassResult m) {
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
        return new Finding(FindingCode.MASS_DISCREPANCY, item.itemId(), FindingCode.MASS_DISCREPANCY.defaultLane(),
                message, evidence);
    }

    private static Finding finenessFinding(DeclaredItem item, FinenessResult f) {
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
        return new Finding(FindingCode.FINENESS_BELOW_DECLARED, item.itemId(),
                FindingCode.FINENESS_BELOW_DECLARED.defaultLane(), message, evidence);
    }

    static String grams(double g) {
        return String.format(Locale.ROOT, "%.2f", g);
    }
}
