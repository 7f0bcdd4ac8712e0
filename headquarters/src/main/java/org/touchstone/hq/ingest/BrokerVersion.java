package org.touchstone.hq.ingest;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the central broker says it is ({@code $SYS/broker/version}), and whether its shared subscriptions can be
 * trusted with persistent sessions.
 *
 * <p>Mosquitto's cannot, in two ways, both seen here in {@code HeadquartersEndToEndIT} and read in its source:
 * <ul>
 *   <li>Before 2.0.12 a member that reconnects to its session leaves its {@code $share} subscriptions with the old
 *       connection, which is being freed; a message the group hands to it in that instant is dropped without a
 *       word (ChangeLog 2.0.12: "Fix $share subscriptions not being recovered for durable clients that
 *       reconnect", commit 32af599c).</li>
 *   <li>Up to 2.0.18 the persistence file keeps no {@code $share} subscription ({@code persist__subs_save} walks
 *       only the plain ones): after a broker restart, whatever the posts' bridges deliver before the instances
 *       have reconnected and subscribed again has no subscriber and is discarded. 2.0.19 changed how shared
 *       subscriptions are kept (commit 1914b3ee); that it keeps them across a restart is not shown here.</li>
 * </ul>
 * Debian 12 ships 2.0.11. On any Mosquitto headquarters therefore reads every message on every instance, through
 * plain subscriptions, which the persistence file and a reconnect do keep, and the store keeps each message once.
 * EMQX and HiveMQ keep shared subscriptions in their sessions, so there the instances share the load.
 *
 * @param text the broker's own words, e.g. {@code mosquitto version 2.0.11}
 */
public record BrokerVersion(String text) {

    private static final Pattern MOSQUITTO = Pattern.compile("mosquitto version (\\d{1,6})\\.(\\d{1,6})\\.(\\d{1,6})");

    /** The topic on which Mosquitto keeps its version (retained). */
    public static final String TOPIC = "$SYS/broker/version";

    /** True when this broker is known to lose messages of shared subscriptions held by persistent sessions. */
    public boolean losesSharedMessages() {
        return mosquitto().isPresent();
    }

    /** Major, minor and patch when this is a Mosquitto, empty for any other broker. */
    public Optional<int[]> mosquitto() {
        Matcher m = MOSQUITTO.matcher(text == null ? "" : text.trim());
        if (!m.find()) {
            return Optional.empty();
        }
        return Optional.of(new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                Integer.parseInt(m.group(3))});
    }
}
