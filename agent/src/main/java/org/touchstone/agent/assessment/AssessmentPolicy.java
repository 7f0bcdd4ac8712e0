package org.touchstone.agent.assessment;

import java.math.BigDecimal;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.touchstone.agent.metrology.AccuracyClass;

/**
 * The numbers the assessment decides with (configuration key {@code assessment}). Every default is argued in
 * docs/domain.md and the README's "What a verdict says".
 *
 * @param minXrfShots                  XRF shots per item before the fineness is judged (fewer decide only when
 *                                     decisive even with {@code earlyDecisionMarginPercent})
 * @param massToleranceGrams           added to the scales' errors and the declaration's rounding
 * @param massTolerancePercent         likewise, as a percentage of the declared mass
 * @param confidence                   one-sided confidence of every "shown" decision (0.5 .. 0.9999; default
 *                                     0.999, so that a consignment of five honest items stays under 0.5 % RED)
 * @param nationalToleranceMille       fineness shortfall the country tolerates, in ‰ (0: none, ISO 9202)
 * @param instrumentUncertaintyPercent the least calibration standard uncertainty any matrix gets, wt% (a floor
 *                                     under what the analyzer's check-standard history says)
 * @param lanes                        finding code to lane, overriding each code's default
 * @param referencePrices              fine-metal prices the declared values are compared with
 * @param valueBandPercent             how far (±%) a declared price per gram fine may stray for refined metal
 * @param valueBandPercentUnrefined    the same for doré, scrap, concentrate and powder (refining discounts)
 * @param densityTolerancePercent      what hydrostatic weighing and ideal mixing cannot resolve, % of expected
 * @param waterDensity                 g/cm³ of the water used (0.9982 at 20 °C)
 * @param surfaceConsistencyAlpha      chi-square probability below which shots are called inconsistent
 * @param requireTrustedDevices        an untrusted device's reading keeps the inspection from GREEN
 * @param minXrfShotSeconds            a shot shorter than this is not a measurement (default 10 s)
 * @param rejectedXrfModes             regular expression of analyzer modes that are not for metal (soil, mining,
 *                                     RoHS...): shots in them are not measurements
 * @param matrixWindowPercent          a check standard speaks for a sample whose element is within this many wt%
 *                                     of its certified value (default 5)
 * @param uncheckedMatrixUncertaintyPercent calibration standard uncertainty, wt%, of a matrix no check standard
 *                                     covers (default 0.3: handheld XRF is quoted at ±0.1-0.5 % on gold)
 * @param uncheckedMatrixReliability   how well that default is known (0.25 = to 25 %: 8 degrees of freedom,
 *                                     GUM G.4.2)
 * @param spotReproducibilityPercent   spot-to-spot variation of an honest homogeneous item beyond counting, wt%
 *                                     (k = 1), in the chi-square test and pooled with the shots' spread (0.005)
 * @param spotReproducibilityRelativePercent the same as % of the lesser of c and 100 − c (default 1)
 * @param lotHeterogeneityPercent      how far a doré or scrap lot's bulk may differ from its surface mean, wt%
 *                                     (k = 1; default 3): below that, a low surface asks for a sample
 * @param earlyDecisionMarginPercent   with fewer shots than {@code minXrfShots}, fineness is called below only
 *                                     when below by this much more (default 5 wt%)
 * @param finenessAboveMarginMille     a measured fineness this far above the declared one is a finding (30 ‰)
 * @param platedSubstrateUncertaintyPercent what a thin plating does to the substrate's apparent composition,
 *                                     wt% (k = 1; default 3)
 * @param presenceLevelsPercent        per element, the level it must be shown above to count as present (Ir and
 *                                     Ru grain refiners, spectral overlaps); elements not listed: 0
 * @param mercuryRedPercent            mercury shown above this is RED; below it (but present) the lane is
 *                                     {@code mercuryLowLevelLane}: a laboratory sample (default 0.1 %)
 * @param mercuryLowLevelLane          default YELLOW
 * @param declarantScale               how far an honest declarant's own scale may be off (default on)
 * @param castingPorosityPercent       how much lighter than its alloy a cast item may weigh in water through
 *                                     trapped gas (doré, cast bars and jewellery; not coins or wrought goods): a
 *                                     one-sided allowance, % (default 3)
 */
public record AssessmentPolicy(Integer minXrfShots, BigDecimal massToleranceGrams, BigDecimal massTolerancePercent,
                               Double confidence, BigDecimal nationalToleranceMille,
                               Double instrumentUncertaintyPercent, Map<FindingCode, Lane> lanes,
                               List<ReferencePrice> referencePrices, Double valueBandPercent,
                               Double valueBandPercentUnrefined, Double densityTolerancePercent, Double waterDensity,
                               Double surfaceConsistencyAlpha, Boolean requireTrustedDevices,
                               Double minXrfShotSeconds, String rejectedXrfModes, Double matrixWindowPercent,
                               Double uncheckedMatrixUncertaintyPercent, Double uncheckedMatrixReliability,
                               Double spotReproducibilityPercent, Double spotReproducibilityRelativePercent,
                               Double lotHeterogeneityPercent, Double earlyDecisionMarginPercent,
                               BigDecimal finenessAboveMarginMille, Double platedSubstrateUncertaintyPercent,
                               Map<String, Double> presenceLevelsPercent, Double mercuryRedPercent,
                               Lane mercuryLowLevelLane, DeclarantScale declarantScale,
                               Double castingPorosityPercent) {

    /**
     * The declarant's own scale, which set the declared mass: an honest figure can be off by that scale's
     * in-service MPE. Its class is assumed by form (refined goods on class II; doré, scrap and concentrate as
     * mines and collectors weigh them, on class III), and its e from the declared figure's last digit, no finer
     * than the class allows at that load (n = Max/e at most 100 000 for II, 10 000 for III).
     *
     * @param enabled   false: the declared mass is taken as exact (only its rounding is allowed)
     * @param refined   class for bars, coins, grain, jewellery, semi-manufactured and powder (default II)
     * @param unrefined class for doré, scrap, concentrate and other forms (default III)
     */
    public record DeclarantScale(Boolean enabled, AccuracyClass refined, AccuracyClass unrefined) {
        public DeclarantScale {
            enabled = enabled == null || enabled;
            refined = refined == null ? AccuracyClass.II : refined;
            unrefined = unrefined == null ? AccuracyClass.III : unrefined;
        }

        public static DeclarantScale defaults() {
            return new DeclarantScale(null, null, null);
        }
    }

    /** Presence levels argued in docs/domain.md 3.3: grain refiners, overlaps, mercury. */
    static final Map<String, Double> DEFAULT_PRESENCE_LEVELS = Map.of(
            "Ir", 0.2, "Ru", 0.2, "Os", 0.2, "W", 0.02, "Hg", 0.002);

    /** The first six settings; the rest take their defaults. */
    public AssessmentPolicy(Integer minXrfShots, BigDecimal massToleranceGrams, BigDecimal massTolerancePercent,
                            Double confidence, BigDecimal nationalToleranceMille, Double instrumentUncertaintyPercent) {
        this(minXrfShots, massToleranceGrams, massTolerancePercent, confidence, nationalToleranceMille,
                instrumentUncertaintyPercent, null, null, null, null, null, null, null, null);
    }

    /** The settings of the first version of this record; the rest take their defaults. */
    public AssessmentPolicy(Integer minXrfShots, BigDecimal massToleranceGrams, BigDecimal massTolerancePercent,
                            Double confidence, BigDecimal nationalToleranceMille, Double instrumentUncertaintyPercent,
                            Map<FindingCode, Lane> lanes, List<ReferencePrice> referencePrices,
                            Double valueBandPercent, Double valueBandPercentUnrefined, Double densityTolerancePercent,
                            Double waterDensity, Double surfaceConsistencyAlpha, Boolean requireTrustedDevices) {
        this(minXrfShots, massToleranceGrams, massTolerancePercent, confidence, nationalToleranceMille,
                instrumentUncertaintyPercent, lanes, referencePrices, valueBandPercent, valueBandPercentUnrefined,
                densityTolerancePercent, waterDensity, surfaceConsistencyAlpha, requireTrustedDevices, null, null,
                null, null, null, null, null, null, null, null, null, null, null, null, null, null);
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
        // 0.999 per decision: a five-item consignment is then accused by chance at most ~0.5 % of the time.
        confidence = confidence == null ? 0.999 : confidence;
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
        minXrfShotSeconds = range("minXrfShotSeconds", minXrfShotSeconds, 10.0, 0, 600);
        rejectedXrfModes = rejectedXrfModes == null
                ? "(?i).*(soil|mining|geochem|rohs|plastic|consumer|environment|paint).*" : rejectedXrfModes;
        try {
            Pattern.compile(rejectedXrfModes);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("rejectedXrfModes: not a regular expression: " + e.getDescription());
        }
        matrixWindowPercent = range("matrixWindowPercent", matrixWindowPercent, 5.0, 0, 100);
        uncheckedMatrixUncertaintyPercent = range("uncheckedMatrixUncertaintyPercent",
                uncheckedMatrixUncertaintyPercent, 0.3, 0, 10);
        uncheckedMatrixReliability = range("uncheckedMatrixReliability", uncheckedMatrixReliability, 0.25, 0.01, 1);
        spotReproducibilityPercent = range("spotReproducibilityPercent", spotReproducibilityPercent, 0.005, 0, 10);
        spotReproducibilityRelativePercent = range("spotReproducibilityRelativePercent",
                spotReproducibilityRelativePercent, 1.0, 0, 20);
        lotHeterogeneityPercent = range("lotHeterogeneityPercent", lotHeterogeneityPercent, 3.0, 0, 50);
        earlyDecisionMarginPercent = range("earlyDecisionMarginPercent", earlyDecisionMarginPercent, 5.0, 0, 100);
        finenessAboveMarginMille = finenessAboveMarginMille == null ? BigDecimal.valueOf(30) : finenessAboveMarginMille;
        if (finenessAboveMarginMille.signum() <= 0 || finenessAboveMarginMille.compareTo(BigDecimal.valueOf(1000)) > 0) {
            throw new IllegalArgumentException("finenessAboveMarginMille must be above 0 and at most 1000, was: "
                    + finenessAboveMarginMille);
        }
        platedSubstrateUncertaintyPercent = range("platedSubstrateUncertaintyPercent",
                platedSubstrateUncertaintyPercent, 3.0, 0, 50);
        Map<String, Double> levels = new LinkedHashMap<>(DEFAULT_PRESENCE_LEVELS);
        if (presenceLevelsPercent != null) {
            presenceLevelsPercent.forEach((el, level) -> {
                if (el == null || !el.matches("[A-Z][a-z]?")) {
                    throw new IllegalArgumentException("presenceLevelsPercent must name element symbols such as Hg, '"
                            + el + "' is not one");
                }
                if (level == null || !(level >= 0 && level <= 100)) {
                    throw new IllegalArgumentException("presenceLevelsPercent must be 0..100 for each element, " + el
                            + " was: " + level);
                }
                levels.put(el, level);
            });
        }
        presenceLevelsPercent = Map.copyOf(levels);
        mercuryRedPercent = range("mercuryRedPercent", mercuryRedPercent, 0.1, 0, 100);
        mercuryLowLevelLane = mercuryLowLevelLane == null ? Lane.YELLOW : mercuryLowLevelLane;
        if (mercuryLowLevelLane == Lane.PENDING) {
            throw new IllegalArgumentException("mercuryLowLevelLane must be GREEN, YELLOW or RED, not PENDING");
        }
        declarantScale = declarantScale == null ? DeclarantScale.defaults() : declarantScale;
        castingPorosityPercent = range("castingPorosityPercent", castingPorosityPercent, 3.0, 0, 30);
    }

    private static double range(String name, Double value, double fallback, double min, double max) {
        double v = value == null ? fallback : value;
        if (!(v >= min && v <= max)) {
            throw new IllegalArgumentException(name + " must be " + min + ".." + max + ", was: " + value);
        }
        return v;
    }

    public static AssessmentPolicy defaults() {
        return new AssessmentPolicy(null, null, null, null, null, null);
    }

    /** This policy with the trust requirement switched on or off. */
    public AssessmentPolicy withRequireTrustedDevices(boolean require) {
        return new AssessmentPolicy(minXrfShots, massToleranceGrams, massTolerancePercent, confidence,
                nationalToleranceMille, instrumentUncertaintyPercent, lanes, referencePrices, valueBandPercent,
                valueBandPercentUnrefined, densityTolerancePercent, waterDensity, surfaceConsistencyAlpha, require,
                minXrfShotSeconds, rejectedXrfModes, matrixWindowPercent, uncheckedMatrixUncertaintyPercent,
                uncheckedMatrixReliability, spotReproducibilityPercent, spotReproducibilityRelativePercent,
                lotHeterogeneityPercent, earlyDecisionMarginPercent, finenessAboveMarginMille,
                platedSubstrateUncertaintyPercent, presenceLevelsPercent, mercuryRedPercent, mercuryLowLevelLane,
                declarantScale, castingPorosityPercent);
    }

    /** This policy with another declarant-scale model (the Monte Carlo compares regimes with it). */
    public AssessmentPolicy withDeclarantScale(DeclarantScale scale) {
        return new AssessmentPolicy(minXrfShots, massToleranceGrams, massTolerancePercent, confidence,
                nationalToleranceMille, instrumentUncertaintyPercent, lanes, referencePrices, valueBandPercent,
                valueBandPercentUnrefined, densityTolerancePercent, waterDensity, surfaceConsistencyAlpha,
                requireTrustedDevices, minXrfShotSeconds, rejectedXrfModes, matrixWindowPercent,
                uncheckedMatrixUncertaintyPercent, uncheckedMatrixReliability, spotReproducibilityPercent,
                spotReproducibilityRelativePercent, lotHeterogeneityPercent, earlyDecisionMarginPercent,
                finenessAboveMarginMille, platedSubstrateUncertaintyPercent, presenceLevelsPercent, mercuryRedPercent,
                mercuryLowLevelLane, scale, castingPorosityPercent);
    }

    /** The lane a finding calls for under this policy. */
    public Lane lane(FindingCode code) {
        return lanes.getOrDefault(code, code.defaultLane());
    }

    /** The level an element must be shown above to count as present, wt%. */
    public double presenceLevel(String element) {
        return presenceLevelsPercent.getOrDefault(element, 0.0);
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
