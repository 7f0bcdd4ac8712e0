package org.touchstone.agent.calibration;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A certified reference material the technician measures to check an XRF analyzer.
 *
 * @param id          the CRM's name or lot, e.g. {@code AU-9999-L12}
 * @param description what it is, e.g. "fine gold 999.9"
 * @param certificate the certificate's number
 * @param elements    certified content per element symbol
 */
public record CheckStandard(String id, String description, String certificate, Map<String, CertifiedValue> elements) {
    public CheckStandard {
        ReferenceWeightSet.requireText(id, "standards[].id");
        description = description == null ? "" : description;
        certificate = certificate == null ? "" : certificate;
        Objects.requireNonNull(elements, "standards[" + id + "].elements");
        if (elements.isEmpty()) {
            throw new IllegalArgumentException("standards[" + id + "].elements must name at least one certified element");
        }
        elements = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(elements));
    }

    /** Fine gold 999.9 (Au 99.99 ± 0.01 % at k = 2), as a demo or a default kit would carry. */
    public static CheckStandard fineGold(String id) {
        return new CheckStandard(id, "fine gold 999.9", "", Map.of("Au", new CertifiedValue(99.99, 0.01, 2.0)));
    }

    /** An 18K yellow gold alloy: Au 75.0, Ag 12.5, Cu 12.5 (each ± 0.05 % at k = 2). */
    public static CheckStandard gold18k(String id) {
        Map<String, CertifiedValue> e = new LinkedHashMap<>();
        e.put("Au", new CertifiedValue(75.0, 0.05, 2.0));
        e.put("Ag", new CertifiedValue(12.5, 0.05, 2.0));
        e.put("Cu", new CertifiedValue(12.5, 0.05, 2.0));
        return new CheckStandard(id, "18K yellow gold", "", e);
    }

    /** Sterling silver 925: Ag 92.5, Cu 7.5 (each ± 0.05 % at k = 2). */
    public static CheckStandard sterlingSilver(String id) {
        Map<String, CertifiedValue> e = new LinkedHashMap<>();
        e.put("Ag", new CertifiedValue(92.5, 0.05, 2.0));
        e.put("Cu", new CertifiedValue(7.5, 0.05, 2.0));
        return new CheckStandard(id, "sterling silver 925", "", e);
    }
}
