package org.touchstone.agent.assessment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.touchstone.agent.calibration.DeviceTrust;
import org.touchstone.agent.calibration.XrfCalibrationTerm;
import org.touchstone.agent.metrology.UncertaintyComponent;

/**
 * The calibration line of an item's budget, per element and level, from the check-standard history of the
 * analyzers that shot it (carried with each shot's trust). A reference material speaks for a sample whose element
 * lies within the policy's matrix window of its certified value; the nearest one is used. A matrix no reference
 * material covers gets the policy's documented default, a Type B estimate with its own degrees of freedom (GUM
 * G.4.2), scaled with the level. No term is below the policy's floor. With several analyzers the largest term
 * holds.
 */
final class CalibrationTerms {

    /** The level the unchecked default is stated at: an 18K alloy. */
    private static final double DEFAULT_REFERENCE_LEVEL = 75.0;

    /** Checks on one chart before its own bias and spread are used (n − 1 = 4 degrees of freedom). */
    static final int MIN_POINTS_FOR_OWN_ESTIMATE = 5;

    private final Map<String, List<XrfCalibrationTerm>> byAnalyzer;
    private final AssessmentPolicy policy;

    private CalibrationTerms(Map<String, List<XrfCalibrationTerm>> byAnalyzer, AssessmentPolicy policy) {
        this.byAnalyzer = byAnalyzer;
        this.policy = policy;
    }

    static CalibrationTerms of(List<DeviceTrust> trusts, AssessmentPolicy policy) {
        Map<String, List<XrfCalibrationTerm>> by = new LinkedHashMap<>();
        for (DeviceTrust t : trusts) {
            by.putIfAbsent(t.deviceId(), t.xrfCalibration());
        }
        return new CalibrationTerms(by, policy);
    }

    /** A calibration line with the bias correction that goes with it. */
    record Line(UncertaintyComponent component, double biasCorrection) {
    }

    /**
     * The calibration line for a content decision, with the bias corrected: from a chart of enough points the
     * bias is subtracted and what remains of it is the estimate's uncertainty, the check-to-check reproducibility,
     * the certificate and half the bias again for the sample's matrix not being exactly the reference material's.
     * The worst analyzer holds.
     */
    Line line(String element, double levelPercent) {
        Line worst = null;
        for (List<XrfCalibrationTerm> terms : byAnalyzer.values()) {
            XrfCalibrationTerm best = nearest(terms, element, levelPercent);
            Line l;
            if (best == null || best.points() < MIN_POINTS_FOR_OWN_ESTIMATE) {
                l = new Line(forAnalyzer(terms, element, levelPercent), 0);
            } else {
                l = new Line(new UncertaintyComponent(Text.format("calibration (%s on %s, %d checks:"
                                + " bias %+.3f corrected, reproducibility %.3f wt%%)", element, best.standardId(),
                        best.points(), best.meanDeviationPercent(), best.reproducibilityPercent()),
                        Math.max(policy.instrumentUncertaintyPercent(), best.uncertaintyAfterCorrection()),
                        best.degreesOfFreedom()), best.meanDeviationPercent());
            }
            if (worst == null || l.component().standardUncertainty() > worst.component().standardUncertainty()) {
                worst = l;
            }
        }
        return worst != null ? worst : new Line(unchecked(element, levelPercent), 0);
    }

    private XrfCalibrationTerm nearest(List<XrfCalibrationTerm> terms, String element, double level) {
        XrfCalibrationTerm best = null;
        for (XrfCalibrationTerm t : terms) {
            double distance = Math.abs(t.certifiedPercent() - level);
            if (t.element().equals(element) && distance <= policy.matrixWindowPercent()
                    && (best == null || distance < Math.abs(best.certifiedPercent() - level))) {
                best = t;
            }
        }
        return best;
    }

    /** The calibration line for {@code element} measured at {@code levelPercent}, bias uncorrected. */
    UncertaintyComponent at(String element, double levelPercent) {
        if (byAnalyzer.isEmpty()) {
            return unchecked(element, levelPercent);
        }
        UncertaintyComponent worst = null;
        for (List<XrfCalibrationTerm> terms : byAnalyzer.values()) {
            UncertaintyComponent c = forAnalyzer(terms, element, levelPercent);
            if (worst == null || c.standardUncertainty() > worst.standardUncertainty()) {
                worst = c;
            }
        }
        return worst;
    }

    private UncertaintyComponent forAnalyzer(List<XrfCalibrationTerm> terms, String element, double level) {
        XrfCalibrationTerm best = nearest(terms, element, level);
        if (best == null) {
            return unchecked(element, level);
        }
        if (best.points() < MIN_POINTS_FOR_OWN_ESTIMATE) {
            // Too few checks for a spread of their own: the check says the matrix is covered, the policy's floor
            // says how well, as a Type B estimate known to 25 % (8 degrees of freedom).
            return UncertaintyComponent.typeB(Text.format("calibration (%s on %s, %d check%s: the"
                            + " policy's figure until %d checks)", element, best.standardId(), best.points(),
                    best.points() == 1 ? "" : "s", MIN_POINTS_FOR_OWN_ESTIMATE),
                    Math.max(policy.instrumentUncertaintyPercent(), Math.abs(best.meanDeviationPercent())), 0.25);
        }
        return new UncertaintyComponent(Text.format("calibration (%s on %s, %d checks: bias %+.3f,"
                        + " reproducibility %.3f wt%%)", element, best.standardId(), best.points(),
                best.meanDeviationPercent(), best.reproducibilityPercent()),
                Math.max(policy.instrumentUncertaintyPercent(), best.standardUncertainty()), best.degreesOfFreedom());
    }

    private UncertaintyComponent unchecked(String element, double level) {
        double u = Math.max(policy.instrumentUncertaintyPercent(),
                policy.uncheckedMatrixUncertaintyPercent() * level / DEFAULT_REFERENCE_LEVEL);
        return UncertaintyComponent.typeB(Text.format(
                "calibration (no check standard near %s %.1f %%: default)", element, level), u,
                policy.uncheckedMatrixReliability());
    }
}
