package org.touchstone.drivers.driver;

import org.touchstone.drivers.protocol.and.AndScaleProtocol;
import org.touchstone.drivers.protocol.mtsics.MtSicsScaleProtocol;
import org.touchstone.drivers.protocol.sbi.SbiScaleProtocol;
import org.touchstone.drivers.protocol.scale.ScaleOptions;
import org.touchstone.drivers.protocol.scale.ScaleProtocol;
import org.touchstone.drivers.protocol.toledo.ToledoScaleProtocol;
import org.touchstone.drivers.transport.serial.SerialSettings;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The registry of scale protocols: one entry per protocol with its configuration name, what it reaches, its
 * usual serial line settings and its codec. The agent's configuration, {@code touchstone probe}, the documentation
 * tables and the simulators all read this list; a new protocol is one entry here plus its codec (and the simulator's
 * dialect for it, which the compiler asks for: {@code Dialects} switches over this enum without a default).
 */
public enum ScaleProtocols {

    MT_SICS(MtSicsScaleProtocol.NAME, "Mettler Toledo balances (MT-SICS)", SerialSettings::mtSics,
            o -> new MtSicsScaleProtocol()),
    SARTORIUS_SBI(SbiScaleProtocol.NAME, "Sartorius / Minebea (SBI, 16/22-character outputs)",
            SerialSettings::sartoriusSbi, SbiScaleProtocol::new),
    AND(AndScaleProtocol.NAME, "A&D GF/GX/FX/EK/EJ/HC/GC (standard format)", SerialSettings::and,
            AndScaleProtocol::new),
    TOLEDO_CONTINUOUS(ToledoScaleProtocol.NAME, "Toledo continuous output (Mettler, Ohaus Defender, Cardinal, "
            + "Fairbanks, Rice Lake, Kern)", SerialSettings::toledoContinuous, ToledoScaleProtocol::new);

    /** Every supported name, in the order the documentation lists them. */
    public static final List<String> NAMES = Arrays.stream(values()).map(ScaleProtocols::protocolName).toList();

    private final String protocolName;
    private final String devices;
    private final Function<String, SerialSettings> serialPreset;
    private final Function<ScaleOptions, ScaleProtocol> codec;

    ScaleProtocols(String protocolName, String devices, Function<String, SerialSettings> serialPreset,
                   Function<ScaleOptions, ScaleProtocol> codec) {
        this.protocolName = protocolName;
        this.devices = devices;
        this.serialPreset = serialPreset;
        this.codec = codec;
    }

    /** The configuration name, e.g. {@code mt-sics}. */
    public String protocolName() {
        return protocolName;
    }

    /** What instruments speak it, for documentation and messages. */
    public String devices() {
        return devices;
    }

    /** The protocol's usual line settings on {@code path}. */
    public SerialSettings serialPreset(String path) {
        return serialPreset.apply(path);
    }

    /** A codec for a scale set up as {@code options} say. */
    public ScaleProtocol codec(ScaleOptions options) {
        return codec.apply(options);
    }

    /** The entry of a configuration name. */
    public static Optional<ScaleProtocols> find(String name) {
        return Arrays.stream(values()).filter(p -> p.protocolName.equals(name)).findFirst();
    }

    /**
     * @throws IllegalArgumentException naming the supported protocols
     */
    public static ScaleProtocols forName(String name) {
        return find(name).orElseThrow(() -> new IllegalArgumentException("protocol must be one of " + NAMES
                + ", was: '" + name + "'"));
    }

    /**
     * @param toledoChecksum whether a Toledo indicator appends the checksum byte (ignored by other protocols)
     * @throws IllegalArgumentException naming the supported protocols
     */
    public static ScaleProtocol named(String name, boolean toledoChecksum) {
        return forName(name).codec(new ScaleOptions(toledoChecksum, null));
    }

    /** The codec of a protocol name for a scale set up as {@code options} say. */
    public static ScaleProtocol named(String name, ScaleOptions options) {
        return forName(name).codec(options);
    }

    /** The protocol's usual line settings on {@code path}. */
    public static SerialSettings defaultSerial(String name, String path) {
        return forName(name).serialPreset(path);
    }
}
