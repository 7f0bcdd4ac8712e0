package org.touchstone.agent.assessment;

import java.util.List;
import org.touchstone.agent.declaration.Declaration;
import org.touchstone.agent.declaration.DeclaredItem;
import org.touchstone.agent.inspection.Weighing;
import org.touchstone.drivers.reading.XrfReading;

/**
 * One item as the checks see it: what was declared and what was measured.
 *
 * @param air         weighings in air (overloads already refused)
 * @param water       weighings in water (hydrostatic)
 * @param shots       the shots that count as measurements
 * @param composition the surface composition, or null until the item has the shots the policy asks for
 * @param body        what is judged as the declared body: the surface, or for a plated, filled or clad item the
 *                    substrate under its layer; null when not seen (or too few shots)
 * @param mass        the mass comparison, or null until weighed in air
 * @param fineness    the fineness comparison, or null
 * @param calibration the calibration lines of the analyzers that shot the item
 */
public record ItemFacts(Declaration declaration, DeclaredItem item, List<Weighing> air, List<Weighing> water,
                        List<XrfReading> shots, Composition composition, Composition body, MassResult mass,
                        FinenessResult fineness, AssessmentPolicy policy, CalibrationTerms calibration) {

    /** A finding on this item with the lane the policy gives its code. */
    Finding finding(FindingCode code, String message, java.util.Map<String, Object> evidence) {
        return new Finding(code, item.itemId(), policy.lane(code), message, evidence);
    }

    /** A finding with a lane decided by the check itself (mercury by level). */
    Finding finding(FindingCode code, Lane lane, String message, java.util.Map<String, Object> evidence) {
        return new Finding(code, item.itemId(), lane, message, evidence);
    }
}
