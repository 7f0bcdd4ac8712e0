#!/usr/bin/env python3
"""Floods a real agent's serial scale and measures what the desk does with it (a developer's tool, not CI).

One run: mosquitto on a free port, a socat pty pair, `java -jar <jar> run` on a generated configuration (one
MT-SICS scale streaming on the pty, metrics on a port of their own), then for --seconds: --rate frames/s in
motion ('S D <value> g', a new value each frame) and, every --stable-every seconds, one weighing: a new stable
value written --stable-frames times ('S S <value> g'). Afterwards it waits until the journal holds every weighing
(or --drain-timeout) and prints one JSON line:

  offered_fps      frames actually written per second (the pty blocks when nobody reads: backpressure)
  weighings        distinct stable values written / journaled; stable_polls: frames they stood for, written /
                   journaled (the driver folds identical stable frames into counted repeats)
  in_motion        readings of the flood journaled (in motion, or stable with --flood-stable); coalesced: the agent's touchstone_desk_readings_coalesced_total
  lag_ms           per stable reading (repeats aside), the journal's commit time minus the driver's receivedAt:
                   p50 / max; it leaves out the time a frame waited in the port's buffer while the driver waited
  drain_s          from the end of the flood until the last weighing was journaled
  rss_mib          VmRSS of the JVM every 200 ms: idle (before the flood) / peak
  journal_mib      journal.db with its write-ahead log at the end

  python3 bench/flood.py --jar agent/target/touchstone-agent.jar [--rate 3000] [--seconds 60] [--java-opts ...]
"""
import argparse, json, os, re, shutil, signal, socket, sqlite3, subprocess, sys, tempfile, threading, time
import urllib.request


def free_port():
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


def rss_kib(pid):
    try:
        with open('/proc/%d/status' % pid) as f:
            for line in f:
                if line.startswith('VmRSS:'):
                    return int(line.split()[1])
    except OSError:
        return 0
    return 0


def wait_for(cond, timeout, what):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if cond():
            return
        time.sleep(0.1)
    raise SystemExit('timed out waiting for ' + what)


def main():
    p = argparse.ArgumentParser()
    p.add_argument('--jar', required=True)
    p.add_argument('--rate', type=int, default=3000)
    p.add_argument('--seconds', type=int, default=60)
    p.add_argument('--stable-every', type=float, default=1.0)
    p.add_argument('--stable-frames', type=int, default=5)
    p.add_argument('--drain-timeout', type=int, default=180)
    p.add_argument('--java-opts', default='')
    p.add_argument('--label', default='agent')
    p.add_argument('--flood-stable', action='store_true',
                   help="the flood's frames are stable ('S S', a new value each): none may coalesce, all wait")
    a = p.parse_args()

    run = tempfile.mkdtemp(prefix='flood.')
    procs = []
    try:
        mqtt_port, metrics_port = free_port(), free_port()
        with open(run + '/mosquitto.conf', 'w') as f:
            f.write('listener %d 127.0.0.1\nallow_anonymous true\npersistence false\n' % mqtt_port)
        procs.append(subprocess.Popen(['mosquitto', '-c', run + '/mosquitto.conf'], stdout=subprocess.DEVNULL,
                                      stderr=subprocess.DEVNULL))
        procs.append(subprocess.Popen(['socat', 'pty,raw,echo=0,link=%s/tty-app' % run,
                                       'pty,raw,echo=0,link=%s/tty-drv' % run], stderr=subprocess.DEVNULL))
        wait_for(lambda: os.path.exists(run + '/tty-app') and os.path.exists(run + '/tty-drv'), 10, 'the pty pair')
        with open(run + '/agent.yaml', 'w') as f:
            f.write("""post: {id: flood}
mqtt: {url: "tcp://127.0.0.1:%d", clientId: touchstone-flood}
scales:
  - id: scale-1
    protocol: mt-sics
    mode: stream
    serial: {path: %s/tty-drv, baud: 9600}
    accuracyClass: II
    verificationIntervalGrams: 0.1
    capacityGrams: 6200
monitoring: {port: %d}
dataDirectory: %s/data
""" % (mqtt_port, run, metrics_port, run))
        env = dict(os.environ, TOUCHSTONE_LOG_DIR=run + '/log')
        agent = subprocess.Popen(['java'] + a.java_opts.split() + ['-jar', a.jar, 'run', '--config',
                                                                     run + '/agent.yaml'],
                                 stdout=open(run + '/agent.out', 'w'), stderr=subprocess.STDOUT, env=env)
        procs.append(agent)
        journal = run + '/data/journal.db'

        def metrics():
            try:
                return urllib.request.urlopen('http://127.0.0.1:%d/metrics' % metrics_port, timeout=2).read().decode()
            except OSError:
                return ''
        wait_for(lambda: 'touchstone_mqtt_connected' in metrics(), 60, 'the agent\'s /metrics')
        time.sleep(2)
        idle = rss_kib(agent.pid)
        peak = [idle]
        stop = threading.Event()

        def sample():
            while not stop.is_set():
                peak[0] = max(peak[0], rss_kib(agent.pid))
                time.sleep(0.2)
        threading.Thread(target=sample, daemon=True).start()

        fd = os.open(run + '/tty-app', os.O_WRONLY | os.O_NOCTTY)
        written = 0
        weighings = []
        start = time.monotonic()
        next_stable = start + a.stable_every
        batch = max(1, a.rate // 100)
        i = 0
        while time.monotonic() - start < a.seconds:
            t0 = time.monotonic()
            kind = 'S S' if a.flood_stable else 'S D'
            buf = b''.join(('%s%12.2f g\r\n' % (kind, 100 + (i + k) % 1000 / 100.0)).encode() for k in range(batch))
            i += batch
            os.write(fd, buf)
            written += batch
            if time.monotonic() >= next_stable:
                value = 1000 + len(weighings)
                weighings.append('%.2f' % value)
                os.write(fd, ('S S%12.2f g\r\n' % value).encode() * a.stable_frames)
                next_stable += a.stable_every
            delay = start + written / a.rate - time.monotonic()
            if delay > 0:
                time.sleep(delay)
        # a last frame in motion, so the driver reports the last weighing's folded frames
        os.write(fd, ('S D%12.2f g\r\n' % 99.0).encode())
        elapsed = time.monotonic() - start
        flood_end = time.monotonic()

        def stable_rows():
            try:
                with sqlite3.connect('file:%s?mode=ro' % journal, uri=True, timeout=5) as c:
                    return c.execute("SELECT at, data FROM journal WHERE type='reading'").fetchall()
            except sqlite3.Error:
                return None
        last = weighings[-1]
        drained = None
        end = time.monotonic() + a.drain_timeout
        while time.monotonic() < end:
            try:
                with sqlite3.connect('file:%s?mode=ro' % journal, uri=True, timeout=5) as c:
                    found = c.execute("SELECT COUNT(*) FROM journal WHERE type='reading' AND data LIKE ?",
                                      ('%%"value":%s,%%"stable":true%%' % last,)).fetchone()[0]
            except sqlite3.Error:
                found = 0
            if found:
                drained = time.monotonic() - flood_end
                break
            time.sleep(0.2)
        time.sleep(1)
        stop.set()
        scraped = metrics()
        rows = stable_rows() or []
        stable_values, polls, lags, motion = set(), 0, [], 0
        weighing_set = set(weighings)
        for at, data in rows:
            w = json.loads(data).get('weight')
            if not w:
                continue
            if w['stable']:
                v = '%.2f' % float(w['value'])
                if v in weighing_set:
                    stable_values.add(v)
                    polls += int(w.get('polls') or 1)
                else:
                    motion += 1
                if int(w.get('polls') or 1) == 1:  # a repeat's receivedAt is its last folded frame's, long before
                    lags.append((parse(at) - parse(w['receivedAt'])) * 1000)
            else:
                motion += 1
        lags.sort()
        m = re.search(r'^touchstone_desk_readings_coalesced_total\{[^}]*\} (\S+)', scraped, re.M)
        bp = re.search(r'^touchstone_desk_backpressure_seconds_sum\{[^}]*\} (\S+)', scraped, re.M)
        print(json.dumps({
            'label': a.label, 'java_opts': a.java_opts, 'rate_target': a.rate, 'seconds': round(elapsed, 1),
            'offered_fps': round(written / elapsed), 'frames_in_motion_written': written,
            'weighings_written': len(weighings), 'weighings_journaled': len(stable_values & set(weighings)),
            'stable_polls_written': len(weighings) * a.stable_frames, 'stable_polls_journaled': polls,
            'in_motion_journaled': motion, 'coalesced': float(m.group(1)) if m else None,
            'backpressure_s': float(bp.group(1)) if bp else None,
            'lag_ms_p50': round(lags[len(lags) // 2]) if lags else None, 'lag_ms_max': round(lags[-1]) if lags else None,
            'drain_s': round(drained, 1) if drained is not None else 'not within %d s' % a.drain_timeout,
            'rss_mib_idle': round(idle / 1024), 'rss_mib_peak': round(peak[0] / 1024),
            'journal_mib': round(sum(os.path.getsize(journal + x) for x in ('', '-wal') if os.path.exists(journal + x))
                                 / 1048576, 1),
            'agent_alive': agent.poll() is None}))
    finally:
        for pr in reversed(procs):
            if pr.poll() is None:
                pr.send_signal(signal.SIGTERM)
                try:
                    pr.wait(15)
                except subprocess.TimeoutExpired:
                    pr.kill()
        if os.environ.get('KEEP') != '1':
            shutil.rmtree(run, ignore_errors=True)
        else:
            print('kept', run, file=sys.stderr)


def parse(ts):
    from datetime import datetime
    ts = ts.replace('Z', '+00:00')
    m = re.match(r'(.*\.\d{6})\d*(.*)', ts)
    if m:
        ts = m.group(1) + m.group(2)
    return datetime.fromisoformat(ts).timestamp()


if __name__ == '__main__':
    main()
