package org.touchstone.drivers.driver;

import org.touchstone.drivers.protocol.and.AndScaleProtocol;
import org.touchstone.drivers.protocol.mtsics.MtSicsScaleProtocol;
import org.touchstone.drivers.protocol.sbi.SbiScaleProtocol;
import org.touchstone.drivers.protocol.scale.ScaleProtocol;
import org.touchstone.drivers.protocol.toledo.ToledoScaleProtocol;
import org.touchstone.drivers.transport.serial.SerialSettings;

import java.util.List;

/** The scale protocols by their configuration names, with each one's usual serial line settings. */
public final class ScaleProtocols {

    /** Every supported name, in the order the documentation lists them. */
    public static final List<String> NAMES = List.of(MtSicsScaleProtocol.NAME, SbiScaleProtocol.NAME,
            AndScaleProtocol.NAME, ToledoScaleProtocol.NAME);

    private ScaleProtocols() {
    }

    /**
     * @param toledoChecksum whether a Toledo indicator appends the checksum byte (ignored by other protocols)
     * @throws IllegalArgumentException naming the supported protocols
     */
    public static ScaleProtocol named(String name, boolean toledoChecksum) {
        switch (name == null ? "" : name) {
            case MtSicsScaleProtocol.NAME: return new MtSicsScaleProtocol();
            case SbiScaleProtocol.NAME: return new SbiScaleProtocol();
            case AndScaleProtocol.NAME: return new AndScaleProtocol();
            case ToledoScaleProtocol.NAME: return new ToledoScaleProtocol(toledoChecksum);
            default: throw new IllegalArgumentException("protocol must be one of " + NAMES + ", was: '" + name + "'");
        }
    }

    /** The protocol's usual line settings on {@code path}. */
    public static SerialSettings defaultSerial(String name, String path) {
        switch (name == null ? "" : name) {
            case SbiScaleProtocol.NAME: return SerialSettings.sartoriusSbi(path);
            case AndScaleProtocol.NAME: return SerialSettings.and(path);
            case ToledoScaleProtocol.NAME: return SerialSettings.toledoContinuous(path);
            default: return SerialSettings.mtSics(path);
        }
    }
}
