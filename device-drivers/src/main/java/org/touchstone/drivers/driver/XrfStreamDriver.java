package org.touchstone.drivers.driver;

import java.io.IOException;
import java.time.Clock;
import java.time.ZoneId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.touchstone.drivers.device.DeviceListener;
import org.touchstone.drivers.device.DeviceState;
import org.touchstone.drivers.protocol.xrfcsv.CsvProblem;
import org.touchstone.drivers.protocol.xrfcsv.XrfCsvParser;
import org.touchstone.drivers.protocol.xrfcsv.XrfCsvProfile;
import org.touchstone.drivers.reading.XrfReading;
import org.touchstone.drivers.transport.serial.SerialSettings;
import org.touchstone.drivers.transport.serial.SerialTransport;
import org.touchstone.drivers.transport.tcp.TcpClientTransport;

/**
 * Reads an XRF analyzer's result lines (a results CSV: a header, then one row per test) from a serial port or a
 * TCP connection and turns each row into an {@link XrfReading}. It only listens; the instrument sends when a
 * test ends. After a disconnect it reconnects with capped backoff and forgets the header, because the instrument
 * (or its device server) starts over with one.
 */
public final class XrfStreamDriver extends DriverSupport {

    /** The byte source: a serial port or a TCP connection. */
    public interface Transport extends AutoCloseable {
        void open() throws IOException;

        /** Bytes read into the buffer, 0 when none came within a short wait. */
        int read(byte[] buffer) throws IOException;

        String describe();

        @Override
        void close();

        static Transport serial(SerialSettings settings) {
            SerialTransport t = new SerialTransport(settings);
            return new Transport() {
                public void open() throws IOException {
                    t.open();
                }

                public int read(byte[] buffer) throws IOException {
                    return t.read(buffer);
                }

                public String describe() {
                    return "serial " + settings.path();
                }

                public void close() {
                    t.close();
                }
            };
        }

        static Transport tcp(String host, int port) {
            TcpClientTransport t = new TcpClientTransport(host, port);
            return new Transport() {
                public void open() throws IOException {
                    t.open();
                }

                public int read(byte[] buffer) throws IOException {
                    return t.read(buffer);
                }

                public String describe() {
                    return t.describe();
                }

                public void close() {
                    t.close();
                }
            };
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(XrfStreamDriver.class);

    private final Transport transport;
    private final XrfCsvParser parser;

    /**
     * @param profile the column mapping, or null to recognise a built-in one from the header
     * @param zone    the instrument clock's time zone
     */
    public XrfStreamDriver(String deviceId, Transport transport, XrfCsvProfile profile, ZoneId zone, Clock clock,
                           DeviceListener listener) {
        this(deviceId, transport, profile, null, zone, clock, listener);
    }

    /**
     * @param assumedHeader the header line to read rows with until the instrument sends one (for instruments that
     *                      send it only at power-on), or null
     */
    public XrfStreamDriver(String deviceId, Transport transport, XrfCsvProfile profile, String assumedHeader,
                           ZoneId zone, Clock clock, DeviceListener listener) {
        super(deviceId, clock, listener, LOG);
        this.transport = java.util.Objects.requireNonNull(transport, "transport must not be null");
        this.parser = new XrfCsvParser(transport.describe(), profile, deviceId, clock, zone, new XrfCsvParser.Listener() {
            @Override
            public void readingParsed(XrfReading r) {
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
        readStream(new StreamLink() {
            @Override
            public void open() throws IOException {
                transport.open();
            }

            @Override
            public int read(byte[] buffer) throws IOException {
                return transport.read(buffer);
            }

            @Override
            public String describe() {
                return transport.describe();
            }

            @Override
            public void close() {
                transport.close();
            }
        }, parser::reset, (buf, n) -> parser.feed(buf, 0, n));
    }
}
