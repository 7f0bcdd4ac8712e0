package org.touchstone.drivers.protocol.xrfcsv;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.touchstone.drivers.protocol.xrfcsv.XrfCsvProfile.Field;
import org.touchstone.drivers.reading.ElementResult;
import org.touchstone.drivers.reading.GradeMatch;
import org.touchstone.drivers.reading.XrfReading;

/**
 * Writes readings as a profile's results CSV, the way the instrument would: the simulators export with it, so the
 * instrument and the parser cannot drift apart. Lines end with CR LF. Uncertainties are written at the profile's
 * coverage factor and concentrations in its unit; below-detection cells read {@code < LOD} (Bruker) or
 * {@code <LOD}, with the limit in the error column where the profile keeps it there.
 */
public final class XrfCsvWriter {

    private static final List<Field> ORDER = List.of(Field.ANALYZER_SERIAL, Field.ANALYZER_MODEL, Field.TEST_NUMBER,
            Field.DATE_TIME, Field.DATE, Field.TIME, Field.OPERATOR, Field.SAMPLE_LABEL, Field.MODE, Field.DURATION,
            Field.UNITS, Field.SIGMA);

    private final XrfCsvProfile profile;
    private final ConcentrationUnit unit;
    private final ZoneId zone;
    private final DateTimeFormatter dateTime;

    /**
     * Writes in the profile's unit; for a profile without one, ppm where a Units column says so (Vanta's GeoChem
     * sample), else wt% (what precious-metal applications print).
     */
    public XrfCsvWriter(XrfCsvProfile profile, ZoneId zone) {
        this(profile, profile.unit() != null ? profile.unit()
                : profile.column(Field.UNITS).isPresent() ? ConcentrationUnit.PPM : ConcentrationUnit.PERCENT, zone);
    }

    public XrfCsvWriter(XrfCsvProfile profile, ConcentrationUnit unit, ZoneId zone) {
        this.profile = profile;
        this.unit = unit;
        this.zone = zone;
        String pattern = profile.dateTimePattern() == null ? null
                : profile.dateTimePattern().replaceAll("\\[[^\\]]*\\]", "");
        this.dateTime = pattern == null ? null : DateTimeFormatter.ofPattern(pattern, Locale.ROOT);
    }

    public XrfCsvProfile profile() {
        return profile;
    }

    /** The unit concentrations are written in. */
    public ConcentrationUnit unit() {
        return unit;
    }

    /** The lines a file starts with: {@code sep=,} where the profile has it. */
    public String preamble() {
        return profile.excelSeparatorLine() ? "sep=,\r\n" : "";
    }

    /** The header line for these elements. */
    public String header(List<String> elements) {
        List<String> cols = new ArrayList<>();
        for (Field f : ORDER) {
            profile.column(f).ifPresent(cols::add);
        }
        for (String s : profile.headerSignature()) {
            if (!cols.contains(s)) {
                cols.add(s);
            }
        }
        for (XrfCsvProfile.GradeColumns g : profile.grades()) {
            cols.add(g.grade());
            if (g.quality() != null) {
                cols.add(g.quality());
            }
        }
        for (String el : elements) {
            cols.add(profile.concentrationColumn(el));
            profile.errorColumn(el).ifPresent(cols::add);
        }
        return line(cols);
    }

    /** One row for a reading, with the columns of {@link #header(List)} for the same elements. */
    public String row(XrfReading r, List<String> elements) {
        List<String> cells = new ArrayList<>();
        double k = profile.coverageFactor();
        for (Field f : ORDER) {
            if (profile.column(f).isEmpty()) {
                continue;
            }
            cells.add(switch (f) {
                case ANALYZER_SERIAL -> nz(r.analyzerSerial());
                case ANALYZER_MODEL -> nz(r.analyzerModel());
                case TEST_NUMBER -> nz(r.testNumber());
                case DATE_TIME -> r.startedAt() == null ? "" : dateTime.format(r.startedAt().atZone(zone));
                case DATE -> r.startedAt() == null ? "" : r.startedAt().atZone(zone).toLocalDate().toString();
                case TIME -> r.startedAt() == null ? ""
                        : DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT).format(r.startedAt().atZone(zone));
                case OPERATOR -> nz(r.operator());
                case SAMPLE_LABEL -> nz(r.sampleLabel() != null ? r.sampleLabel() : r.itemId());
                case MODE -> nz(r.mode());
                case DURATION -> number(r.durationSeconds());
                case UNITS -> unit.symbol();
                case SIGMA -> number(k);
            });
        }
        for (String s : profile.headerSignature()) {
            if (ORDER.stream().noneMatch(f -> profile.column(f).filter(s::equals).isPresent())) {
                cells.add("");
            }
        }
        for (int i = 0; i < profile.grades().size(); i++) {
            GradeMatch g = i < r.gradeMatches().size() ? r.gradeMatches().get(i) : null;
            cells.add(g == null ? "" : g.grade());
            if (profile.grades().get(i).quality() != null) {
                cells.add(g == null || g.quality() == null ? "" : number(g.quality()));
            }
        }
        for (String el : elements) {
            ElementResult e = r.element(el).orElse(null);
            boolean hasErr = profile.errorColumn() != null;
            if (e == null) {
                cells.add("");
                if (hasErr) {
                    cells.add("");
                }
            } else if (e.belowDetection()) {
                cells.add(profile.lodInErrorColumn() && profile.name().startsWith("bruker") ? "< LOD" : "<LOD");
                if (hasErr) {
                    cells.add(profile.lodInErrorColumn() && e.detectionLimit() != null
                            ? number(unit.fromPercent(e.detectionLimit())) : "");
                }
            } else {
                cells.add(number(unit.fromPercent(e.percent())));
                if (hasErr) {
                    cells.add(number(unit.fromPercent(e.standardUncertainty() * k)));
                }
            }
        }
        return line(cells);
    }

    private String line(List<String> cells) {
        StringBuilder sb = new StringBuilder();
        try (CSVPrinter p = new CSVPrinter(sb, CSVFormat.DEFAULT.builder().setRecordSeparator("").get())) {
            p.printRecord(cells);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (profile.trailingDelimiter()) {
            sb.append(',');
        }
        return sb.append("\r\n").toString();
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    private static String number(double v) {
        String s = String.format(Locale.ROOT, "%.6f", v);
        s = s.replaceAll("0+$", "");
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }
}
