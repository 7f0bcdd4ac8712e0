package org.touchstone.agent.calibration;

import java.util.List;

/**
 * What an XRF check-standard run measures: each configured reference material, a number of shots each.
 *
 * @param technician       who performs it
 * @param standards        the CRMs, with certified values
 * @param shotsPerStandard shots on each CRM (default 1)
 * @param validForDays     days until the next check is due (default 1: a check per day, before the first item)
 * @param newChart         start the control charts afresh (after a service or a recalibration of the analyzer)
 * @param note             free text for the record
 */
public record XrfCheckProcedure(String technician, List<CheckStandard> standards, Integer shotsPerStandard,
                                Integer validForDays, Boolean newChart, String note) {
    public XrfCheckProcedure {
        ReferenceWeightSet.requireText(technician, "technician");
        standards = standards == null ? List.of() : List.copyOf(standards);
        if (standards.isEmpty()) {
            throw new IllegalArgumentException("standards must name at least one certified reference material");
        }
        shotsPerStandard = shotsPerStandard == null ? 1 : shotsPerStandard;
        validForDays = validForDays == null ? 1 : validForDays;
        newChart = newChart != null && newChart;
        note = note == null ? "" : note;
        if (shotsPerStandard < 1 || shotsPerStandard > 20) {
            throw new IllegalArgumentException("shotsPerStandard must be 1..20, was: " + shotsPerStandard);
        }
        if (validForDays < 1 || validForDays > 366) {
            throw new IllegalArgumentException("validForDays must be 1..366, was: " + validForDays);
        }
    }
}
