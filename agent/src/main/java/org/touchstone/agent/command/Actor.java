package org.touchstone.agent.command;

/**
 * Who issued a command and through which channel. The officer's identity is a parameter of
 * {@link AgentCommands#submit}, never a field of the command's payload.
 *
 * @param officerId     the officer, or null when the channel carries no identity (the declarations topic and folder,
 *                      a barcode scanner)
 * @param channel       how the command arrived
 * @param origin        where exactly, for the record: the topic, the file, {@code scanner scan-1}, {@code command line}
 * @param authenticated whether {@code officerId} comes from an authentication (the console's login, the broker's
 *                      user name on an officer topic); an officer named in a payload is never taken as one
 */
public record Actor(String officerId, Channel channel, String origin, boolean authenticated) {

    /** How a command reached the agent. */
    public enum Channel {
        /** The post's MQTT broker. */
        MQTT,
        /** A call inside the agent's process: the command line of `run`, the demo, the web console. */
        IN_PROCESS,
        /** The watched declarations folder. */
        FOLDER,
        /** A barcode scanner at the bench. */
        SCANNER
    }

    public Actor {
        if (channel == null) {
            throw new IllegalArgumentException("channel: required");
        }
        if (origin == null || origin.isBlank()) {
            origin = channel.name().toLowerCase(java.util.Locale.ROOT);
        }
        // Who acted is written into the journal, the log and the console: one short line, nothing that forges one.
        org.touchstone.agent.text.FreeText.require(officerId, "by", 64);
        if (authenticated && (officerId == null || officerId.isBlank())) {
            throw new IllegalArgumentException("officerId: an authenticated actor needs one");
        }
    }

    /** A channel that carries no identity. */
    public static Actor anonymous(Channel channel, String origin) {
        return new Actor(null, channel, origin, false);
    }

    /** How the journal names who acted: the officer's id, or null. */
    public String by() {
        return officerId;
    }
}
