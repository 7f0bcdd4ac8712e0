package org.touchstone.agent.config;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import org.touchstone.drivers.protocol.xrfcsv.XrfCsvProfile;

/**
 * One XRF analyzer and where its results come from.
 *
 * @param source        {@code mqtt} (JSON on {@code <root>/<post>/xrf/<id>/result}), {@code serial} or {@code tcp}
 *                      (results CSV lines), {@code sciaps} (the SciAps remote API) or {@code folder} (export files)
 * @param model         free text, for the record
 * @param serial        the serial line, for {@code source: serial}
 * @param tcp           host and port, for {@code source: tcp}
 * @param sciaps        the analyzer's API, for {@code source: sciaps}
 * @param folder        the watched folder, for {@code source: folder}
 * @param profile       the CSV column mapping for serial, tcp and folder: {@code auto} (recognised from the
 *                      header; the default), {@code bruker-s1-titan}, {@code evident-vanta} or {@code thermo-niton}
 * @param customProfile a technician's column mapping for another instrument, instead of {@code profile}
 * @param timeZone      the instrument clock's zone, e.g. {@code Africa/Bamako}; CSV times carry none (default UTC)
 * @param header        for serial and tcp: the header line to read rows with until the instrument sends its own
 *                      (for instruments that send it only at power-on)
 * @param units         for serial, tcp and folder: the unit of concentrations ({@code percent} or {@code ppm}) when
 *                      the files have no Units column (Bruker S1 TITAN exports); never assumed: a file that states
 *                      no unit and meets no setting is refused
 * @param dateTimePattern for serial, tcp and folder: the date pattern of the exports when it is not the profile's
 *                      (an analyzer set to a day-first locale: {@code dd-MM-yyyy HH:mm})
 */
public record XrfConfig(String id, String source, String model, SerialConfig serial, TcpConfig tcp,
                        SciApsConfig sciaps, XrfFolderConfig folder, String profile, XrfProfileConfig customProfile,
                        String timeZone, String header, String units, String dateTimePattern) {

    public static final List<String> SOURCES = List.of("mqtt", "serial", "tcp", "sciaps", "folder");

    public XrfConfig {
        AgentConfig.requireId(id, "id");
        source = source == null ? "mqtt" : source.toLowerCase(Locale.ROOT);
        if (!SOURCES.contains(source)) {
            throw new IllegalArgumentException("source must be one of " + SOURCES + ", was: '" + source + "'");
        }
        requireOnlyWith(serial != null, "serial", source);
        requireOnlyWith(tcp != null, "tcp", source);
        requireOnlyWith(sciaps != null, "sciaps", source);
        requireOnlyWith(folder != null, "folder", source);
        boolean csv = List.of("serial", "tcp", "folder").contains(source);
        if (!csv && (profile != null || customProfile != null)) {
            throw new IllegalArgumentException("profile and customProfile apply to sources serial, tcp and folder, not "
                    + source);
        }
        if (profile != null && customProfile != null) {
            throw new IllegalArgumentException("give profile or customProfile, not both");
        }
        if (profile != null && !profile.equals("auto") && XrfCsvProfile.builtIn(profile).isEmpty()) {
            throw new IllegalArgumentException("profile must be auto, " + XrfCsvProfile.BUILT_IN.stream()
                    .map(XrfCsvProfile::name).toList() + " (or write a customProfile), was: '" + profile + "'");
        }
        if (header != null) {
            if (!source.equals("serial") && !source.equals("tcp")) {
                throw new IllegalArgumentException("header applies to sources serial and tcp, not " + source);
            }
            try {
                new org.touchstone.drivers.protocol.xrfcsv.XrfCsvParser("header", csvProfile(customProfile, profile),
                        id, java.time.Clock.systemUTC(), ZoneOffset.UTC, new org.touchstone.drivers.protocol.xrfcsv.XrfCsvParser.Listener() {
                            public void readingParsed(org.touchstone.drivers.reading.XrfReading r) {
                            }

                            public void problemFound(org.touchstone.drivers.protocol.xrfcsv.CsvProblem p) {
                            }
                        }).assumeHeader(header);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("header: " + e.getMessage());
            }
        }
        if ((units != null || dateTimePattern != null) && !csv) {
            throw new IllegalArgumentException("units and dateTimePattern apply to sources serial, tcp and folder, not "
                    + source);
        }
        if (units != null && org.touchstone.drivers.protocol.xrfcsv.ConcentrationUnit.parse(units).isEmpty()) {
            throw new IllegalArgumentException("units must be percent or ppm, was: '" + units + "'");
        }
        // Checks the pattern, naming it.
        new org.touchstone.drivers.protocol.xrfcsv.XrfCsvParser.Settings(null, dateTimePattern);
        if (timeZone != null) {
            try {
                ZoneId.of(timeZone);
            } catch (DateTimeException e) {
                throw new IllegalArgumentException("timeZone must be a zone such as Africa/Bamako or UTC, was: '"
                        + timeZone + "'");
            }
        }
    }

    /** The first configuration's shape: an analyzer whose results arrive over MQTT. */
    public XrfConfig(String id, String source, String model) {
        this(id, source, model, null, null, null, null, null, null, null, null, null, null);
    }

    private static void requireOnlyWith(boolean present, String block, String source) {
        boolean needed = block.equals(source);
        if (needed && !present) {
            throw new IllegalArgumentException(block + " is required with source: " + block);
        }
        if (!needed && present) {
            throw new IllegalArgumentException(block + " is only read with source: " + block + ", and source is "
                    + source);
        }
    }

    /** The column mapping to read CSV with, or null to recognise a built-in one from the header. */
    public XrfCsvProfile csvProfile() {
        return csvProfile(customProfile, profile);
    }

    private static XrfCsvProfile csvProfile(XrfProfileConfig customProfile, String profile) {
        if (customProfile != null) {
            return customProfile.toProfile();
        }
        return profile == null || profile.equals("auto") ? null : XrfCsvProfile.builtIn(profile).orElseThrow();
    }

    /** What the configuration states for the CSV reader: the unit and the date pattern. */
    public org.touchstone.drivers.protocol.xrfcsv.XrfCsvParser.Settings csvSettings() {
        return new org.touchstone.drivers.protocol.xrfcsv.XrfCsvParser.Settings(units == null ? null
                : org.touchstone.drivers.protocol.xrfcsv.ConcentrationUnit.parse(units).orElseThrow(), dateTimePattern);
    }

    public ZoneId zone() {
        return timeZone == null ? ZoneOffset.UTC : ZoneId.of(timeZone);
    }
}
