package org.touchstone.agent.assessment;

import java.util.List;
import org.touchstone.agent.declaration.Declaration;
import org.touchstone.agent.declaration.DeclaredItem;
import org.touchstone.agent.inspection.Weighing;
import org.touchstone.drivers.reading.XrfReading;

/**
 * One item as the checks see it: what was declared and what was measured.
 *
 * @param air         weighings in air
 * @param water       weighings in water (hydrostatic)
 * @param composition the surface composition, or null until the item has the shots the policy asks for
 * @param mass        the mass comparison, or null until weighed in air
 * @param fineness    the fineness comparison, or null until enough shots
 */
public record ItemFacts(Declaration declaration, DeclaredItem item, List<Weighing> air, List<Weighing> water,
                        List<XrfReading> shots, Composition composition, MassResult mass, FinenessResult fineness,
                        AssessmentPolicy policy) {

    /** A finding on this item with the lane the policy gives its code. */
    Finding finding(FindingCode code, String message, java.util.Map<String, Object> evidence) {
        return new Finding(code, item.itemId(), policy.lane(code), message, evidence);
    }
}
