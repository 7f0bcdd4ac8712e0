package org.touchstone.agent.config;

/**
 * Serial line settings of one device. Defaults are MT-SICS's usual 9600 8N1 without handshake.
 *
 * @param parity      none, odd, even, mark or space
 * @param flowControl none, xonxoff or rtscts
 */
public record SerialConfig(String path, Integer baud, Integer dataBits, String parity, Integer stopBits,
                           String flowControl) {
    public SerialConfig {
        if (path == null || path.isBlank()) {
            throw new IllegalArgumentException("path is required, e.g. /dev/ttyUSB0");
        }
        baud = baud == null ? 9600 : baud;
        dataBits = dataBits == null ? 8 : dataBits;
        parity = parity == null ? "none" : parity.toLowerCase(java.util.Locale.ROOT);
        stopBits = stopBits == null ? 1 : stopBits;
        flowControl = flowControl == null ? "none" : flowControl.toLowerCase(java.util.Locale.ROOT);
        if (baud < 50 || baud > 4_000_000) {
            throw new IllegalArgumentException("baud must be 50..4000000, was: " + baud);
        }
        if (dataBits < 5 || dataBits > 8) {
            throw new IllegalArgumentException("dataBits must be 5..8, was: " + dataBits);
        }
        if (!java.util.Set.of("none", "odd", "even", "mark", "space").contains(parity)) {
            throw new IllegalArgumentException("parity must be none, odd, even, mark or space, was: '" + parity + "'");
        }
        if (stopBits != 1 && stopBits != 2) {
            throw new IllegalArgumentException("stopBits must be 1 or 2, was: " + stopBits);
        }
        if (!java.util.Set.of("none", "xonxoff", "rtscts").contains(flowControl)) {
            throw new IllegalArgumentException("flowControl must be none, xonxoff or rtscts, was: '" + flowControl + "'");
        }
    }

    public SerialConfig withPath(String newPath) {
        return new SerialConfig(newPath, baud, dataBits, parity, stopBits, flowControl);
    }
}
