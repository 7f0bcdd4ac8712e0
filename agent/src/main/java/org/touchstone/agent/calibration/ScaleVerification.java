package org.touchstone.agent.calibration;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.commons.math3.stat.descriptive.DescriptiveStatistics;
import org.touchstone.agent.metrology.ScaleMetrology;
import org.touchstone.agent.calibration.ScaleStep.Position;
import org.touchstone.agent.calibration.ScaleStep.ScaleTest;

/**
 * Verifies a scale against the initial-verification MPEs of OIML R 76-1 for its class and e: zero, errors of
 * indication, repeatability (standard deviation and range of repeated loadings), eccentricity at the centre and
 * four corners, and a net load on a tared container.
 *
 * <p>The criteria: zero within ±0.25 e (zero-setting accuracy); every error of indication, every eccentricity
 * position and the tared net load within the MPE at that load; for repeatability the range of the loadings within
 * the MPE (R 76-1 3.6.1) and twice their standard deviation within it too (EURAMET cg-18 states repeatability as a
 * standard deviation).
 */
public final class ScaleVerification {

    private final ScaleMetrology scale;
    private final ScaleProcedure procedure;

    public ScaleVerification(ScaleMetrology scale, ScaleProcedure procedure) {
        this.scale = scale;
        this.procedure = procedure.resolvedFor(scale);
    }

    public ScaleProcedure procedure() {
        return procedure;
    }

    /** The steps, in the order the technician does them. */
    public List<ScaleStep> steps() {
        List<ScaleStep> steps = new ArrayList<>();
        steps.add(new ScaleStep(ScaleTest.ZERO, "remove everything from the pan and press zero on the scale", 0,
                Position.CENTER, 0));
        for (var load : procedure.testLoadsGrams()) {
            double m = load.doubleValue();
            steps.add(new ScaleStep(ScaleTest.INDICATION, "place the " + grams(m) + " g reference weight at the centre",
                    m, Position.CENTER, 0));
        }
        double rep = procedure.repeatabilityLoadGrams().doubleValue();
        for (int i = 1; i <= procedure.repeatabilityCount(); i++) {
            steps.add(new ScaleStep(ScaleTest.REPEATABILITY, "lift the load off, then place the " + grams(rep)
                    + " g reference weight at the centre (loading " + i + " of " + procedure.repeatabilityCount() + ")",
                    rep, Position.CENTER, 0));
        }
        double ecc = procedure.eccentricityLoadGrams().doubleValue();
        for (Position p : Position.values()) {
            steps.add(new ScaleStep(ScaleTest.ECCENTRICITY, "place the " + grams(ecc) + " g reference weight at "
                    + p.words(), ecc, p, 0));
        }
        double tare = procedure.tareGrams().doubleValue();
        double net = procedure.tareTestLoadGrams().doubleValue();
        steps.add(new ScaleStep(ScaleTest.TARE, "clear the pan, place a container of about " + grams(tare)
                + " g (or that weight) and press tare", 0, Position.CENTER, tare));
        steps.add(new ScaleStep(ScaleTest.TARE, "add the " + grams(net) + " g reference weight on the tared container",
                net, Position.CENTER, tare));
        return steps;
    }

    /** Walks the technician through every step and evaluates what the scale showed. */
    public ScaleVerificationRecord run(String deviceId, String serialNumber, ScaleBench bench, java.time.Clock clock) {
        List<ScaleStep> steps = steps();
        List<Double> indications = new ArrayList<>();
        for (ScaleStep step : steps) {
            indications.add(bench.perform(step));
        }
        return evaluate(deviceId, serialNumber, indications, clock.instant());
    }

    /**
     * Evaluates recorded indications, one per {@link #steps()} entry in the same order.
     *
     * @throws IllegalArgumentException when the count differs from the steps
     */
    public ScaleVerificationRecord evaluate(String deviceId, String serialNumber, List<Double> indications,
                                            Instant performedAt) {
        List<ScaleStep> steps = steps();
        if (indications.size() != steps.size()) {
            throw new IllegalArgumentException("indications: the procedure has " + steps.size() + " steps, got "
                    + indications.size() + " indications");
        }
        List<ScaleCheck> checks = new ArrayList<>();
        double e = scale.verificationIntervalGrams().doubleValue();
        List<Double> rep = new ArrayList<>();
        List<Double> ecc = new ArrayList<>();
        List<String> eccPositions = new ArrayList<>();
        List<Double> tare = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) {
            ScaleStep s = steps.get(i);
            double ind = indications.get(i);
            switch (s.test()) {
                case ZERO -> {
                    double mpe = 0.25 * e;
                    checks.add(new ScaleCheck(ScaleTest.ZERO, 0, null, List.of(ind), ind, 0, 0, mpe,
                            Math.abs(ind) <= mpe + tolerance(e), "empty pan within ±0.25 e after zeroing"));
                }
                case INDICATION -> {
                    double mpe = scale.initialMpeGrams(s.loadGrams());
                    double error = ind - s.loadGrams();
                    checks.add(new ScaleCheck(ScaleTest.INDICATION, s.loadGrams(), null, List.of(ind), error, 0, 0, mpe,
                            Math.abs(error) <= mpe + tolerance(e), "error of indication within ±MPE"));
                }
                case REPEATABILITY -> rep.add(ind);
                case ECCENTRICITY -> {
                    ecc.add(ind);
                    eccPositions.add(s.position().name());
                }
                case TARE -> tare.add(ind);
                default -> throw new IllegalStateException(s.test().name());
            }
        }
        double repLoad = procedure.repeatabilityLoadGrams().doubleValue();
        DescriptiveStatistics stats = new DescriptiveStatistics(rep.stream().mapToDouble(Double::doubleValue).toArray());
        double sd = stats.getStandardDeviation();
        double range = stats.getMax() - stats.getMin();
        double repMpe = scale.initialMpeGrams(repLoad);
        checks.add(new ScaleCheck(ScaleTest.REPEATABILITY, repLoad, null, rep, worst(rep, repLoad), sd, range, repMpe,
                range <= repMpe + tolerance(e) && 2 * sd <= repMpe + tolerance(e),
                "range of " + rep.size() + " loadings and 2 s within MPE"));
        double eccLoad = procedure.eccentricityLoadGrams().doubleValue();
        double eccMpe = scale.initialMpeGrams(eccLoad);
        double eccWorst = worst(ecc, eccLoad);
        double eccRange = ecc.stream().mapToDouble(Double::doubleValue).max().orElse(0)
                - ecc.stream().mapToDouble(Double::doubleValue).min().orElse(0);
        checks.add(new ScaleCheck(ScaleTest.ECCENTRICITY, eccLoad, eccPositions, ecc, eccWorst, 0, eccRange, eccMpe,
                Math.abs(eccWorst) <= eccMpe + tolerance(e), "error at the centre and each corner within ±MPE"));
        double net = procedure.tareTestLoadGrams().doubleValue();
        double netError = tare.get(1) - net;
        double tareMpe = scale.initialMpeGrams(net);
        checks.add(new ScaleCheck(ScaleTest.TARE, net, null, tare, netError, 0, 0, tareMpe,
                Math.abs(tare.get(0)) <= 0.25 * e + tolerance(e) && Math.abs(netError) <= tareMpe + tolerance(e),
                "tared container shows zero, net load within ±MPE"));
        boolean passed = checks.stream().allMatch(ScaleCheck::passed);
        return new ScaleVerificationRecord(deviceId, serialNumber, scale, procedure, performedAt,
                performedAt.plus(Duration.ofDays(procedure.validForDays())), checks, passed);
    }

    /** Indications are multiples of d; a hair of slack keeps 0.05 from failing an MPE of 0.05 through rounding. */
    private static double tolerance(double e) {
        return e * 1e-9;
    }

    private static double worst(List<Double> indications, double load) {
        double worst = 0;
        for (double i : indications) {
            if (Math.abs(i - load) > Math.abs(worst)) {
                worst = i - load;
            }
        }
        return worst;
    }

    static String grams(double g) {
        return java.math.BigDecimal.valueOf(g).stripTrailingZeros().toPlainString();
    }

    /** One line per check, as a technician reads it. */
    public static List<String> describe(ScaleVerificationRecord r) {
        List<String> lines = new ArrayList<>();
        for (ScaleCheck c : r.checks()) {
            String what = switch (c.test()) {
                case ZERO -> "zero";
                case INDICATION -> "indication at " + grams(c.loadGrams()) + " g";
                case REPEATABILITY -> "repeatability at " + grams(c.loadGrams()) + " g";
                case ECCENTRICITY -> "eccentricity at " + grams(c.loadGrams()) + " g";
                case TARE -> "tare, net " + grams(c.loadGrams()) + " g";
            };
            String figures = switch (c.test()) {
                case REPEATABILITY -> String.format(Locale.ROOT, "s = %.4f g, range %.4f g", c.standardDeviationGrams(),
                        c.rangeGrams());
                case ECCENTRICITY -> String.format(Locale.ROOT, "worst error %+.4f g, range %.4f g", c.errorGrams(),
                        c.rangeGrams());
                default -> String.format(Locale.ROOT, "error %+.4f g", c.errorGrams());
            };
            lines.add(String.format(Locale.ROOT, "%-28s %-36s MPE %.4f g  %s", what, figures, c.mpeGrams(),
                    c.passed() ? "PASS" : "FAIL"));
        }
        return lines;
    }
}
