package org.touchstone.agent;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.touchstone.agent.metrology.AccuracyClass;
import org.touchstone.agent.metrology.ScaleMetrology;
import org.touchstone.agent.calibration.DeviceTrust;
import org.touchstone.agent.calibration.TrustLookup;
import org.touchstone.agent.assessment.AssessmentPolicy;
import org.touchstone.agent.declaration.Declaration;
import org.touchstone.agent.declaration.DeclaredItem;
import org.touchstone.agent.declaration.ItemForm;
import org.touchstone.agent.declaration.Mass;
import org.touchstone.agent.declaration.Metal;
import org.touchstone.agent.inspection.Weighing;
import org.touchstone.agent.inspection.XrfShot;
import org.touchstone.drivers.reading.ElementResult;
import org.touchstone.drivers.reading.WeightReading;
import org.touchstone.drivers.reading.WeightUnit;
import org.touchstone.drivers.reading.XrfReading;

/** Declared items, weighings and XRF shots for agent tests, written as the values they stand for. */
public final class Fixtures {
    private Fixtures() {
    }

    public static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");

    /** The post's jewellery/bullion scale: class II, e = 0.1 g, Max 6200 g. */
    public static final ScaleMetrology CLASS_II_E01 = metrology(AccuracyClass.II, "0.1", "6200");

    public static ScaleMetrology metrology(AccuracyClass c, String e, String max) {
        return new ScaleMetrology(c, new BigDecimal(e), new BigDecimal(max));
    }

    /** Default policy: 3 shots, 99 %, instrument 0.05 wt%, no tolerances. */
    public static AssessmentPolicy policy() {
        return AssessmentPolicy.defaults();
    }

    public static AssessmentPolicy policy(int minShots, double confidence, String nationalToleranceMille) {
        return new AssessmentPolicy(minShots, null, null, confidence, new BigDecimal(nationalToleranceMille), 0.05);
    }

    /** A gold item, e.g. {@code gold("1", "999.9", "1000.0 g")}. */
    public static DeclaredItem gold(String itemId, String fineness, String netMass) {
        return item(itemId, Metal.AU, fineness, netMass);
    }

    public static DeclaredItem item(String itemId, Metal metal, String fineness, String netMass) {
        String[] m = netMass.split(" ");
        return new DeclaredItem(itemId, "7108.12", null, ItemForm.BAR, metal, new BigDecimal(fineness), fineness, 1,
                new Mass(new BigDecimal(m[0]), WeightUnit.fromSymbol(m[1]).orElseThrow()));
    }

    public static Declaration declaration(String id, DeclaredItem... items) {
        return new Declaration(id, "Declarant", "Exporter", "GH", List.of(items), null);
    }

    /** A stable reading of {@code grams} on {@code scale-1}, as MT-SICS prints it. */
    public static WeightReading stable(String grams) {
        return weight("scale-1", grams, true, null);
    }

    public static WeightReading weight(String device, String grams, boolean stable, String itemId) {
        return new WeightReading(device, new BigDecimal(grams), WeightUnit.G, stable, T0, itemId,
                (stable ? "S S " : "S D ") + grams + " g");
    }

    /** Every device in these tests is declared trusted unless a test says otherwise. */
    public static final TrustLookup TRUSTED = TrustLookup.declaredTrusted("declared trusted by the test");

    public static DeviceTrust trusted(String deviceId) {
        return DeviceTrust.declared(deviceId, "declared trusted by the test");
    }

    public static Weighing weighing(String grams, ScaleMetrology metrology) {
        return new Weighing(stable(grams), metrology, 1, trusted("scale-1"));
    }

    /** A shot from an analyzer declared trusted. */
    public static XrfShot trustedShot(XrfReading reading) {
        return new XrfShot(reading, trusted(reading.deviceId()));
    }

    public static Weighing weighing(String grams) {
        return weighing(grams, CLASS_II_E01);
    }

    /** One XRF shot with a single element at {@code percent} ± {@code uncertainty} (k = {@code k}). */
    public static XrfReading shot(String label, String element, double percent, double uncertainty, double k) {
        return xrf(label, ElementResult.detected(element, percent, uncertainty, k));
    }

    public static XrfReading xrf(String label, ElementResult... elements) {
        return new XrfReading("xrf-1", null, "PreciousMetals", label, 10, T0, List.of(elements),
                "{\"shot\":\"" + label + "\"}");
    }

    /** {@code n} gold shots at the given percentages, each stating 0.1 wt% at k = 2. */
    public static List<XrfReading> goldShots(double... percents) {
        return java.util.Arrays.stream(percents).mapToObj(p -> shot(null, "Au", p, 0.1, 2)).toList();
    }
}
