package org.touchstone.agent.assessment;

import java.math.BigDecimal;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The numbers the assessment decides with.
 *
 * @param minXrfShots                  XRF shots per item before the fineness is judged
 * @param massToleranceGrams           added to the scale's error and the declaration's rounding
 * @param massTolerancePercent         likewise, as a percentage of the declared mass
 * @param confidence                   one-sided confidence required to call a fineness below the declared
 *                                     (0.5 .. 0.9999)
 * @param nationalToleranceMille       fineness shortfall the country tolerates, in ‰ (0: none, ISO 9202)
 * @param instrumentUncertaintyPercent standard uncertainty of the XRF calibration itself, in wt%; does not
 *                                     shrink with more shots
 * @param lanes                        finding code to lane, overriding each code's default (GREEN makes a finding
 *                                     informative only)
 * @param referencePrices              fine-metal prices the declared values are compared with
 * @param valueBandPercent             how far (±%) a declared price per gram fine may stray for refined metal
 * @param valueBandPercentUnrefined    the same for doré, scrap, concentrate and powder (refining discounts)
 * @param densityTolerancePercent      what hydrostatic weighing and ideal mixing cannot resolve (bubbles,
 *                                     alloying), as % of the expected density
 * @param waterDensity                 g/cm³ of the water used (0.9982 at 20 °C)
 * @param surfaceConsistencyAlpha      chi-square probability below which shots are called inconsistent
 * @param requireTrustedDevices        a reading from a device that is not trusted (no passing calibration record,
 *                                     check due, failed, drifting) keeps the inspection from GREEN with an
 *                                     INCOMPLETE_INSPECTION finding naming the device (default true)
 */
public record AssessmentPolicy(Integer minXrfShots, BigDecimal massToleranceGrams, BigDecimal massTolerancePercent,
                               Double confidence, BigDecimal nationalToleranceMille,
                               Double instrumentUncertaintyPercent, Map<FindingCode, Lane> lanes,
                               List<ReferencePrice> referencePrices, Double valueBandPercent,
                               Double valueBandPercentUnrefined, Double densityTolerancePercent, Double waterDensity,
                               Double surfaceConsistencyAlpha, Boolean requireTrustedDevices) {

    /** The first six settings; the rest take their defaults. */
    public AssessmentPolicy(Integer minXrfShots, BigDecimal massToleranceGrams, BigDecimal massTolerancePercent,
                            Double confidence, BigDecimal nationalToleranceMille, Double instrumentUncertaintyPercent) {
        this(minXrfShots, massToleranceGrams, massTolerancePercent, confidence, nationalToleranceMille,
                instrumentUncertaintyPercent, null, null, null, null, null, null, null, null);
    }

    public AssessmentPolicy {
        lanes = lanes == null ? Map.of() : Map.copyOf(lanes);
        if (lanes.containsValue(Lane.PENDING)) {
            throw new IllegalArgumentException("lanes: a finding maps to GREEN, YELLOW or RED, not PENDING");
        }
        referencePrices = referencePrices == null ? List.of() : List.copyOf(referencePrices);
        valueBandPercent = valueBandPercent == null ? 30.0 : valueBandPercent;
        valueBandPercentUnrefined = valueBandPercentUnrefined == null ? 50.0 : valueBandPercentUnrefined;
        densityTolerancePercent = densityTolerancePercent == null ? 1.0 : densityTolerancePercent;
        waterDensity = waterDensity == null ? 0.9982 : waterDensity;
        surfaceConsistencyAlpha = surfaceConsistencyAlpha == null ? 0.001 : surfaceConsistencyAlpha;
        requireTrustedDevices = requireTrustedDevices == null || requireTrustedDevices;
        if (valueBandPercent <= 0 || valueBandPercent >= 100 || valueBandPercentUnrefined <= 0
                || valueBandPercentUnrefined >= 100) {
            throw new IllegalArgumentException("valueBandPercent and valueBandPercentUnrefined must be within 0..100 (exclusive)");
        }
        if (densityTolerancePercent < 0 || densityTolerancePercent > 20) {
            throw new IllegalArgumentException("densityTolerancePercent must be 0..20, was: " + densityTolerancePercent);
        }
        if (waterDensity < 0.95 || waterDensity > 1.01) {
            throw new IllegalArgumentException("waterDensity must be 0.95..1.01 g/cm³, was: " + waterDensity);
        }
        if (surfaceConsistencyAlpha <= 0 || surfaceConsistencyAlpha >= 0.5) {
            throw new IllegalArgumentException("surfaceConsistencyAlpha must be within 0..0.5, was: " + surfaceConsistencyAlpha);
        }
        minXrfShots = minXrfShots == null ? 3 : minXrfShots;
        massToleranceGrams = massToleranceGrams == null ? BigDecimal.ZERO : massToleranceGrams;
        massTolerancePercent = massTolerancePercent == null ? BigDecimal.ZERO : massTolerancePercent;
        confidence = confidence == null ? 0.99 : confidence;
        nationalToleranceMille = nationalToleranceMille == null ? BigDecimal.ZERO : nationalToleranceMille;
        instrumentUncertaintyPercent = instrumentUncertaintyPercent == null ? 0.05 : instrumentUncertaintyPercent;
        if (minXrfShots < 1 || minXrfShots > 50) {
            throw new IllegalArgumentException("minXrfShots must be 1..50, was: " + minXrfShots);
        }
        if (massToleranceGrams.signum() < 0) {
            throw new IllegalArgumentException("massToleranceGrams must be >= 0, was: " + massToleranceGrams);
        }
        if (massTolerancePercent.signum() < 0 || massTolerancePercent.compareTo(BigDecimal.TEN) > 0) {
            throw new IllegalArgumentException("massTolerancePercent must be 0..10, was: " + massTolerancePercent);
        }
        if (confidence < 0.5 || confidence > 0.9999) {
            throw new IllegalArgumentException("confidence must be 0.5..0.9999, was: " + confidence);
        }
        if (nationalToleranceMille.signum() < 0 || nationalToleranceMille.compareTo(BigDecimal.valueOf(50)) > 0) {
            throw new IllegalArgumentException("nationalToleranceMille must be 0..50, was: " + nationalToleranceMille);
        }
        if (instrumentUncertaintyPercent < 0 || instrumentUncertaintyPercent > 5) {
            throw new IllegalArgumentException("instrumentUncertaintyPercent must be 0..5, was: " + instrumentUncertaintyPercent);
        }
    }

    public static AssessmentPolicy defaults() {
        return new AssessmentPolicy(null, null, null, null, null, null);
    }

    /** This policy with the trust requirement switched on or off. */
    public AssessmentPolicy withRequireTrustedDevices(boolean require) {
        return new AssessmentPolicy(minXrfShots, massToleranceGrams, massTolerancePercent, confidence,
                nationalToleranceMille, instrumentUncertaintyPercent, lanes, referencePrices, valueBandPercent,
                valueBandPercentUnrefined, densityTolerancePercent, waterDensity, surfaceConsistencyAlpha, require);
    }

    /** The lane a finding calls for under this policy. */
    public Lane lane(FindingCode code) {
        return lanes.getOrDefault(code, code.defaultLane());
    }

    /** The policy's whole code-to-lane table, defaults included. */
    public Map<FindingCode, Lane> laneTable() {
        Map<FindingCode, Lane> table = new EnumMap<>(FindingCode.class);
        for (FindingCode c : FindingCode.values()) {
            table.put(c, lane(c));
        }
        return table;
    }
}
