package org.touchstone.chaos;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * How many bytes a client has written to a broker that the broker has not read yet, from Linux's {@code /proc}:
 * the receive queue of the broker's end of the client's TCP connection. With the broker frozen (SIGSTOP), a
 * message the client published sits there, which is how the chaos test knows the agent has sent a message and
 * waits for its acknowledgement, instead of guessing with a sleep.
 */
final class BrokerBacklog {

    private BrokerBacklog() {
    }

    /** A row of {@code /proc/net/tcp}: ports, receive queue and socket inode. */
    private record Socket(int localPort, int remotePort, long receiveQueue, String inode) {
    }

    /** Bytes from process {@code pid}'s connection to {@code brokerPort} still unread by the broker (0 if none). */
    static long bytesWaiting(long pid, int brokerPort) throws IOException {
        Set<String> inodes = new HashSet<>();
        try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            for (Path fd : (Iterable<Path>) fds::iterator) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) {
                        inodes.add(target.substring(8, target.length() - 1));
                    }
                } catch (IOException e) {
                    // A descriptor closed while we looked.
                }
            }
        }
        List<Socket> sockets = Stream.of("/proc/net/tcp", "/proc/net/tcp6").map(Path::of).filter(Files::exists)
                .flatMap(BrokerBacklog::rows).toList();
        long waiting = 0;
        for (Socket client : sockets) {
            if (inodes.contains(client.inode()) && client.remotePort() == brokerPort) {
                for (Socket server : sockets) {
                    if (server.localPort() == brokerPort && server.remotePort() == client.localPort()) {
                        waiting += server.receiveQueue();
                    }
                }
            }
        }
        return waiting;
    }

    private static Stream<Socket> rows(Path table) {
        try {
            return Files.readAllLines(table).stream().skip(1).map(String::trim).map(l -> l.split("\\s+"))
                    .filter(f -> f.length > 9).map(f -> new Socket(port(f[1]), port(f[2]),
                            Long.parseLong(f[4].substring(f[4].indexOf(':') + 1), 16), f[9]));
        } catch (IOException e) {
            return Stream.empty();
        }
    }

    private static int port(String address) {
        return Integer.parseInt(address.substring(address.indexOf(':') + 1), 16);
    }
}
