package org.touchstone.drivers.protocol.xrfcsv;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.touchstone.drivers.protocol.xrfcsv.XrfCsvProfile.Field;
import org.touchstone.drivers.reading.ElementResult;
import org.touchstone.drivers.reading.Elements;
import org.touchstone.drivers.reading.GradeMatch;
import org.touchstone.drivers.reading.XrfReading;

/**
 * Reads XRF results CSV, fed in arbitrary byte chunks (a serial port, a TCP stream, a whole file): a header line,
 * then one row per test. A header may come again at any time (Bruker repeats it, with other elements, before each
 * block) and is re-read whenever it does; a {@code sep=} line sets the delimiter; rows of empty cells are skipped.
 *
 * <p>It never throws on bad data: a malformed row, an unknown column or a wrong unit becomes a {@link CsvProblem}
 * naming the source, line and column, and the next row is read as if nothing happened. With no profile given,
 * the first header picks one of {@link XrfCsvProfile#BUILT_IN} by its signature.
 *
 * <p>Lines are cut on LF, CR LF or CR; each is decoded as UTF-8, or ISO-8859-1 when it is not valid UTF-8 (a
 * Windows export). A stream that starts with a UTF-16 byte order mark (or with the zero bytes of UTF-16 text, as
 * "Unicode text" exports are) is read as UTF-16. Quoted cells may not contain line breaks: no instrument export
 * needs them.
 *
 * <p>Separators: {@code sep=;} (Excel's hint) sets the delimiter; without it, a header line with more semicolons than
 * commas makes it {@code ;}. With a delimiter other than the comma, a number written with a decimal comma
 * ({@code 91,50}) is read as such.
 *
 * <p>Units are never assumed: a row's concentration unit is its {@code Units} cell, else the analyzer's setting
 * ({@link Settings#unit()}), else the profile's. A file that states none is refused at its header, naming the
 * column and the setting. A small negative concentration (within three of its standard uncertainties below zero,
 * or above -0.1 wt% when no uncertainty is given; analyzers print them for traces) is below detection, not an
 * error. Dates are read with the declared pattern ({@link Settings#dateTimePattern()}, else the profile's), never
 * guessed; a date that does not fit is reported and the reading kept without its start time.
 */
public final class XrfCsvParser {

    /** Longest line accepted; a header with every element is a few kilobytes. */
    public static final int MAX_LINE_BYTES = 64 * 1024;

    /** Receives what the parser finds, on the feeding thread. */
    public interface Listener {
        void readingParsed(XrfReading reading);

        void problemFound(CsvProblem problem);
    }

    /** How far below zero a concentration without an uncertainty may be and still be a trace below detection. */
    static final double SMALL_NEGATIVE_PERCENT = 0.1;
    private static final Pattern LOD = Pattern.compile("(?i)(<\\s*LOD|ND|n\\.d\\.|<\\s*([0-9.]+(?:[eE][-+]?[0-9]+)?))");

    private final String source;
    private final XrfCsvProfile fixedProfile;
    private final String deviceId;
    private final Clock clock;
    private final ZoneId zone;
    private final Listener listener;
    private final Settings settings;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream(256);
    private final StringBuilder wideLine = new StringBuilder();
    private Encoding encoding = Encoding.UNKNOWN;
    private int firstByte = -1;
    private int pendingByte = -1;
    private boolean delimiterStated;
    private boolean lineTooLong;
    private boolean afterCr;
    private long lineNumber;
    private char delimiter = ',';
    private Header header;
    private String assumedHeader;
    private boolean warnedNoHeader;

    /** How the bytes are text. */
    private enum Encoding { UNKNOWN, BYTES, UTF16LE, UTF16BE }

    /**
     * What the analyzer's configuration states because its files may not.
     *
     * @param unit            the unit of concentrations in files without a Units column (Bruker S1 TITAN exports have
     *                        none: Precious Metals modes print wt%, GeoChem modes ppm), or null
     * @param dateTimePattern the date pattern of this analyzer's exports (its locale may write the day first:
     *                        {@code dd-MM-yyyy HH:mm}), or null for the profile's
     */
    public record Settings(ConcentrationUnit unit, String dateTimePattern) {
        public static final Settings NONE = new Settings(null, null);

        public Settings {
            if (dateTimePattern != null) {
                try {
                    DateTimeFormatter.ofPattern(dateTimePattern, Locale.ROOT);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("dateTimePattern '" + dateTimePattern + "' is not a date "
                            + "pattern: " + e.getMessage());
                }
            }
        }
    }

    /**
     * @param source   names the file or stream in problems, e.g. {@code exports/2026-03-14.csv} or {@code tcp://10.0.0.5:4001}
     * @param profile  the column mapping, or null to pick a built-in one from the first header
     * @param deviceId the configured device id stamped on readings
     * @param zone     the instrument clock's time zone (files carry local times)
     */
    public XrfCsvParser(String source, XrfCsvProfile profile, String deviceId, Clock clock, ZoneId zone,
                        Listener listener) {
        this(source, profile, Settings.NONE, deviceId, clock, zone, listener);
    }

    /** A parser with the analyzer's stated unit and date pattern. */
    public XrfCsvParser(String source, XrfCsvProfile profile, Settings settings, String deviceId, Clock clock,
                        ZoneId zone, Listener listener) {
        this.settings = Objects.requireNonNull(settings, "settings must not be null");
        this.source = Objects.requireNonNull(source, "source must not be null");
        this.fixedProfile = profile;
        this.deviceId = Objects.requireNonNull(deviceId, "deviceId must not be null");
        this.clock = Objects.requireNonNull(clock, "clock must not be null");
        this.zone = Objects.requireNonNull(zone, "zone must not be null");
        this.listener = Objects.requireNonNull(listener, "listener must not be null");
    }

    /**
     * The result of reading a whole file.
     *
     * @param heldBack the last line when it had no line end and was therefore not read (a file still being
     *                 written, or cut), else null
     */
    public record Result(XrfCsvProfile profile, List<XrfReading> readings, List<CsvProblem> problems,
                         String heldBack) {
        public Result(XrfCsvProfile profile, List<XrfReading> readings, List<CsvProblem> problems) {
            this(profile, readings, problems, null);
        }
    }

    /** Reads a whole file's bytes, its last line too when it has no line end. */
    public static Result parse(String source, byte[] content, XrfCsvProfile profile, String deviceId, Clock clock,
                               ZoneId zone) {
        return parse(source, content, profile, Settings.NONE, deviceId, clock, zone, false);
    }

    /**
     * Reads a file's bytes.
     *
     * @param completeLinesOnly read only lines that ended: a last line without its line end is held back, not read
     *                          (a file still being written, or cut inside a number)
     */
    public static Result parse(String source, byte[] content, XrfCsvProfile profile, Settings settings,
                               String deviceId, Clock clock, ZoneId zone, boolean completeLinesOnly) {
        List<XrfReading> readings = new ArrayList<>();
        List<CsvProblem> problems = new ArrayList<>();
        XrfCsvParser p = new XrfCsvParser(source, profile, settings, deviceId, clock, zone, new Listener() {
            @Override
            public void readingParsed(XrfReading reading) {
                readings.add(reading);
            }

            @Override
            public void problemFound(CsvProblem problem) {
                problems.add(problem);
            }
        });
        p.feed(content, 0, content.length);
        String held = null;
        if (completeLinesOnly) {
            held = p.pendingLine();
        } else {
            p.finish();
        }
        if (readings.isEmpty() && problems.isEmpty() && held == null) {
            problems.add(new CsvProblem(source, p.lineNumber, 0, null, "no results in this file"));
        }
        return new Result(p.profile(), readings, problems, held);
    }

    /** The line being collected (no line end yet), or null when none. */
    public String pendingLine() {
        if (encoding == Encoding.UTF16LE || encoding == Encoding.UTF16BE) {
            return wideLine.length() == 0 ? null : wideLine.toString();
        }
        if (firstByte >= 0) {
            return String.valueOf((char) firstByte);
        }
        return line.size() == 0 && !lineTooLong ? null : decode(line.toByteArray());
    }

    /** The profile in use: the fixed one, or the one the last header picked (null before any header). */
    public XrfCsvProfile profile() {
        return header != null ? header.profile : fixedProfile;
    }

    public void feed(byte[] buf, int off, int len) {
        Objects.checkFromIndexSize(off, len, buf.length);
        for (int i = off; i < off + len; i++) {
            int b = buf[i] & 0xFF;
            switch (encoding) {
                case UNKNOWN -> detect(b);
                case BYTES -> acceptByte(b);
                default -> acceptWide(b);
            }
        }
    }

    /**
     * The first two bytes say how the text is encoded: a UTF-16 byte order mark, or an ASCII character with a zero
     * byte (UTF-16 without a mark); anything else is bytes, read as UTF-8 or ISO-8859-1 line by line.
     */
    private void detect(int b) {
        if (firstByte < 0) {
            firstByte = b;
            return;
        }
        int a = firstByte;
        firstByte = -1;
        if (a == 0xFF && b == 0xFE) {
            encoding = Encoding.UTF16LE;
        } else if (a == 0xFE && b == 0xFF) {
            encoding = Encoding.UTF16BE;
        } else if (a != 0 && a < 0x80 && b == 0) {
            encoding = Encoding.UTF16LE;
            acceptWide(a);
            acceptWide(b);
        } else if (a == 0 && b != 0 && b < 0x80) {
            encoding = Encoding.UTF16BE;
            acceptWide(a);
            acceptWide(b);
        } else {
            encoding = Encoding.BYTES;
            acceptByte(a);
            acceptByte(b);
        }
    }

    private void acceptByte(int b) {
        if (b == '\n') {
            if (afterCr) {
                afterCr = false;
                return;
            }
            endLine();
        } else if (b == '\r') {
            endLine();
            afterCr = true;
        } else {
            afterCr = false;
            if (line.size() < MAX_LINE_BYTES) {
                line.write(b);
            } else {
                lineTooLong = true;
            }
        }
    }

    private void acceptWide(int b) {
        if (pendingByte < 0) {
            pendingByte = b;
            return;
        }
        char c = (char) (encoding == Encoding.UTF16LE ? (b << 8) | pendingByte : (pendingByte << 8) | b);
        pendingByte = -1;
        if (c == '\n') {
            if (afterCr) {
                afterCr = false;
                return;
            }
            endLine();
        } else if (c == '\r') {
            endLine();
            afterCr = true;
        } else {
            afterCr = false;
            if (wideLine.length() < MAX_LINE_BYTES / 2) {
                wideLine.append(c);
            } else {
                lineTooLong = true;
            }
        }
    }

    /** Ends the last line when the data has no final line break (the end of a file). */
    public void finish() {
        if (firstByte >= 0) {
            int a = firstByte;
            firstByte = -1;
            encoding = Encoding.BYTES;
            acceptByte(a);
        }
        if (line.size() > 0 || wideLine.length() > 0 || lineTooLong) {
            endLine();
        }
        afterCr = false;
    }

    /**
     * Forgets a partial line and the header, e.g. after a reconnect: the instrument sends its header again (or the
     * assumed one applies). Line numbers count from here again.
     */
    public void reset() {
        line.reset();
        wideLine.setLength(0);
        encoding = Encoding.UNKNOWN;
        firstByte = -1;
        pendingByte = -1;
        delimiterStated = false;
        lineTooLong = false;
        afterCr = false;
        header = null;
        warnedNoHeader = false;
        lineNumber = 0;
        delimiter = ',';
        if (assumedHeader != null) {
            assumeHeader(assumedHeader);
        }
    }

    /**
     * Reads rows with this header until the stream sends one of its own, for instruments that send their header
     * only once (at power-on) while the agent may connect later.
     *
     * @throws IllegalArgumentException when the line is not a header of the profile (or of a built-in one)
     */
    public void assumeHeader(String headerLine) {
        List<String> cells;
        try {
            cells = split(headerLine);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("assumed header is not a CSV line: " + e.getMessage());
        }
        XrfCsvProfile p = headerProfile(cells);
        if (p == null) {
            throw new IllegalArgumentException("assumed header does not contain the columns "
                    + (fixedProfile != null ? fixedProfile.headerSignature() : "of a known profile") + ": " + headerLine);
        }
        assumedHeader = headerLine;
        header = new Header(p, cells, headerLine);
    }

    private void endLine() {
        lineNumber++;
        String text;
        if (encoding == Encoding.UTF16LE || encoding == Encoding.UTF16BE) {
            text = wideLine.toString();
            wideLine.setLength(0);
        } else {
            text = decode(line.toByteArray());
            line.reset();
        }
        if (lineTooLong) {
            lineTooLong = false;
            problem(0, null, "line longer than " + MAX_LINE_BYTES + " bytes; skipped");
            return;
        }
        if (lineNumber == 1 && text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        try {
            handleLine(text);
        } catch (RuntimeException e) {
            // A bug here must cost one line, not the stream.
            problem(0, null, "could not read this line: " + e);
        }
    }

    private static String decode(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return new String(bytes, StandardCharsets.ISO_8859_1);
        }
    }

    private void handleLine(String text) {
        if (text.regionMatches(true, 0, "sep=", 0, 4)) {
            if (text.length() >= 5) {
                delimiter = text.charAt(4);
                delimiterStated = true;
            }
            return;
        }
        if (text.isBlank()) {
            return;
        }
        if (header == null && !delimiterStated) {
            // No sep= line: a European export separates with semicolons; its header line says so.
            long semicolons = text.chars().filter(ch -> ch == ';').count();
            long commas = text.chars().filter(ch -> ch == ',').count();
            delimiter = semicolons > commas ? ';' : ',';
        }
        List<String> cells;
        try {
            cells = split(text);
        } catch (IOException | RuntimeException e) {
            problem(0, null, "not a CSV line: " + e.getMessage());
            return;
        }
        if (cells.stream().allMatch(String::isBlank)) {
            return;
        }
        XrfCsvProfile headerProfile = headerProfile(cells);
        if (headerProfile != null) {
            header = new Header(headerProfile, cells, text);
            return;
        }
        if (header == null) {
            if (!warnedNoHeader) {
                warnedNoHeader = true;
                problem(0, null, fixedProfile != null
                        ? "row before any header line of profile " + fixedProfile.name() + " (expected columns "
                        + fixedProfile.headerSignature() + "); rows are skipped until a header comes"
                        : "no header line recognised (Bruker S1 TITAN 'File #, DateTime', Evident Vanta "
                        + "'Instrument Serial Num, Reading #', Niton 'Reading No, Sigma Value'); give a profile. "
                        + "Rows are skipped until a header comes");
            }
            return;
        }
        header.row(cells, text);
    }

    private List<String> split(String text) throws IOException {
        CSVFormat format = CSVFormat.DEFAULT.builder().setDelimiter(delimiter).setIgnoreSurroundingSpaces(true).get();
        try (CSVParser p = CSVParser.parse(text, format)) {
            List<CSVRecord> records = p.getRecords();
            if (records.size() != 1) {
                throw new IOException("expected one record, found " + records.size());
            }
            List<String> cells = new ArrayList<>();
            records.get(0).forEach(cells::add);
            return cells;
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new IOException(csvReason(e), e);
        }
    }

    /** Commons CSV's reason in a technician's terms, without its exception class or its own line count. */
    static String csvReason(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String m = String.valueOf(root.getMessage()).replaceFirst("^\\(line \\d+\\)\\s*", "")
                .replaceFirst("^\\(startline \\d+\\)\\s*", "");
        if (m.contains("EOF reached before encapsulated token finished")) {
            return "a quoted cell has no closing quote (\")";
        }
        if (m.contains("invalid char between encapsulated token and delimiter")) {
            return "text after a closing quote (\") before the next delimiter";
        }
        return m;
    }

    private XrfCsvProfile headerProfile(List<String> cells) {
        if (fixedProfile != null) {
            return cells.containsAll(fixedProfile.headerSignature()) ? fixedProfile : null;
        }
        for (XrfCsvProfile p : XrfCsvProfile.BUILT_IN) {
            if (cells.containsAll(p.headerSignature())) {
                return p;
            }
        }
        return null;
    }

    private void problem(int column, String columnName, String message) {
        listener.problemFound(new CsvProblem(source, lineNumber, column, columnName, message));
    }

    /** Thrown inside one row to reject it with the column at fault. */
    private static final class CellException extends Exception {
        final int column;

        CellException(int column, String message) {
            super(message, null, false, false);
            this.column = column;
        }
    }

    /** One header line understood: what each column means. */
    private final class Header {
        final XrfCsvProfile profile;
        final List<String> names;
        final String text;
        final Map<Field, List<Integer>> fields = new HashMap<>();
        final Map<String, Integer> concentration = new LinkedHashMap<>();
        final Map<String, Integer> error = new HashMap<>();
        final List<int[]> grades = new ArrayList<>();
        final DateTimeFormatter dateTime;
        final String datePattern;
        /** Why no row of this block can be read (no unit stated anywhere), or null. */
        String unitless;

        Header(XrfCsvProfile profile, List<String> names, String text) {
            this.profile = profile;
            this.names = names;
            this.text = text;
            this.datePattern = settings.dateTimePattern() != null ? settings.dateTimePattern()
                    : profile.dateTimePattern();
            this.dateTime = datePattern == null ? null : DateTimeFormatter.ofPattern(datePattern, Locale.ROOT);
            Map<String, Integer> index = new HashMap<>();
            for (int i = 0; i < names.size(); i++) {
                String n = names.get(i);
                if (!n.isEmpty() && index.putIfAbsent(n, i) != null) {
                    problem(i + 1, n, "column name appears twice; the first is read");
                }
            }
            boolean[] known = new boolean[names.size()];
            for (Field f : Field.values()) {
                for (String c : profile.columns(f)) {
                    Integer i = index.get(c);
                    if (i != null) {
                        fields.computeIfAbsent(f, k -> new ArrayList<>()).add(i);
                        known[i] = true;
                    }
                }
            }
            for (XrfCsvProfile.GradeColumns g : profile.grades()) {
                Integer gi = index.get(g.grade());
                if (gi != null) {
                    Integer qi = g.quality() == null ? null : index.get(g.quality());
                    grades.add(new int[] {gi, qi == null ? -1 : qi});
                    known[gi] = true;
                    if (qi != null) {
                        known[qi] = true;
                    }
                }
            }
            Pattern conc = template(profile.concentrationColumn());
            Pattern err = profile.errorColumn() == null ? null : template(profile.errorColumn());
            List<Pattern> ignored = profile.ignoredColumns().stream().map(Pattern::compile).toList();
            for (int i = 0; i < names.size(); i++) {
                String n = names.get(i);
                if (known[i] || n.isEmpty()) {
                    continue;
                }
                Matcher m = conc.matcher(n);
                if (m.matches() && Elements.isSymbol(m.group(1))) {
                    concentration.putIfAbsent(m.group(1), i);
                    continue;
                }
                if (err != null) {
                    m = err.matcher(n);
                    if (m.matches() && Elements.isSymbol(m.group(1))) {
                        error.putIfAbsent(m.group(1), i);
                        continue;
                    }
                }
                if (ignored.stream().anyMatch(p -> p.matcher(n).matches())) {
                    continue;
                }
                problem(i + 1, n, "unknown column for profile " + profile.name() + "; its values are not read");
            }
            for (String el : error.keySet()) {
                if (!concentration.containsKey(el)) {
                    problem(error.get(el) + 1, names.get(error.get(el)), "error column without a concentration column for "
                            + el + "; not read");
                }
            }
            if (fields.getOrDefault(Field.UNITS, List.of()).isEmpty() && settings.unit() == null
                    && profile.unit() == null) {
                unitless = "no concentration unit is stated: the file has no "
                        + (profile.columns(Field.UNITS).isEmpty() ? "Units column" : "'" + profile.columns(Field.UNITS)
                        .get(0) + "' column") + ", profile " + profile.name() + " states none, and the analyzer "
                        + "has no 'units' setting (percent or ppm); this file is refused, not read with a unit guessed";
                problem(0, null, unitless);
            }
        }

        private Pattern template(String t) {
            int at = t.indexOf(XrfCsvProfile.ELEMENT);
            return Pattern.compile(Pattern.quote(t.substring(0, at)) + "([A-Z][a-z]?)"
                    + Pattern.quote(t.substring(at + XrfCsvProfile.ELEMENT.length())));
        }

        void row(List<String> cells, String rowText) {
            if (unitless != null) {
                return; // refused once, at the header
            }
            if (cells.size() > names.size()) {
                for (int i = names.size(); i < cells.size(); i++) {
                    if (!cells.get(i).isBlank()) {
                        problem(i + 1, null, "row has " + cells.size() + " cells but the header has " + names.size()
                                + " columns; row skipped");
                        return;
                    }
                }
            }
            try {
                listener.readingParsed(read(cells, rowText));
            } catch (CellException e) {
                problem(e.column + 1, e.column < names.size() ? names.get(e.column) : null, e.getMessage() + "; row skipped");
            } catch (IllegalArgumentException e) {
                problem(0, null, e.getMessage() + "; row skipped");
            }
        }

        private XrfReading read(List<String> cells, String rowText) throws CellException {
            ConcentrationUnit unit = settings.unit() != null ? settings.unit() : profile.unit();
            Integer unitCol = first(Field.UNITS, cells);
            if (unitCol != null) {
                String u = cells.get(unitCol);
                unit = ConcentrationUnit.parse(u).orElseThrow(() -> new CellException(unitCol,
                        "unknown unit '" + u + "' (expected %, wt%, ppm or mg/kg)"));
            } else if (unit == null) {
                int col = fields.getOrDefault(Field.UNITS, List.of(0)).get(0);
                throw new CellException(col, "the Units cell is blank and the analyzer has no 'units' setting: no "
                        + "unit is stated for this row");
            }
            double k = profile.coverageFactor();
            Integer sigmaCol = first(Field.SIGMA, cells);
            if (sigmaCol != null) {
                k = number(cells, sigmaCol, "coverage factor");
                if (!(k > 0 && k <= 5)) {
                    throw new CellException(sigmaCol, "coverage factor must be > 0 and <= 5, was " + cells.get(sigmaCol));
                }
            }
            List<ElementResult> elements = new ArrayList<>();
            for (Map.Entry<String, Integer> c : concentration.entrySet()) {
                ElementResult r = element(c.getKey(), c.getValue(), cells, unit, k);
                if (r != null) {
                    elements.add(r);
                }
            }
            if (elements.isEmpty()) {
                throw new CellException(concentration.isEmpty() ? 0 : concentration.values().iterator().next(),
                        "no element concentrations in this row");
            }
            List<GradeMatch> gradeMatches = new ArrayList<>();
            for (int[] g : grades) {
                String grade = cell(cells, g[0]);
                if (!grade.isEmpty()) {
                    // A quality that is not a number (some libraries print words) loses the number, not the grade.
                    Double q = null;
                    if (g[1] >= 0 && !cell(cells, g[1]).isEmpty()) {
                        try {
                            q = number(cells, g[1], "match quality");
                        } catch (CellException e) {
                            q = null;
                        }
                    }
                    gradeMatches.add(new GradeMatch(grade, q));
                }
            }
            Integer durCol = first(Field.DURATION, cells);
            double duration = durCol == null ? 0 : number(cells, durCol, "duration in seconds");
            if (duration < 0) {
                throw new CellException(durCol, "duration must be >= 0 s, was " + cells.get(durCol));
            }
            String label = text(Field.SAMPLE_LABEL, cells);
            return new XrfReading(deviceId, text(Field.TEST_NUMBER, cells), text(Field.MODE, cells), label, duration,
                    clock.instant(), elements, text + "\n" + rowText, text(Field.ANALYZER_MODEL, cells),
                    text(Field.ANALYZER_SERIAL, cells), startedAt(cells), text(Field.OPERATOR, cells), label,
                    gradeMatches);
        }

        private ElementResult element(String el, int col, List<String> cells, ConcentrationUnit unit, double k)
                throws CellException {
            String value = cell(cells, col);
            if (value.isEmpty()) {
                return null;
            }
            Integer errCol = error.get(el);
            Matcher lod = LOD.matcher(value);
            if (lod.matches()) {
                Double limit = null;
                if (lod.group(2) != null) {
                    limit = unit.toPercent(number(value, col, "detection limit"));
                } else if (profile.lodInErrorColumn() && errCol != null && !cell(cells, errCol).isEmpty()) {
                    limit = unit.toPercent(number(cells, errCol, "detection limit"));
                }
                return ElementResult.belowDetection(el, limit);
            }
            double v = number(value, col, el + " concentration");
            double percent = unit.toPercent(v);
            if (percent > 100) {
                throw new CellException(col, el + " concentration " + value + " " + unit.symbol()
                        + " is above 100 wt%: wrong unit? (the profile or the Units column says " + unit.symbol() + ")");
            }
            double u = 0;
            if (errCol != null) {
                if (cell(cells, errCol).isEmpty()) {
                    throw new CellException(errCol, el + " has a concentration but no uncertainty");
                }
                u = unit.toPercent(number(cells, errCol, el + " uncertainty"));
                if (u < 0) {
                    throw new CellException(errCol, el + " uncertainty must be >= 0, was " + cells.get(errCol));
                }
            }
            if (v < 0) {
                // Analyzers print net counts below background as small negative concentrations: a trace below
                // detection. Farther below zero than three standard uncertainties (or than 0.1 wt% when no
                // uncertainty is given), it is no trace but a broken value.
                double standard = u / k;
                double allowed = errCol != null ? 3 * standard : SMALL_NEGATIVE_PERCENT;
                if (-percent > allowed) {
                    throw new CellException(col, el + " concentration " + value + " is below zero by more than "
                            + (errCol != null ? "three standard uncertainties" : SMALL_NEGATIVE_PERCENT + " wt%")
                            + ": not a trace below detection");
                }
                return ElementResult.belowDetection(el, errCol != null && standard > 0 ? 3 * standard : null);
            }
            return new ElementResult(el, percent, u, k, false, null);
        }

        private Instant startedAt(List<String> cells) throws CellException {
            if (dateTime == null) {
                return null;
            }
            Integer dtCol = first(Field.DATE_TIME, cells);
            String value;
            int col;
            if (dtCol != null) {
                value = cells.get(dtCol);
                col = dtCol;
            } else {
                Integer d = first(Field.DATE, cells);
                Integer t = first(Field.TIME, cells);
                if (d == null || t == null) {
                    return null;
                }
                value = cells.get(d) + " " + cells.get(t);
                col = d;
            }
            try {
                return LocalDateTime.parse(value, dateTime).atZone(zone).toInstant();
            } catch (DateTimeParseException e) {
                // The reading stands without its start time; the pattern is declared, never guessed.
                problem(col + 1, col < names.size() ? names.get(col) : null, "'" + value + "' is not a date and time "
                        + "like " + datePattern + " (set the analyzer's dateTimePattern if its exports write dates "
                        + "another way); the reading is kept without its start time");
                return null;
            }
        }

        private Integer first(Field f, List<String> cells) {
            for (int i : fields.getOrDefault(f, List.of())) {
                if (!cell(cells, i).isEmpty()) {
                    return i;
                }
            }
            return null;
        }

        private String text(Field f, List<String> cells) {
            Integer i = first(f, cells);
            return i == null ? null : cells.get(i);
        }

        private String cell(List<String> cells, int i) {
            return i < cells.size() ? cells.get(i).trim() : "";
        }

        private double number(List<String> cells, int col, String what) throws CellException {
            return number(cell(cells, col), col, what);
        }

        private double number(String value, int col, String what) throws CellException {
            String v = value.trim();
            if (delimiter != ',' && v.indexOf(',') >= 0 && v.indexOf('.') < 0) {
                v = v.replace(',', '.'); // a decimal comma, in a file separated by semicolons
            }
            Matcher lod = LOD.matcher(v);
            if (lod.matches() && lod.group(2) != null) {
                v = lod.group(2);
            }
            try {
                double d = Double.parseDouble(v);
                if (!Double.isFinite(d)) {
                    throw new NumberFormatException();
                }
                return d;
            } catch (NumberFormatException e) {
                throw new CellException(col, "'" + value + "' is not a number (" + what + ")");
            }
        }
    }
}
