package org.touchstone.agent.cli;

import java.io.PrintWriter;

/** How an officer's command at the command line reports the agent's answer, and the exit code it gives. */
final class OfficerCommands {

    private OfficerCommands() {
    }

    /** Prints the answer: accepted (0, with the journal record that confirms it) or refused (1, with the reason). */
    static int answered(String what, PostMessenger.Reply reply, PrintWriter out, PrintWriter err) {
        if (reply.accepted()) {
            out.println(what + ": accepted by the agent (journal record " + reply.journalSeq() + ", " + reply.at() + ")");
            out.flush();
            return ExitCode.OK;
        }
        err.println(what + ": refused by the agent: " + reply.reason());
        err.flush();
        return ExitCode.FAILED;
    }

    /** Prints why nothing was answered and returns its exit code. */
    static int failed(String command, PostMessenger.Failure e, PrintWriter err) {
        err.println("touchstone " + command + ": " + e.getMessage());
        err.flush();
        return e.exitCode;
    }
}
