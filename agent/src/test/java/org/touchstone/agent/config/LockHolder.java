package org.touchstone.agent.config;

import java.io.IOException;

/**
 * A second process for {@link DataDirectoryLockIT}: takes the data directory's lock, says so on stdout, and holds it
 * until its stdin closes (or it is killed). Exit 4 with the refusal on stderr when the lock is held elsewhere.
 */
public final class LockHolder {

    private LockHolder() {
    }

    public static void main(String[] args) throws IOException {
        try (DataDirectory held = DataDirectory.lock(java.nio.file.Path.of(args[0]), "post-child")) {
            System.out.println("locked " + ProcessHandle.current().pid());
            System.out.flush();
            while (System.in.read() >= 0) {
                // Hold the lock until the parent closes our stdin.
            }
        } catch (DataDirectory.InUseException e) {
            System.err.println(e.getMessage());
            System.exit(4);
        }
    }
}
