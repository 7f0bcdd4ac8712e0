package org.touchstone.drivers.transport.serial;

import java.util.Objects;

/**
 * How to open one serial port: the device path and its line settings.
 *
 * @param path        the port, e.g. {@code /dev/ttyUSB0} or a symlink such as {@code /tmp/touchstone/scale-1}
 * @param baud        bits per second (no effect on a pseudo-terminal)
 * @param dataBits    5 to 8
 * @param parity      parity bit
 * @param stopBits    1 or 2
 * @param flowControl handshake
 */
public record SerialSettings(String path, int baud, int dataBits, Parity parity, int stopBits,
                             FlowControl flowControl) {

    public enum Parity { NONE, ODD, EVEN, MARK, SPACE }

    public enum FlowControl { NONE, XON_XOFF, RTS_CTS }

    public SerialSettings {
        if (path == null || path.isBlank()) {
            throw new IllegalArgumentException("path must not be blank");
        }
        if (baud <= 0) {
            throw new IllegalArgumentException("baud must be > 0, was: " + baud);
        }
        if (dataBits < 5 || dataBits > 8) {
            throw new IllegalArgumentException("dataBits must be 5..8, was: " + dataBits);
        }
        Objects.requireNonNull(parity, "parity must not be null");
        if (stopBits != 1 && stopBits != 2) {
            throw new IllegalArgumentException("stopBits must be 1 or 2, was: " + stopBits);
        }
        Objects.requireNonNull(flowControl, "flowControl must not be null");
    }

    /**
     * MT-SICS as PyLabRobot and Atlantis-Software/mt-sics open it: 9600 8N1, no handshake. (AT balances ship
     * with Xon/Xoff; set the balance to none, or use the constructor.)
     */
    public static SerialSettings mtSics(String path) {
        return new SerialSettings(path, 9600, 8, Parity.NONE, 1, FlowControl.NONE);
    }

    /** Classic Sartorius (CP/Master/LE series) factory setting: 1200 baud, 7 data bits, odd parity, 1 stop, CTS. */
    public static SerialSettings sartoriusSbi(String path) {
        return new SerialSettings(path, 1200, 7, Parity.ODD, 1, FlowControl.RTS_CTS);
    }

    /** A&amp;D common factory default: 2400 baud, 7 data bits, even parity, 1 stop (docs/protocols.md 3.2, inference). */
    public static SerialSettings and(String path) {
        return new SerialSettings(path, 2400, 7, Parity.EVEN, 1, FlowControl.NONE);
    }

    /**
     * Toledo continuous output: 9600 baud 7E1 is a common indicator setting (4800 or faster keeps up with about 7
     * frames a second); an inference, set it to what the indicator's menu says.
     */
    public static SerialSettings toledoContinuous(String path) {
        return new SerialSettings(path, 9600, 7, Parity.EVEN, 1, FlowControl.NONE);
    }

    /** The same line settings on another path. */
    public SerialSettings withPath(String newPath) {
        return new SerialSettings(newPath, baud, dataBits, parity, stopBits, flowControl);
    }

    @Override
    public String toString() {
        return path + " " + baud + " " + dataBits + parity.name().charAt(0) + stopBits + " flow " + flowControl;
    }
}
