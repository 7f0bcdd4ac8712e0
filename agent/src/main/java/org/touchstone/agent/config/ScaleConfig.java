package org.touchstone.agent.config;

import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import org.touchstone.agent.metrology.AccuracyClass;
import org.touchstone.agent.metrology.ScaleMetrology;
import org.touchstone.drivers.driver.ScaleProtocols;
import org.touchstone.drivers.protocol.scale.ScaleOptions;
import org.touchstone.drivers.protocol.scale.ScaleProtocol;
import org.touchstone.drivers.reading.WeightUnit;
import org.touchstone.drivers.transport.serial.SerialSettings;

/**
 * One scale: how to reach it and the metrology the assessment needs to judge its readings.
 *
 * @param protocol                  {@code mt-sics} (default), {@code sartorius-sbi}, {@code and} or
 *                                  {@code toledo-continuous}
 * @param transport                 {@code serial}, {@code tcp} (serial device server) or {@code mqtt} (a gateway
 *                                  publishes readings); default: {@code tcp} when {@code tcp} is given, else serial
 * @param mode                      {@code poll} or {@code stream}; default poll where the protocol can
 * @param serial                    serial line; settings left out take the protocol's usual values
 * @param tcp                       host and port of the device server
 * @param checksum                  Toledo continuous only: the indicator appends a checksum byte (default false)
 * @param pollIntervalMillis        how often to ask for the weight, default 250
 * @param accuracyClass             OIML class I, II, III or IIII
 * @param verificationIntervalGrams e, in grams
 * @param capacityGrams             Max, in grams
 * @param tael                      the tael the scale is set to when it weighs in taels ({@code hk-troy} 37.429 g,
 *                                  {@code hk-market}/{@code singapore}/{@code malaysia} 37.799 g, {@code taiwan}
 *                                  37.5 g); no default: a scale printing {@code tl} without it has those weights refused
 */
public record ScaleConfig(String id, String protocol, String transport, String mode, SerialConfig serial,
                          TcpConfig tcp, Boolean checksum, Integer pollIntervalMillis, String accuracyClass,
                          BigDecimal verificationIntervalGrams, BigDecimal capacityGrams, String tael) {

    public static final List<String> TRANSPORTS = List.of("serial", "tcp", "mqtt");

    public ScaleConfig {
        AgentConfig.requireId(id, "id");
        protocol = protocol == null ? "mt-sics" : protocol.trim().toLowerCase(Locale.ROOT);
        if (!ScaleProtocols.NAMES.contains(protocol)) {
            throw new IllegalArgumentException("protocol must be one of " + ScaleProtocols.NAMES + ", was: '"
                    + protocol + "'");
        }
        if (tael != null && WeightUnit.tael(tael).isEmpty()) {
            throw new IllegalArgumentException("tael must be hk-troy, hk-market, singapore, malaysia or taiwan, was: '"
                    + tael + "'");
        }
        checksum = checksum != null && checksum;
        if (checksum && !protocol.equals("toledo-continuous")) {
            throw new IllegalArgumentException("checksum applies to toledo-continuous only, not to " + protocol);
        }
        transport = transport == null ? (tcp != null ? "tcp" : "serial") : transport.trim().toLowerCase(Locale.ROOT);
        if (!TRANSPORTS.contains(transport)) {
            throw new IllegalArgumentException("transport must be one of " + TRANSPORTS + ", was: '" + transport + "'");
        }
        switch (transport) {
            case "serial":
                if (serial == null) {
                    throw new IllegalArgumentException("serial is required for transport serial (path, baud, ...)");
                }
                if (tcp != null) {
                    throw new IllegalArgumentException("tcp is given but transport is serial; keep one of them");
                }
                SerialSettings d = ScaleProtocols.defaultSerial(protocol, serial.path());
                serial = serial.withDefaults(d.baud(), d.dataBits(), d.parity().name().toLowerCase(Locale.ROOT),
                        d.stopBits(), switch (d.flowControl()) {
                            case XON_XOFF -> "xonxoff";
                            case RTS_CTS -> "rtscts";
                            default -> "none";
                        });
                break;
            case "tcp":
                if (tcp == null) {
                    throw new IllegalArgumentException("tcp is required for transport tcp (host, port)");
                }
                if (serial != null) {
                    throw new IllegalArgumentException("serial is given but transport is tcp; keep one of them");
                }
                break;
            default:
                if (serial != null || tcp != null) {
                    throw new IllegalArgumentException("transport mqtt takes neither serial nor tcp: the gateway "
                            + "publishes on <root>/<post>/scale/" + id + "/weight");
                }
        }
        ScaleProtocol p = ScaleProtocols.named(protocol, checksum);
        if (mode == null) {
            mode = p.defaultMode().name().toLowerCase(Locale.ROOT);
        } else {
            mode = mode.trim().toLowerCase(Locale.ROOT);
            if (!mode.equals("poll") && !mode.equals("stream")) {
                throw new IllegalArgumentException("mode must be poll or stream, was: '" + mode + "'");
            }
            if (!transport.equals("mqtt") && !p.supports(ScaleProtocol.Mode.parse(mode))) {
                throw new IllegalArgumentException("mode " + mode + " is not possible with protocol " + protocol);
            }
        }
        pollIntervalMillis = pollIntervalMillis == null ? 250 : pollIntervalMillis;
        if (pollIntervalMillis < 50 || pollIntervalMillis > 60_000) {
            throw new IllegalArgumentException("pollIntervalMillis must be 50..60000, was: " + pollIntervalMillis);
        }
        if (accuracyClass == null) {
            throw new IllegalArgumentException("accuracyClass is required (I, II, III or IIII)");
        }
        AccuracyClass.parse(accuracyClass);
        if (verificationIntervalGrams == null) {
            throw new IllegalArgumentException("verificationIntervalGrams (e) is required");
        }
        if (capacityGrams == null) {
            throw new IllegalArgumentException("capacityGrams (Max) is required");
        }
        metrology(AccuracyClass.parse(accuracyClass), verificationIntervalGrams, capacityGrams);
    }

    public ScaleMetrology metrology() {
        return metrology(AccuracyClass.parse(accuracyClass), verificationIntervalGrams, capacityGrams);
    }

    private static ScaleMetrology metrology(AccuracyClass c, BigDecimal e, BigDecimal max) {
        return new ScaleMetrology(c, e, max);
    }

    /** What the codec must be told of this scale's settings (checksum byte, tael). */
    public ScaleOptions options() {
        return new ScaleOptions(checksum, tael == null ? null : WeightUnit.tael(tael).orElseThrow());
    }

    /** The codec for this scale. */
    public ScaleProtocol codec() {
        return ScaleProtocols.named(protocol, options());
    }

    public ScaleProtocol.Mode scaleMode() {
        return ScaleProtocol.Mode.parse(mode);
    }

    public ScaleConfig withSerialPath(String path) {
        SerialConfig line = serial == null ? new SerialConfig(path, null, null, null, null, null) : serial.withPath(path);
        return new ScaleConfig(id, protocol, "serial", mode, line, null, checksum,
                pollIntervalMillis, accuracyClass, verificationIntervalGrams, capacityGrams, tael);
    }

    public ScaleConfig withTcp(String host, int port) {
        return new ScaleConfig(id, protocol, "tcp", mode, null, new TcpConfig(host, port, null), checksum,
                pollIntervalMillis, accuracyClass, verificationIntervalGrams, capacityGrams, tael);
    }
}
