package org.touchstone.drivers.protocol.sciaps;

import java.util.List;

/**
 * What {@code GET /api/v2/id} says about a SciAps analyzer.
 *
 * @param family XRF, LIBS or NIR
 * @param serial the analyzer's id or serial number, or null
 * @param model  the model, or null
 * @param apps   licensed applications ("modes"), e.g. PreciousMetals, Alloy
 */
public record SciApsIdentity(String family, String serial, String model, List<String> apps) {
    public SciApsIdentity {
        apps = apps == null ? List.of() : List.copyOf(apps);
    }
}
