package org.touchstone.drivers.driver;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.touchstone.drivers.device.DeviceListener;
import org.touchstone.drivers.device.DeviceState;
import org.touchstone.drivers.protocol.MalformedInputException;
import org.touchstone.drivers.protocol.sciaps.SciApsCodec;
import org.touchstone.drivers.protocol.sciaps.SciApsIdentity;

/**
 * Collects results from a SciAps analyzer over its remote API: reads the analyzer's identity once, then asks for
 * one final test after another in the configured mode ({@code POST /api/v2/test/final?mode=}) and turns each
 * into a reading. The request returns when the test ends, so the instrument and its operator set the pace; a
 * failed or aborted test is reported and the next one requested after {@code pauseBetweenTests}.
 */
public final class SciApsXrfDriver extends DriverSupport {

    private static final Logger LOG = LoggerFactory.getLogger(SciApsXrfDriver.class);

    private final SciApsClient client;
    private final String mode;
    private final double coverageFactor;
    private final Duration pauseBetweenTests;
    private final SciApsCodec codec = new SciApsCodec();
    private volatile SciApsIdentity identity;

    /**
     * @param mode           the application, e.g. {@code PreciousMetals}
     * @param coverageFactor k of the API's uncertainties (the API does not say)
     */
    public SciApsXrfDriver(String deviceId, SciApsClient client, String mode, double coverageFactor,
                           Duration pauseBetweenTests, Clock clock, DeviceListener listener) {
        super(deviceId, clock, listener, LOG);
        this.client = java.util.Objects.requireNonNull(client, "client must not be null");
        if (mode == null || mode.isBlank()) {
            throw new IllegalArgumentException("mode must not be blank");
        }
        this.mode = mode;
        if (!(coverageFactor > 0)) {
            throw new IllegalArgumentException("coverageFactor must be > 0, was: " + coverageFactor);
        }
        this.coverageFactor = coverageFactor;
        this.pauseBetweenTests = pauseBetweenTests;
    }

    public java.util.Optional<SciApsIdentity> identity() {
        return java.util.Optional.ofNullable(identity);
    }

    @Override
    boolean interruptOnClose() {
        return true;
    }

    @Override
    String threadName() {
        return "xrf-sciaps-" + deviceId;
    }

    @Override
    void run() {
        Duration backoff = FIRST_RECONNECT_DELAY;
        while (running) {
            String source = client.base() + "/api/v2/" + (identity == null ? "id" : "test/final?mode=" + mode);
            try {
                if (identity == null) {
                    identity = codec.decodeIdentity(client.identity(), source);
                    changeState(DeviceState.CONNECTED, "SciAps " + identity.family() + " " + identity.model()
                            + " serial " + identity.serial() + " at " + client.base());
                    if (!identity.apps().isEmpty() && !identity.apps().contains(mode)) {
                        reject("mode " + mode + " is not among the analyzer's applications " + identity.apps(), "");
                    }
                }
                byte[] answer = client.finalTest(mode);
                backoff = FIRST_RECONNECT_DELAY;
                changeState(DeviceState.CONNECTED, "answering");
                try {
                    SciApsCodec.Decoded d = codec.decodeTest(answer, source, deviceId, identity, coverageFactor,
                            clock.instant());
                    d.problems().forEach(p -> reject(source + ": " + p, ""));
                    reading(d.reading());
                } catch (MalformedInputException e) {
                    reject(e.getMessage(), new String(answer, java.nio.charset.StandardCharsets.UTF_8));
                }
                pause(pauseBetweenTests);
            } catch (MalformedInputException e) {
                reject(e.getMessage(), "");
                pause(backoff);
                backoff = nextBackoff(backoff);
            } catch (IOException e) {
                if (running) {
                    changeState(DeviceState.DISCONNECTED, e.getMessage() == null ? e.toString() : e.getMessage());
                    pause(backoff);
                    backoff = nextBackoff(backoff);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
