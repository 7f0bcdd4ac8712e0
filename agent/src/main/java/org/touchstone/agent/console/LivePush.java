package org.touchstone.agent.console;

import io.javalin.http.sse.SseClient;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.touchstone.drivers.reading.WeightReading;

/**
 * Pushes what changed to every open console page over server-sent events, from one thread of its own so the
 * agent's desk never waits on a browser. Changes that arrive while a push is under way are merged into the next
 * one, so a burst of readings costs one push, and what waits is bounded by the number of topics and scales.
 */
final class LivePush implements ConsoleBackend.Listener, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LivePush.class);

    /** One open page, in its officer's language. */
    record Client(SseClient sse, String sessionId, Messages messages) {
    }

    private final List<Client> clients = new CopyOnWriteArrayList<>();
    private final Set<String> topics = new LinkedHashSet<>();
    private final Map<String, WeightReading> scales = new LinkedHashMap<>();
    private final Map<String, Double> minimumLoads;
    private final Function<String, Boolean> sessionAlive;
    private final Thread thread;
    private volatile boolean running = true;

    LivePush(Map<String, Double> minimumLoads, Function<String, Boolean> sessionAlive) {
        this.minimumLoads = Map.copyOf(minimumLoads);
        this.sessionAlive = sessionAlive;
        this.thread = new Thread(this::run, "console-push");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    void add(Client c) {
        clients.add(c);
        c.sse().onClose(() -> clients.remove(c));
    }

    int clients() {
        return clients.size();
    }

    @Override
    public synchronized void changed(Set<String> changed) {
        topics.addAll(changed);
        notifyAll();
    }

    @Override
    public synchronized void scaleIndication(WeightReading reading) {
        scales.put(reading.deviceId(), reading);
        notifyAll();
    }

    private void run() {
        long lastPing = System.nanoTime();
        while (running) {
            List<String> changed;
            List<WeightReading> readings;
            synchronized (this) {
                if (topics.isEmpty() && scales.isEmpty()) {
                    try {
                        wait(15_000);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                changed = new ArrayList<>(topics);
                readings = new ArrayList<>(scales.values());
                topics.clear();
                scales.clear();
            }
            boolean ping = System.nanoTime() - lastPing > TimeUnit.SECONDS.toNanos(15);
            if (ping) {
                lastPing = System.nanoTime();
            }
            for (Client c : clients) {
                try {
                    if (!sessionAlive.apply(c.sessionId())) {
                        c.sse().sendEvent("logout", "{}");
                        c.sse().close();
                        clients.remove(c);
                        continue;
                    }
                    if (!changed.isEmpty()) {
                        c.sse().sendEvent("changed", json(changed));
                    }
                    for (WeightReading w : readings) {
                        c.sse().sendEvent("scale", scaleJson(c.messages(), w));
                    }
                    if (ping) {
                        c.sse().sendComment("ping");
                    }
                    if (c.sse().terminated()) {
                        clients.remove(c);
                    }
                } catch (RuntimeException e) {
                    log.debug("console page gone: {}", e.toString());
                    clients.remove(c);
                }
            }
        }
    }

    private static String json(List<String> topics) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < topics.size(); i++) {
            b.append(i == 0 ? "" : ",").append('"').append(topics.get(i).replace("\\", "\\\\").replace("\"", "\\\""))
                    .append('"');
        }
        return b.append(']').toString();
    }

    /** The indication as the bench shows it: the value in the officer's notation, its unit, and its state. */
    String scaleJson(Messages m, WeightReading w) {
        double min = minimumLoads.getOrDefault(w.deviceId(), 0.0);
        String state = !w.stable() ? "moving" : Math.abs(w.grams().doubleValue()) < min ? "empty" : "stable";
        return "{\"deviceId\":\"" + w.deviceId() + "\",\"text\":\"" + m.decimal(w.value()).replace("\"", "")
                + "\",\"unit\":\"" + w.unit().symbol() + "\",\"state\":\"" + state + "\",\"label\":\""
                + m.t("scale.state." + state).replace("\"", "'") + "\"}";
    }

    static boolean empty(WeightReading w, double min) {
        return w.grams().abs().compareTo(BigDecimal.valueOf(min)) < 0;
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        for (Client c : clients) {
            try {
                c.sse().close();
            } catch (RuntimeException e) {
                // Closing anyway.
            }
        }
        clients.clear();
    }
}
