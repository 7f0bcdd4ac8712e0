package org.touchstone.agent.config;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.touchstone.drivers.protocol.xrfcsv.ConcentrationUnit;
import org.touchstone.drivers.protocol.xrfcsv.XrfCsvProfile;

/**
 * A results-CSV column mapping a technician writes for an instrument Touchstone does not know. It is checked
 * where it is read, so a mistake stops the agent at start with the field named.
 *
 * @param name             short name, a-z 0-9 . _ -
 * @param headerSignature  column names that, all present, mark the header line
 * @param columns          metadata: testNumber, dateTime, date, time, operator, sampleLabel, mode, duration,
 *                         analyzerSerial, analyzerModel, units, sigma; each to its column name
 * @param dateTimePattern  e.g. {@code yyyy-MM-dd HH:mm:ss} (Java DateTimeFormatter)
 * @param concentration    element concentration column with {el}, e.g. {@code {el} %}
 * @param error            element uncertainty column with {el}, e.g. {@code {el} +/-}
 * @param unit             percent or ppm; when absent, each file's units column (the {@code units} column mapping) or
 *                         the analyzer's {@code units} setting must state it: no unit is assumed
 * @param coverageFactor   k of the error columns, required: a 1 sigma and a 2 sigma column must not be confused
 * @param lodInErrorColumn a below-detection cell has its detection limit in the error column
 * @param ignoredColumns   regular expressions of columns that are known and not read
 * @param grades           grade-name and match-quality column pairs
 */
public record XrfProfileConfig(String name, List<String> headerSignature, Map<String, String> columns,
                               String dateTimePattern, String concentration, String error, String unit,
                               Double coverageFactor, Boolean lodInErrorColumn, List<String> ignoredColumns,
                               List<XrfCsvProfile.GradeColumns> grades) {

    public XrfProfileConfig {
        if (coverageFactor == null) {
            throw new IllegalArgumentException("coverageFactor is required: 1 for a \"1 sigma\" error column, 2 for \"2 sigma\"");
        }
        if (unit != null && ConcentrationUnit.parse(unit).isEmpty()) {
            throw new IllegalArgumentException("unit must be percent or ppm, was: '" + unit + "'");
        }
        if (columns != null) {
            for (String key : columns.keySet()) {
                field(key);
            }
        }
        toProfile(name, headerSignature, columns, dateTimePattern, concentration, error, unit, coverageFactor,
                lodInErrorColumn, ignoredColumns, grades);
    }

    public XrfCsvProfile toProfile() {
        return toProfile(name, headerSignature, columns, dateTimePattern, concentration, error, unit, coverageFactor,
                lodInErrorColumn, ignoredColumns, grades);
    }

    private static XrfCsvProfile toProfile(String name, List<String> headerSignature, Map<String, String> columns,
                                           String dateTimePattern, String concentration, String error, String unit,
                                           Double coverageFactor, Boolean lodInErrorColumn, List<String> ignoredColumns,
                                           List<XrfCsvProfile.GradeColumns> grades) {
        Map<XrfCsvProfile.Field, List<String>> fields = new EnumMap<>(XrfCsvProfile.Field.class);
        if (columns != null) {
            columns.forEach((k, v) -> fields.put(field(k), List.of(v)));
        }
        return new XrfCsvProfile(name, headerSignature == null ? List.of() : headerSignature, fields, dateTimePattern,
                concentration, error, unit == null ? null : ConcentrationUnit.parse(unit).orElseThrow(),
                coverageFactor, Boolean.TRUE.equals(lodInErrorColumn), ignoredColumns, grades, false, false);
    }

    private static XrfCsvProfile.Field field(String key) {
        List<String> known = new ArrayList<>();
        for (XrfCsvProfile.Field f : XrfCsvProfile.Field.values()) {
            String camel = camel(f);
            known.add(camel);
            if (camel.equals(key)) {
                return f;
            }
        }
        throw new IllegalArgumentException("columns." + key + ": unknown field; known: " + known);
    }

    private static String camel(XrfCsvProfile.Field f) {
        String[] parts = f.name().toLowerCase(Locale.ROOT).split("_");
        StringBuilder sb = new StringBuilder(parts[0]);
        for (int i = 1; i < parts.length; i++) {
            sb.append(Character.toUpperCase(parts[i].charAt(0))).append(parts[i].substring(1));
        }
        return sb.toString();
    }
}
