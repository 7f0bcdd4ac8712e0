package org.touchstone.drivers.driver;

import java.time.Clock;
import java.time.ZoneId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.touchstone.drivers.device.DeviceListener;
import org.touchstone.drivers.protocol.xrfcsv.CsvProblem;
import org.touchstone.drivers.protocol.xrfcsv.XrfCsvParser;
import org.touchstone.drivers.protocol.xrfcsv.XrfCsvProfile;
import org.touchstone.drivers.reading.XrfReading;
import org.touchstone.drivers.transport.ByteTransport;
import org.touchstone.drivers.transport.tcp.TcpTransport;

/**
 * Reads an XRF analyzer's result lines (a results CSV: a header, then one row per test) from a serial port or a
 * TCP connection and turns each row into an {@link XrfReading}. It only listens; the instrument sends when a
 * test ends. After a disconnect it reconnects with the backoff and forgets the header, because the instrument
 * (or its device server) starts over with one. Unlike a scale's, what is buffered at connect is kept: it is the
 * results of tests that did happen.
 */
public final class XrfStreamDriver extends DriverSupport {

    private static final Logger LOG = LoggerFactory.getLogger(XrfStreamDriver.class);

    private final ByteTransport transport;
    private final XrfCsvParser parser;

    /**
     * @param profile the column mapping, or null to recognise a built-in one from the header
     * @param zone    the instrument clock's time zone
     */
    public XrfStreamDriver(String deviceId, ByteTransport transport, XrfCsvProfile profile, ZoneId zone, Clock clock,
                           DeviceListener listener) {
        this(deviceId, transport, profile, null, zone, clock, listener);
    }

    /**
     * @param assumedHeader the header line to read rows with until the instrument sends one (for instruments that
     *                      send it only at power-on), or null
     */
    public XrfStreamDriver(String deviceId, ByteTransport transport, XrfCsvProfile profile, String assumedHeader,
                           ZoneId zone, Clock clock, DeviceListener listener) {
        this(deviceId, transport, profile, XrfCsvParser.Settings.NONE, assumedHeader, zone, clock, listener);
    }

    /** @param settings what the analyzer's configuration states (its unit, its date pattern) */
    public XrfStreamDriver(String deviceId, ByteTransport transport, XrfCsvProfile profile,
                           XrfCsvParser.Settings settings, String assumedHeader, ZoneId zone, Clock clock,
                           DeviceListener listener) {
        super(deviceId, clock, listener, LOG);
        this.transport = java.util.Objects.requireNonNull(transport, "transport must not be null");
        this.parser = new XrfCsvParser(sourceName(transport), profile, settings, deviceId, clock, zone,
                new XrfCsvParser.Listener() {
            @Override
            public void readingParsed(XrfReading r) {
                frameAccepted();
                reading(r);
            }

            @Override
            public void problemFound(CsvProblem problem) {
                reject(problem);
            }
        });
        if (assumedHeader != null) {
            parser.assumeHeader(assumedHeader);
        }
    }

    @Override
    String threadName() {
        return "xrf-stream-" + deviceId;
    }

    @Override
    void run() {
        // Lines a device server kept while nobody was connected are results of tests that happened: kept, not
        // dropped (the agent recognises a shot it has already by analyzer serial and test number).
        readStream(transport, false, parser::reset, (buf, n) -> parser.feed(buf, 0, n));
    }

    /** How CSV problems name the stream: {@code tcp://host:port} or {@code serial /dev/ttyUSB1}. */
    public static String sourceName(ByteTransport transport) {
        return (transport instanceof TcpTransport ? "tcp://" : "serial ") + transport.describe();
    }
}
