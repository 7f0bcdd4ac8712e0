package org.touchstone.agent.assessment;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.touchstone.agent.calibration.DeviceTrust;
import org.touchstone.agent.declaration.DeclaredItem;
import org.touchstone.agent.inspection.XrfShot;
import org.touchstone.drivers.reading.ElementResult;
import org.touchstone.drivers.reading.XrfReading;

/**
 * Which XRF shots count as measurements, and why the others do not: a shot in a mode that is not for metal, or
 * shorter than the policy's minimum, is not a measurement; nor is a value the analyzer flagged as taken from the
 * grade (NOMINAL), outside its calibration range, or a light-element balance. A flagged value is dropped from its
 * shot; when it is the declared metal's, the whole shot is. The verdict says each time why.
 */
record ShotSelection(List<XrfReading> counted, List<DeviceTrust> trusts, List<String> notes) {

    private static final Set<ElementResult.Flag> NOT_MEASURED = EnumSet.of(ElementResult.Flag.NOMINAL,
            ElementResult.Flag.OUT_OF_CALIBRATION_LOW, ElementResult.Flag.OUT_OF_CALIBRATION_HIGH,
            ElementResult.Flag.LIGHT_ELEMENTS);

    static ShotSelection of(DeclaredItem item, List<XrfShot> shots, AssessmentPolicy policy) {
        Pattern rejected = Pattern.compile(policy.rejectedXrfModes());
        return of(item, shots, policy, mode -> rejected.matcher(mode).matches());
    }

    /**
     * With the test of the policy's rejected modes given by the caller, which compiles the pattern once and may
     * remember its answers (an analyzer has a handful of modes; the default pattern backtracks on every one).
     */
    static ShotSelection of(DeclaredItem item, List<XrfShot> shots, AssessmentPolicy policy,
                            java.util.function.Predicate<String> rejectedMode) {
        List<XrfReading> counted = new ArrayList<>(shots.size());
        List<DeviceTrust> trusts = new ArrayList<>(shots.size());
        List<String> notes = new ArrayList<>();
        String declared = item.metal() == null ? null : item.metal().symbol();
        for (XrfShot shot : shots) {
            XrfReading r = shot.reading();
            String name = "shot " + (r.testNumber() == null ? counted.size() + notes.size() + 1 : r.testNumber());
            if (r.mode() != null && rejectedMode.test(r.mode())) {
                notes.add("Item " + item.itemId() + ": " + name + " not counted, the analyzer was in mode '" + r.mode()
                        + "', which is not for metal.");
                continue;
            }
            if (r.durationSeconds() > 0 && r.durationSeconds() < policy.minXrfShotSeconds()) {
                notes.add(Text.format("Item %s: %s not counted, it lasted %.1f s, below the policy's"
                        + " %.0f s.", item.itemId(), name, r.durationSeconds(), policy.minXrfShotSeconds()));
                continue;
            }
            boolean anyFlag = false;
            for (ElementResult e : r.elements()) {
                anyFlag |= !e.flags().isEmpty() && !java.util.Collections.disjoint(e.flags(), NOT_MEASURED);
            }
            if (!anyFlag) {
                counted.add(r);
                trusts.add(shot.trust());
                continue;
            }
            List<ElementResult> kept = new ArrayList<>();
            List<String> dropped = new ArrayList<>();
            boolean declaredDropped = false;
            for (ElementResult e : r.elements()) {
                Set<ElementResult.Flag> bad = EnumSet.noneOf(ElementResult.Flag.class);
                e.flags().stream().filter(NOT_MEASURED::contains).forEach(bad::add);
                if (bad.isEmpty()) {
                    kept.add(e);
                } else {
                    dropped.add(e.element() + " (" + String.join(", ", bad.stream().map(Enum::name).toList()) + ")");
                    declaredDropped |= e.element().equals(declared);
                }
            }
            if (declaredDropped) {
                notes.add("Item " + item.itemId() + ": " + name + " not counted, its " + declared + " value was flagged"
                        + " " + String.join("; ", dropped) + ": not a measurement.");
                continue;
            }
            notes.add("Item " + item.itemId() + ": in " + name + ", " + String.join("; ", dropped)
                    + " flagged by the analyzer, not counted as measured.");
            counted.add(new XrfReading(r.deviceId(), r.testNumber(), r.mode(), r.itemId(), r.durationSeconds(),
                    r.receivedAt(), kept, r.raw(), r.analyzerModel(), r.analyzerSerial(), r.startedAt(), r.operator(),
                    r.sampleLabel(), r.gradeMatches()));
            trusts.add(shot.trust());
        }
        return new ShotSelection(counted, trusts, notes);
    }
}
