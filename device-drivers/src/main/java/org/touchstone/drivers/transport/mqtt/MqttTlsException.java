package org.touchstone.drivers.transport.mqtt;

/**
 * A TLS setting or file that cannot be used; {@link #field()} names the setting ({@code caFile},
 * {@code clientCertificate}, {@code clientKey}, {@code clientKeyPassword}) so a configuration can add its own path
 * (e.g. {@code mqtt.tls.caFile}). The message starts with the field.
 */
public class MqttTlsException extends IllegalArgumentException {

    private final String field;
    private final String problem;

    public MqttTlsException(String field, String problem) {
        this(field, problem, null);
    }

    public MqttTlsException(String field, String problem, Throwable cause) {
        super(field + ": " + problem, cause);
        this.field = field;
        this.problem = problem;
    }

    public String field() {
        return field;
    }

    /** The message without the field name. */
    public String problem() {
        return problem;
    }
}
