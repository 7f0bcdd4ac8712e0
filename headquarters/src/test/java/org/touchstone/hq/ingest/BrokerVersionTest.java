package org.touchstone.hq.ingest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Which brokers' shared subscriptions headquarters trusts. The texts are what {@code $SYS/broker/version} carries:
 * Debian 12's Mosquitto says "mosquitto version 2.0.11" (seen on this machine). Why no Mosquitto is trusted is in
 * {@link BrokerVersion}, from Mosquitto's ChangeLog and source.
 */
class BrokerVersionTest {

    @Test
    void everyMosquitto_losesSharedMessages() {
        assertTrue(new BrokerVersion("mosquitto version 2.0.11").losesSharedMessages());
        assertTrue(new BrokerVersion("mosquitto version 1.6.15").losesSharedMessages());
        assertTrue(new BrokerVersion("mosquitto version 2.0.18").losesSharedMessages());
        assertTrue(new BrokerVersion("mosquitto version 2.0.22\n").losesSharedMessages());
        assertArrayEquals(new int[] {2, 0, 11}, new BrokerVersion("mosquitto version 2.0.11").mosquitto().orElseThrow());
    }

    @Test
    void otherBrokers_andSilence_areTrusted() {
        assertFalse(new BrokerVersion("emqx 5.8.0").losesSharedMessages());
        assertFalse(new BrokerVersion("").losesSharedMessages());
        assertFalse(new BrokerVersion(null).losesSharedMessages());
    }

    @Test
    void hostileText_isNotAVersion() {
        assertFalse(new BrokerVersion("mosquitto version 99999999999999999999.0.1").losesSharedMessages());
    }
}
