package org.touchstone.agent.config;

import java.util.Locale;
import java.util.Set;

/**
 * Serial line settings of one device. Settings left out take the protocol's usual values (see
 * {@link ScaleConfig}); a device configured alone defaults to MT-SICS's 9600 8N1 without handshake.
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
        parity = parity == null ? null : parity.toLowerCase(Locale.ROOT);
        flowControl = flowControl == null ? null : flowControl.toLowerCase(Locale.ROOT);
        if (baud != null && (baud < 50 || baud > 4_000_000)) {
            throw new IllegalArgumentException("baud must be 50..4000000, was: " + baud);
        }
        if (dataBits != null && (dataBits < 5 || dataBits > 8)) {
            throw new IllegalArgumentException("dataBits must be 5..8, was: " + dataBits);
        }
        if (parity != null && !Set.of("none", "odd", "even", "mark", "space").contains(parity)) {
            throw new IllegalArgumentException("parity must be none, odd, even, mark or space, was: '" + parity + "'");
        }
        if (stopBits != null && stopBits != 1 && stopBits != 2) {
            throw new IllegalArgumentException("stopBits must be 1 or 2, was: " + stopBits);
        }
        if (flowControl != null && !Set.of("none", "xonxoff", "rtscts").contains(flowControl)) {
            throw new IllegalArgumentException("flowControl must be none, xonxoff or rtscts, was: '" + flowControl + "'");
        }
    }

    /** Fills the settings left out from a protocol's defaults (values as in this record). */
    public SerialConfig withDefaults(int defBaud, int defDataBits, String defParity, int defStopBits,
                                     String defFlowControl) {
        return new SerialConfig(path, baud == null ? defBaud : baud, dataBits == null ? defDataBits : dataBits,
                parity == null ? defParity : parity, stopBits == null ? defStopBits : stopBits,
                flowControl == null ? defFlowControl : flowControl);
    }

    public SerialConfig withPath(String newPath) {
        return new SerialConfig(newPath, baud, dataBits, parity, stopBits, flowControl);
    }
}
