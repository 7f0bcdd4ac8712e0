package org.touchstone.agent.config;

import java.math.BigDecimal;
import org.touchstone.agent.assessment.AccuracyClass;
import org.touchstone.agent.assessment.ScaleMetrology;

/**
 * One scale: how to reach it and the metrology the assessment needs to judge its readings.
 *
 * @param protocol                  {@code mt-sics} (more protocols come with the scale drivers)
 * @param pollIntervalMillis        how often to ask for the weight, default 250
 * @param accuracyClass             OIML class I, II, III or IIII
 * @param verificationIntervalGrams e, in grams
 * @param capacityGrams             Max, in grams
 */
public record ScaleConfig(String id, String protocol, SerialConfig serial, Integer pollIntervalMillis,
                          String accuracyClass, BigDecimal verificationIntervalGrams, BigDecimal capacityGrams) {
    public ScaleConfig {
        AgentConfig.requireId(id, "id");
        protocol = protocol == null ? "mt-sics" : protocol;
        if (!protocol.equals("mt-sics")) {
            throw new IllegalArgumentException("protocol '" + protocol + "' is not supported yet; supported: mt-sics");
        }
        if (serial == null) {
            throw new IllegalArgumentException("serial is required (path, baud, ...)");
        }
        pollIntervalMillis = pollIntervalMillis == null ? 250 : pollIntervalMillis;
        if (pollIntervalMillis < 50 || pollIntervalMillis > 60_000) {
            throw new IllegalArgumentException("pollIntervalMillis must be 50..60000, was: " + pollIntervalMillis);
        }
        if (accuracyClass == null) {
            throw new IllegalArgumentException("accuracyClass is required (I, II, III or IIII)");
        }
        AccuracyClass.parse(accuracyClass);
        if (verificationIntervalGrams == null) {
            throw new IllegalArgumentException("verificationIntervalGrams (e) is required");
        }
        if (capacityGrams == null) {
            throw new IllegalArgumentException("capacityGrams (Max) is required");
        }
        metrology(AccuracyClass.parse(accuracyClass), verificationIntervalGrams, capacityGrams);
    }

    public ScaleMetrology metrology() {
        return metrology(AccuracyClass.parse(accuracyClass), verificationIntervalGrams, capacityGrams);
    }

    private static ScaleMetrology metrology(AccuracyClass c, BigDecimal e, BigDecimal max) {
        return new ScaleMetrology(c, e, max);
    }

    public ScaleConfig withSerialPath(String path) {
        return new ScaleConfig(id, protocol, serial.withPath(path), pollIntervalMillis, accuracyClass,
                verificationIntervalGrams, capacityGrams);
    }
}
