package org.touchstone.drivers.protocol.xrfcsv;

import java.time.format.DateTimeFormatter;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * How one instrument's results CSV maps onto an XRF reading: which header names mean what, how element columns
 * are named, the unit and coverage factor of the numbers, and how "below detection" is written. Protocol facts
 * as data: the three built-in profiles below are one constructor call each, and a technician's profile for
 * another instrument is built from configuration the same way.
 *
 * @param name               short name, e.g. {@code bruker-s1-titan}
 * @param headerSignature    column names that, all present, mark a line as this profile's header
 * @param fields             metadata field to candidate column names (the first non-blank cell wins)
 * @param dateTimePattern    {@link DateTimeFormatter} pattern for {@link Field#DATE_TIME}, or for DATE and TIME
 *                           joined by one space; null when the file carries no time
 * @param concentrationColumn element concentration column name with {@code {el}} for the symbol, e.g. {@code {el}}
 * @param errorColumn        element uncertainty column name with {@code {el}}, e.g. {@code {el} Err}; null if none
 * @param unit               unit of concentrations and errors unless a {@link Field#UNITS} cell says otherwise; null
 *                           when the format does not fix it (then a Units column or the analyzer's setting must)
 * @param coverageFactor     k of the error columns unless a {@link Field#SIGMA} cell says otherwise
 * @param lodInErrorColumn   a below-detection cell has its detection limit in the error column (Bruker)
 * @param ignoredColumns     regular expressions of columns known and deliberately not read
 * @param grades             grade-match column pairs, best first
 * @param excelSeparatorLine the writer starts the file with {@code sep=,} (Vanta); the parser always accepts it
 * @param trailingDelimiter  the writer ends each line with a comma (Vanta); the parser always accepts it
 */
public record XrfCsvProfile(String name, List<String> headerSignature, Map<Field, List<String>> fields,
                            String dateTimePattern, String concentrationColumn, String errorColumn,
                            ConcentrationUnit unit, double coverageFactor, boolean lodInErrorColumn,
                            List<String> ignoredColumns, List<GradeColumns> grades, boolean excelSeparatorLine,
                            boolean trailingDelimiter) {

    /** Metadata a results file may carry. */
    public enum Field {
        TEST_NUMBER, DATE_TIME, DATE, TIME, OPERATOR, SAMPLE_LABEL, MODE, DURATION, ANALYZER_SERIAL, ANALYZER_MODEL,
        /** A per-row unit cell such as {@code ppm} or {@code %}. */
        UNITS,
        /** A per-row coverage factor cell (Niton's "Sigma Value"). */
        SIGMA
    }

    /** A grade name column and its match quality column (quality may be null). */
    public record GradeColumns(String grade, String quality) {
        public GradeColumns {
            if (grade == null || grade.isBlank()) {
                throw new IllegalArgumentException("grades[].grade must name a column");
            }
        }
    }

    public static final String ELEMENT = "{el}";

    public XrfCsvProfile {
        if (name == null || !name.matches("[a-z0-9][a-z0-9._-]{0,63}")) {
            throw new IllegalArgumentException("name must be 1-64 of a-z 0-9 . _ -, was: " + name);
        }
        headerSignature = List.copyOf(Objects.requireNonNull(headerSignature, "headerSignature must not be null"));
        if (headerSignature.isEmpty()) {
            throw new IllegalArgumentException("headerSignature must name at least one column that marks the header line");
        }
        EnumMap<Field, List<String>> f = new EnumMap<>(Field.class);
        if (fields != null) {
            fields.forEach((k, v) -> f.put(k, List.copyOf(v)));
        }
        fields = Collections.unmodifiableMap(f);
        if (dateTimePattern != null) {
            try {
                DateTimeFormatter.ofPattern(dateTimePattern, Locale.ROOT);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("dateTimePattern '" + dateTimePattern + "' is not a date pattern: "
                        + e.getMessage());
            }
        }
        if (concentrationColumn == null || !concentrationColumn.contains(ELEMENT)) {
            throw new IllegalArgumentException("concentrationColumn must contain " + ELEMENT + " where the element symbol stands, was: "
                    + concentrationColumn);
        }
        if (errorColumn != null && !errorColumn.contains(ELEMENT)) {
            throw new IllegalArgumentException("errorColumn must contain " + ELEMENT + ", was: " + errorColumn);
        }
        if (errorColumn != null && errorColumn.equals(concentrationColumn)) {
            throw new IllegalArgumentException("errorColumn must differ from concentrationColumn");
        }
        // unit may be null: then each file must state it (a Units column) or the analyzer's settings must.
        if (!Double.isFinite(coverageFactor) || coverageFactor <= 0 || coverageFactor > 5) {
            throw new IllegalArgumentException("coverageFactor must be > 0 and <= 5, was: " + coverageFactor);
        }
        ignoredColumns = ignoredColumns == null ? List.of() : List.copyOf(ignoredColumns);
        for (String regex : ignoredColumns) {
            try {
                Pattern.compile(regex);
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("ignoredColumns: '" + regex + "' is not a regular expression: "
                        + e.getDescription());
            }
        }
        grades = grades == null ? List.of() : List.copyOf(grades);
    }

    public List<String> columns(Field field) {
        return fields.getOrDefault(field, List.of());
    }

    /** The column a writer uses for a field: its first candidate. */
    public Optional<String> column(Field field) {
        return columns(field).stream().findFirst();
    }

    public String concentrationColumn(String element) {
        return concentrationColumn.replace(ELEMENT, element);
    }

    public Optional<String> errorColumn(String element) {
        return Optional.ofNullable(errorColumn).map(t -> t.replace(ELEMENT, element));
    }

    /**
     * Bruker S1 TITAN results CSV (zebhall/S1-Results-Standardiser, "Precious Metals 2"): 1 sigma. The file states
     * no unit (precious-metal applications print wt%, GeoChem ones ppm): the analyzer's {@code units} setting must.
     */
    public static final XrfCsvProfile BRUKER_S1_TITAN = new XrfCsvProfile("bruker-s1-titan",
            List.of("File #", "DateTime"),
            Map.of(Field.TEST_NUMBER, List.of("File #"), Field.DATE_TIME, List.of("DateTime"),
                    Field.OPERATOR, List.of("Operator"), Field.SAMPLE_LABEL, List.of("ID", "Name"),
                    Field.MODE, List.of("Application"), Field.DURATION, List.of("ElapsedTime")),
            "MM-dd-yyyy HH:mm[:ss]", "{el}", "{el} Err", null, 1.0, true,
            List.of("Field1", "Field2", "Method", "Cal Check"),
            List.of(new GradeColumns("Alloy 1", "Match Qual 1"), new GradeColumns("Alloy 2", "Match Qual 2"),
                    new GradeColumns("Alloy 3", "Match Qual 3")),
            false, false);

    /** Evident (Olympus) Vanta export (paleolimbot/paleoxrf sample): {@code sep=,}, the unit in its Units column, 1 sigma. */
    public static final XrfCsvProfile EVIDENT_VANTA = new XrfCsvProfile("evident-vanta",
            List.of("Instrument Serial Num", "Reading #"),
            Map.of(Field.ANALYZER_SERIAL, List.of("Instrument Serial Num"), Field.TEST_NUMBER, List.of("Reading #"),
                    Field.DATE, List.of("Date"), Field.TIME, List.of("Time"), Field.MODE, List.of("Method Name"),
                    Field.SAMPLE_LABEL, List.of("Test Label"), Field.UNITS, List.of("Units")),
            "yyyy-MM-dd HH:mm:ss", "{el} Concentration", "{el} Error 1s", null, 1.0, false,
            List.of("User Factor Name", "Collimation Status", "Latitude", "Longitude", "info",
                    "[A-Z][a-z]? Compound( Level| Error)?", "LE( .*)?"),
            List.of(), true, true);

    /** Thermo Niton NDT export (public code, vendor inferred): Units and Sigma Value per row, {@code <LOD}. */
    public static final XrfCsvProfile THERMO_NITON = new XrfCsvProfile("thermo-niton",
            List.of("Reading No", "Sigma Value"),
            Map.of(Field.TEST_NUMBER, List.of("Reading No"), Field.DATE_TIME, List.of("Time"),
                    Field.MODE, List.of("Type"), Field.DURATION, List.of("Duration"), Field.UNITS, List.of("Units"),
                    Field.SIGMA, List.of("Sigma Value"), Field.OPERATOR, List.of("Operator", "User Login"),
                    Field.SAMPLE_LABEL, List.of("Sample", "User1")),
            "M/d/yy H:mm[:ss]", "{el}", "{el} Error", null, 2.0, true,
            List.of("Index", "Sequence", "Flags", "Boat", "Bk[0-9]+( Error)?"),
            List.of(), false, false);

    public static final List<XrfCsvProfile> BUILT_IN = List.of(BRUKER_S1_TITAN, EVIDENT_VANTA, THERMO_NITON);

    public static Optional<XrfCsvProfile> builtIn(String name) {
        return BUILT_IN.stream().filter(p -> p.name().equals(name)).findFirst();
    }
}
