package org.touchstone.drivers.transport.serial;

import com.fazecast.jSerialComm.SerialPort;
import com.fazecast.jSerialComm.SerialPortInvalidPortException;

import org.touchstone.drivers.transport.ByteTransport;

import java.io.IOException;
import java.util.Objects;

/**
 * Moves bytes to and from one serial port with jSerialComm; knows nothing of what the bytes mean.
 *
 * <p>Each {@link #open()} makes a new {@link SerialPort} from the configured path: a reused object keeps the old
 * {@code /dev/pts/N} and once opened a different device. The port is closed on the first read or write that
 * reports a disconnect, because jSerialComm otherwise keeps {@code isOpen()} true and spins its disconnect event.
 * Used by one thread at a time.
 */
public final class SerialTransport implements ByteTransport {

    /** How long a read waits for the first byte; short so the owning thread can notice a close request. */
    public static final int READ_TIMEOUT_MS = 100;
    private static final int WRITE_TIMEOUT_MS = 1000;

    private final SerialSettings settings;
    private SerialPort port;

    public SerialTransport(SerialSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings must not be null");
    }

    public SerialSettings settings() {
        return settings;
    }

    /**
     * Opens a fresh port object on the configured path.
     *
     * @throws IOException when the path is absent or the port cannot be opened; the message names the path
     */
    @Override
    public void open() throws IOException {
        close();
        SerialPort candidate;
        try {
            candidate = SerialPort.getCommPort(settings.path());
        } catch (SerialPortInvalidPortException e) {
            throw new IOException("serial port " + settings.path() + " is absent: " + e.getMessage(), e);
        }
        candidate.setComPortParameters(settings.baud(), settings.dataBits(), stopBits(), parity());
        candidate.setFlowControl(flowControl());
        candidate.setComPortTimeouts(SerialPort.TIMEOUT_READ_SEMI_BLOCKING | SerialPort.TIMEOUT_WRITE_BLOCKING,
                READ_TIMEOUT_MS, WRITE_TIMEOUT_MS);
        if (!candidate.openPort()) {
            throw new IOException("cannot open serial port " + settings.path() + " (jSerialComm error "
                    + candidate.getLastErrorCode() + " at line " + candidate.getLastErrorLocation() + ")");
        }
        port = candidate;
    }

    @Override
    public String describe() {
        return settings.path();
    }

    /** Flushes the port's input buffer (the OS keeps what a streaming device sent while the port was closed). */
    @Override
    public long discardInput() {
        SerialPort p = port;
        if (p == null) {
            return 0;
        }
        int waiting = Math.max(0, p.bytesAvailable());
        p.flushIOBuffers();
        return waiting;
    }

    @Override
    public boolean isOpen() {
        return port != null;
    }

    /**
     * Reads what has arrived, waiting up to {@link #READ_TIMEOUT_MS} for the first byte.
     *
     * @return the number of bytes read, 0 when nothing came in time
     * @throws IOException when the port is not open or the device went away (the port is then closed)
     */
    @Override
    public int read(byte[] buffer) throws IOException {
        SerialPort p = requireOpen();
        int n = p.readBytes(buffer, buffer.length);
        if (n < 0) {
            close();
            throw new IOException("serial port " + settings.path() + " disconnected (read returned " + n + ")");
        }
        return n;
    }

    /** Writes all bytes or closes the port and throws. */
    @Override
    public void write(byte[] bytes) throws IOException {
        SerialPort p = requireOpen();
        int written = p.writeBytes(bytes, bytes.length);
        if (written != bytes.length) {
            close();
            throw new IOException("serial port " + settings.path() + " disconnected (wrote " + written + " of "
                    + bytes.length + " bytes)");
        }
    }

    @Override
    public void close() {
        SerialPort p = port;
        port = null;
        if (p != null) {
            p.closePort();
        }
    }

    private SerialPort requireOpen() throws IOException {
        SerialPort p = port;
        if (p == null) {
            throw new IOException("serial port " + settings.path() + " is not open");
        }
        return p;
    }

    private int stopBits() {
        return settings.stopBits() == 2 ? SerialPort.TWO_STOP_BITS : SerialPort.ONE_STOP_BIT;
    }

    private int parity() {
        switch (settings.parity()) {
            case ODD: return SerialPort.ODD_PARITY;
            case EVEN: return SerialPort.EVEN_PARITY;
            case MARK: return SerialPort.MARK_PARITY;
            case SPACE: return SerialPort.SPACE_PARITY;
            default: return SerialPort.NO_PARITY;
        }
    }

    private int flowControl() {
        switch (settings.flowControl()) {
            case XON_XOFF: return SerialPort.FLOW_CONTROL_XONXOFF_IN_ENABLED | SerialPort.FLOW_CONTROL_XONXOFF_OUT_ENABLED;
            case RTS_CTS: return SerialPort.FLOW_CONTROL_RTS_ENABLED | SerialPort.FLOW_CONTROL_CTS_ENABLED;
            default: return SerialPort.FLOW_CONTROL_DISABLED;
        }
    }
}
