package org.touchstone.drivers.transport.mqtt;

/** The MQTT client refused a message: the caller still holds it and decides what to do. */
public class MqttPublishException extends RuntimeException {
    public MqttPublishException(String message, Throwable cause) {
        super(message, cause);
    }
}
