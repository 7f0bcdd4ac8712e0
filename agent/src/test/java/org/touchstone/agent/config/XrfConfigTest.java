package org.touchstone.agent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.touchstone.drivers.protocol.xrfcsv.ConcentrationUnit;
import org.touchstone.drivers.protocol.xrfcsv.XrfCsvProfile;

class XrfConfigTest {

    private static final String HEAD = "post: {id: p1}\nmqtt: {url: 'tcp://127.0.0.1:1883'}\nxrfAnalyzers:\n";

    private static AgentConfig parse(String analyzers) throws ConfigException {
        return new ConfigLoader().parse(HEAD + analyzers, "t.yaml");
    }

    @Test
    void everySource_readWithItsSettings() throws Exception {
        AgentConfig c = parse("""
                  - {id: xrf-1}
                  - {id: xrf-2, source: serial, serial: {path: /dev/ttyUSB1}, profile: thermo-niton, timeZone: Africa/Bamako}
                  - {id: xrf-3, source: tcp, tcp: {host: 10.0.0.5, port: 4001}}
                  - {id: xrf-4, source: sciaps, sciaps: {url: 'http://192.168.42.129:8080', mode: Alloy}}
                  - {id: xrf-5, source: folder, folder: {path: exports}, profile: evident-vanta}
                """);
        List<XrfConfig> x = c.xrfAnalyzers();
        assertEquals(List.of("mqtt", "serial", "tcp", "sciaps", "folder"), x.stream().map(XrfConfig::source).toList());
        assertEquals(XrfCsvProfile.THERMO_NITON, x.get(1).csvProfile());
        assertEquals(ZoneId.of("Africa/Bamako"), x.get(1).zone());
        assertNull(x.get(2).csvProfile());
        assertEquals(1.0, x.get(3).sciaps().coverageFactor());
        assertEquals("Alloy", x.get(3).sciaps().mode());
        assertEquals("*.csv", x.get(4).folder().pattern());
        assertEquals(2000, x.get(4).folder().settleMillis());
    }

    @Test
    void customProfile_builtFromConfiguration() throws Exception {
        AgentConfig c = parse("""
                  - id: xrf-6
                    source: folder
                    folder: {path: xmet}
                    customProfile:
                      name: xmet-lab
                      headerSignature: [Sample, Date]
                      columns: {testNumber: Sample, dateTime: Date, operator: User}
                      dateTimePattern: 'yyyy-MM-dd HH:mm'
                      concentration: '{el} %'
                      error: '{el} +/-'
                      unit: ppm
                      coverageFactor: 2
                      ignoredColumns: [Comment]
                      grades: [{grade: Grade, quality: Match}]
                """);
        XrfCsvProfile p = c.xrfAnalyzers().get(0).csvProfile();
        assertEquals("xmet-lab", p.name());
        assertEquals(ConcentrationUnit.PPM, p.unit());
        assertEquals(2.0, p.coverageFactor());
        assertEquals(List.of("User"), p.columns(XrfCsvProfile.Field.OPERATOR));
        assertEquals("Au +/-", p.errorColumn("Au").orElseThrow());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "- {id: x, source: folder, folder: {path: f}, header: 'a'}| xrfAnalyzers[0].header: header applies to sources serial and tcp, not folder",
            "- {id: x, source: tcp, tcp: {host: h, port: 1}, profile: bruker-s1-titan, header: 'a,b'}| xrfAnalyzers[0]: header: assumed header does not contain the columns [File #, DateTime]",
            "- {id: x, source: usb}| xrfAnalyzers[0].source: source must be one of [mqtt, serial, tcp, sciaps, folder], was: 'usb'",
            "- {id: x, source: tcp}| xrfAnalyzers[0]: tcp is required with source: tcp",
            "- {id: x, source: tcp, tcp: {host: h, port: 0}}| xrfAnalyzers[0].tcp.port: port must be 1..65535",
            "- {id: x, source: mqtt, serial: {path: /dev/x}}| xrfAnalyzers[0].serial: serial is only read with source: serial, and source is mqtt",
            "- {id: x, source: folder, folder: {path: f}, profile: olympus}| xrfAnalyzers[0].profile: profile must be auto, [bruker-s1-titan, evident-vanta, thermo-niton]",
            "- {id: x, source: sciaps, sciaps: {url: 'ftp://a'}}| xrfAnalyzers[0].sciaps.url: url must be http://host:port",
            "- {id: x, source: folder, folder: {path: f}, timeZone: Mars/Olympus}| xrfAnalyzers[0].timeZone: timeZone must be a zone",
            "- {id: x, source: folder, folder: {path: f}, customProfile: {name: a, headerSignature: [A], concentration: '{el}'}}| xrfAnalyzers[0].customProfile: coverageFactor is required",
            "- {id: x, source: folder, folder: {path: f}, customProfile: {name: a, headerSignature: [A], concentration: 'conc', coverageFactor: 1}}| xrfAnalyzers[0].customProfile: concentrationColumn must contain {el}",
            "- {id: x, source: folder, folder: {path: f}, customProfile: {name: a, headerSignature: [A], concentration: '{el}', coverageFactor: 1, columns: {colour: C}}}| xrfAnalyzers[0].customProfile: columns.colour: unknown field",
    })
    void mistakes_namedByField(String yaml, String message) {
        ConfigException e = assertThrows(ConfigException.class, () -> parse("  " + yaml + "\n"));
        assertTrue(e.getMessage().contains(message), e.getMessage());
        assertTrue(e.getMessage().startsWith("t.yaml, line "), e.getMessage());
    }
}
