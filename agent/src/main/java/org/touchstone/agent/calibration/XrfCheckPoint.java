package org.touchstone.agent.calibration;

import java.time.Instant;
import java.util.Objects;

/**
 * One element of one shot on a CRM, compared with its certified value: a point on that element's control chart.
 *
 * @param standardId               the CRM
 * @param element                  element symbol
 * @param certifiedPercent         certified value c, wt%
 * @param certifiedUncertainty     its standard uncertainty, wt%
 * @param measuredPercent          measured value x, wt% (0 when below detection)
 * @param measuredUncertainty      the analyzer's standard uncertainty (k = 1), wt%
 * @param zScore                   (x − c) / sqrt(u_meas² + u_cert² + u_accepted²): the point against its certificate,
 *                                 in s
 * @param passed                   |z| ≤ 3: within the action limit (2 s is a warning, see {@link ControlChart.Rule})
 * @param testNumber               the analyzer's test number, or null
 * @param at                       when the shot was taken
 */
public record XrfCheckPoint(String standardId, String element, double certifiedPercent, double certifiedUncertainty,
                            double measuredPercent, double measuredUncertainty, double zScore, boolean passed,
                            String testNumber, Instant at) {

    /** The action limit, in s: a point beyond it rejects the run. */
    public static final double K = 3;

    public XrfCheckPoint {
        Objects.requireNonNull(standardId, "standardId");
        Objects.requireNonNull(element, "element");
        Objects.requireNonNull(at, "at");
    }

    /** A point from a measurement and a certified value. */
    public static XrfCheckPoint of(String standardId, String element, CertifiedValue certified, double measuredPercent,
                                   double measuredStandardUncertainty, String testNumber, Instant at) {
        double uc = Math.sqrt(measuredStandardUncertainty * measuredStandardUncertainty
                + certified.standardUncertainty() * certified.standardUncertainty()
                + certified.acceptedBiasPercent() * certified.acceptedBiasPercent());
        double deviation = measuredPercent - certified.percent();
        double z = uc > 0 ? deviation / uc : (deviation == 0 ? 0 : Math.copySign(Double.MAX_VALUE, deviation));
        return new XrfCheckPoint(standardId, element, certified.percent(), certified.standardUncertainty(),
                measuredPercent, measuredStandardUncertainty, z, Math.abs(deviation) <= K * uc + 1e-12, testNumber, at);
    }

    public double deviationPercent() {
        return measuredPercent - certifiedPercent;
    }

    public double combinedUncertainty() {
        return Math.sqrt(measuredUncertainty * measuredUncertainty + certifiedUncertainty * certifiedUncertainty);
    }
}
