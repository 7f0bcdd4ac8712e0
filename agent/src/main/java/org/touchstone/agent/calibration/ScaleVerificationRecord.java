package org.touchstone.agent.calibration;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import org.touchstone.agent.metrology.ScaleMetrology;

/**
 * A scale verification as journaled: the scale's metrology, the procedure with its weights, every test's result
 * and the verdict.
 *
 * @param deviceId     the scale
 * @param serialNumber the scale's serial number as it reported it, or null
 * @param metrology    class, e and Max the MPEs were taken from
 * @param procedure    the procedure with every load resolved
 * @param performedAt  when it was finished
 * @param nextDue      when the next verification is due
 * @param checks       each test's result
 * @param passed       every test passed
 */
public record ScaleVerificationRecord(String deviceId, String serialNumber, ScaleMetrology metrology,
                                      ScaleProcedure procedure, Instant performedAt, Instant nextDue,
                                      List<ScaleCheck> checks, boolean passed) implements CalibrationRecord {
    public ScaleVerificationRecord {
        ReferenceWeightSet.requireText(deviceId, "deviceId");
        Objects.requireNonNull(metrology, "metrology");
        Objects.requireNonNull(procedure, "procedure");
        Objects.requireNonNull(performedAt, "performedAt");
        Objects.requireNonNull(nextDue, "nextDue");
        checks = List.copyOf(Objects.requireNonNull(checks, "checks"));
        if (passed != checks.stream().allMatch(ScaleCheck::passed)) {
            throw new IllegalArgumentException("passed must be true exactly when every check passed, was: " + passed);
        }
    }

    /** The same record with the serial number the scale reported. */
    public ScaleVerificationRecord withSerialNumber(String serial) {
        return new ScaleVerificationRecord(deviceId, serial, metrology, procedure, performedAt, nextDue, checks, passed);
    }

    @Override
    public String technician() {
        return procedure.technician();
    }

    @Override
    public String failures() {
        return checks.stream().filter(c -> !c.passed())
                .map(c -> c.test().name().toLowerCase(java.util.Locale.ROOT) + " at " + ScaleVerification.grams(c.loadGrams()) + " g")
                .distinct().collect(Collectors.joining(", "));
    }
}
