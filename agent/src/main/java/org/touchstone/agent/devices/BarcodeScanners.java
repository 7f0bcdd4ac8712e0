package org.touchstone.agent.devices;

import org.touchstone.agent.config.ScannerConfig;
import org.touchstone.drivers.device.DeviceEvent;
import org.touchstone.drivers.device.DeviceListener;
import org.touchstone.drivers.device.FrameError;
import org.touchstone.drivers.driver.BarcodeScannerDriver;
import org.touchstone.drivers.transport.ByteTransport;
import org.touchstone.drivers.transport.serial.SerialTransport;
import org.touchstone.drivers.transport.tcp.TcpSettings;
import org.touchstone.drivers.transport.tcp.TcpTransport;

/** Starts a configured barcode scanner and hands each scanned code to the agent. */
final class BarcodeScanners {

    private BarcodeScanners() {
    }

    static AutoCloseable start(ScannerConfig scanner, DeviceContext ctx) {
        ByteTransport transport = scanner.tcp() != null
                ? new TcpTransport(new TcpSettings(scanner.tcp().host(), scanner.tcp().port(),
                scanner.tcp().connectTimeoutMillis()))
                : new SerialTransport(ScaleDrivers.settings(scanner.serial()));
        BarcodeScannerDriver driver = new BarcodeScannerDriver(scanner.id(), transport, ctx.clock(),
                code -> ctx.events().itemScanned(scanner.id(), code), new DeviceListener() {
                    @Override
                    public void deviceStateChanged(DeviceEvent event) {
                        ctx.events().deviceStatus(event.deviceId(), event.state().name(), event.detail());
                    }

                    @Override
                    public void frameRejected(FrameError error) {
                        ctx.events().inputRejected(scanner.id(), error.reason());
                    }
                });
        driver.start();
        return driver;
    }
}
