package org.touchstone.agent.assessment;

import java.util.List;

/**
 * What was and was not established for one item.
 *
 * @param mass     the mass comparison, or null when the item was not weighed yet
 * @param fineness the fineness comparison, or null when there are not enough XRF shots yet
 * @param xrfShots shots recorded so far
 * @param missing  what is still needed, in words (empty when the item is complete)
 */
public record ItemAssessment(String itemId, MassResult mass, FinenessResult fineness, int xrfShots,
                             List<String> missing) {
    public ItemAssessment {
        missing = List.copyOf(missing);
    }

    public boolean complete() {
        return missing.isEmpty();
    }
}
