package org.touchstone.agent.config;

/**
 * A barcode scanner that sends one code per line (the item's label, {@code DECLARATION/ITEM} or a bare item id)
 * over a serial port or TCP; a scan makes that item the one on the bench.
 */
public record ScannerConfig(String id, SerialConfig serial, TcpConfig tcp) {
    public ScannerConfig {
        AgentConfig.requireId(id, "id");
        if ((serial == null) == (tcp == null)) {
            throw new IllegalArgumentException("give exactly one of serial or tcp");
        }
        if (serial != null) {
            serial = serial.withDefaults(9600, 8, "none", 1, "none");
        }
    }
}
