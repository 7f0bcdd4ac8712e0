package org.touchstone.drivers.protocol.mtsics;

import org.touchstone.drivers.protocol.scale.ScaleParser;
import org.touchstone.drivers.protocol.scale.ScaleProtocol;

import java.util.Optional;

/**
 * MT-SICS as a {@link ScaleProtocol}: polls with {@code SI} or streams after {@code SIR}, asks {@code I4} for the
 * serial number; {@link MtSicsParser} reads the answers.
 */
public final class MtSicsScaleProtocol implements ScaleProtocol {

    public static final String NAME = "mt-sics";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ScaleParser newParser() {
        return new MtSicsParser();
    }

    @Override
    public Optional<byte[]> identityRequest() {
        return Optional.of(MtSicsFormat.SERIAL_NUMBER);
    }

    @Override
    public Optional<byte[]> pollRequest() {
        return Optional.of(MtSicsFormat.SEND_IMMEDIATELY);
    }

    @Override
    public Optional<byte[]> streamRequest() {
        return Optional.of(MtSicsFormat.SEND_IMMEDIATELY_REPEAT);
    }
}
