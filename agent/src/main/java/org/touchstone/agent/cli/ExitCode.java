package org.touchstone.agent.cli;

/**
 * The exit codes of every {@code touchstone} command, one meaning each, so that a script or systemd can tell a
 * failed check from a mistyped command from an agent already running. The README and docs/operations.md carry the
 * same table.
 */
public final class ExitCode {

    /** Done: the agent stopped cleanly, the check passed, the chain is intact, the file was written. */
    public static final int OK = 0;
    /**
     * The command ran and found a problem in what it checked: a calibration failed (and was recorded), the journal's
     * chain is broken, a declaration or some input rows were refused (each listed), the demo did not complete.
     */
    public static final int FAILED = 1;
    /**
     * The command could not run as asked: a bad option, a configuration or input file that is missing or wrong
     * (the message names the file, the field and the line), a device or inspection that does not exist, a data
     * directory that cannot be written.
     */
    public static final int USAGE = 2;
    /**
     * A device, broker, file or port the command needs could not be reached (for {@code run}: another program holds
     * the console's or the monitoring's port), or the user aborted; nothing was recorded.
     */
    public static final int UNAVAILABLE = 3;
    /** Another agent already runs on this data directory (the message names it); this one did not start. */
    public static final int ALREADY_RUNNING = 4;
    /**
     * {@code run}: the journal could not record, so the agent stopped deciding. Unlike 2 and 4, a restart may
     * cure it (a disk that was full, a lock that was held), and systemd restarts on it.
     */
    public static final int JOURNAL_FAILED = 5;
    /** A defect in Touchstone: the message says what, the log ({@code touchstone.log}) has the stack trace. */
    public static final int SOFTWARE = 70;

    private ExitCode() {
    }
}
