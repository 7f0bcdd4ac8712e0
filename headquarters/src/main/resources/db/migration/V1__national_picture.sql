-- Headquarters' national picture. Every message a post sends is kept whole in "message" (jsonb), keyed by its
-- messageId: that key is what makes ingestion idempotent. The other tables are projections of those messages,
-- written in the same transaction, so that the statistics are plain SQL. Projections never depend on the order
-- in which messages arrive (several instances share the load and commit in any order): an inspection or an alert
-- keeps its highest revision, a device its latest status by time, and findings and items are kept per message.

CREATE TABLE post (
    post_id             text PRIMARY KEY,
    -- No "last message" column: every message would then update this row, and instances committing messages
    -- of the same post would queue behind each other's row lock. The time is read from "message" instead.
    first_seen_at       timestamptz NOT NULL DEFAULT now(),
    -- The agent's retained presence: 'online', or 'offline' (its last will); null until it reported.
    presence            text,
    presence_changed_at timestamptz,
    -- The post broker's bridge to the central broker (Mosquitto bridge notifications): true connected.
    bridge_connected    boolean,
    bridge_changed_at   timestamptz,
    -- Set when a chain head did not extend the previous one; it stays set until someone investigates.
    chain_broken        boolean NOT NULL DEFAULT false,
    head_message_id     text,
    head_seq            bigint,
    head_hash           text,
    head_previous_seq   bigint,
    head_previous_hash  text,
    head_at             timestamptz,
    head_received_at    timestamptz
);

CREATE TABLE message (
    message_id     text PRIMARY KEY,
    post_id        text        NOT NULL,
    kind           text        NOT NULL,
    topic          text        NOT NULL,
    payload        jsonb       NOT NULL,
    payload_sha256 text        NOT NULL,
    received_at    timestamptz NOT NULL,
    stored_at      timestamptz NOT NULL DEFAULT clock_timestamp(),
    instance_id    text        NOT NULL
);
CREATE INDEX message_post_received ON message (post_id, received_at);

-- A message that arrived again under a known messageId but with other bytes: a post bug or tampering.
CREATE TABLE message_conflict (
    id             bigserial PRIMARY KEY,
    message_id     text        NOT NULL,
    topic          text        NOT NULL,
    payload        jsonb       NOT NULL,
    payload_sha256 text        NOT NULL,
    received_at    timestamptz NOT NULL,
    instance_id    text        NOT NULL
);

-- A message headquarters could not read (not JSON, no messageId, a field of the wrong type): kept with the
-- reason, and acknowledged, since redelivering it would not make it readable.
CREATE TABLE rejected_message (
    id          bigserial PRIMARY KEY,
    topic       text        NOT NULL,
    reason      text        NOT NULL,
    payload     text        NOT NULL,
    received_at timestamptz NOT NULL,
    instance_id text        NOT NULL
);

-- One row per inspection: its latest verdict.
CREATE TABLE inspection (
    post_id            text        NOT NULL,
    declaration_id     text        NOT NULL,
    revision           integer     NOT NULL,
    lane               text        NOT NULL,
    complete           boolean     NOT NULL,
    assessed_at        timestamptz NOT NULL,
    declarant          text,
    origin_country     text,
    verdict_message_id text        NOT NULL,
    PRIMARY KEY (post_id, declaration_id)
);
CREATE INDEX inspection_assessed ON inspection (assessed_at);

-- Findings and items of every verdict and every alert revision, by the message that carried them; the current
-- ones are those of the message an inspection or alert row points to.
CREATE TABLE finding (
    message_id     text    NOT NULL,
    idx            integer NOT NULL,
    post_id        text    NOT NULL,
    declaration_id text    NOT NULL,
    code           text    NOT NULL,
    item_id        text    NOT NULL,
    severity       text    NOT NULL,
    message        text    NOT NULL,
    evidence       jsonb   NOT NULL,
    PRIMARY KEY (message_id, idx)
);

CREATE TABLE item (
    message_id       text NOT NULL,
    item_id          text NOT NULL,
    post_id          text NOT NULL,
    declaration_id   text NOT NULL,
    -- The declared metal when the payload carries the declaration, else the metal the XRF fineness was judged on.
    metal            text,
    hs_code          text,
    declared_grams   double precision,
    measured_grams   double precision,
    fineness_percent double precision,
    PRIMARY KEY (message_id, item_id)
);

-- One row per alert: its latest revision, with the outcome once closed.
CREATE TABLE alert (
    alert_id         text PRIMARY KEY,
    post_id          text        NOT NULL,
    declaration_id   text        NOT NULL,
    revision         integer     NOT NULL,
    state            text        NOT NULL,
    lane             text        NOT NULL,
    raised_at        timestamptz,
    updated_at       timestamptz,
    acknowledged_by  text,
    acknowledged_at  timestamptz,
    outcome          text,
    closed_by        text,
    closed_at        timestamptz,
    closure_note     text,
    declarant        text,
    origin_country   text,
    message_id       text        NOT NULL
);
CREATE INDEX alert_open ON alert (lane, state);
CREATE INDEX alert_outcome ON alert (outcome, closed_at);

-- Every device status message, and each device's latest state and trust.
CREATE TABLE device_status (
    message_id text PRIMARY KEY,
    post_id    text        NOT NULL,
    device_id  text        NOT NULL,
    state      text        NOT NULL,
    detail     text,
    at         timestamptz NOT NULL
);
CREATE INDEX device_status_device ON device_status (post_id, device_id, at);

-- Trust observed over time: from a device status that carries it, and from the untrusted-device findings of
-- verdicts (the device named was not trusted when the item was measured).
CREATE TABLE device_trust (
    source_message_id text        NOT NULL,
    post_id           text        NOT NULL,
    device_id         text        NOT NULL,
    trust             text        NOT NULL,
    reason            text,
    next_due          timestamptz,
    observed_at       timestamptz NOT NULL,
    PRIMARY KEY (source_message_id, device_id)
);
CREATE INDEX device_trust_device ON device_trust (post_id, device_id, observed_at);

CREATE TABLE device (
    post_id      text NOT NULL,
    device_id    text NOT NULL,
    state        text,
    state_at     timestamptz,
    trust        text,
    trust_reason text,
    trust_at     timestamptz,
    next_due     timestamptz,
    PRIMARY KEY (post_id, device_id)
);

CREATE TABLE presence_change (
    id          bigserial PRIMARY KEY,
    post_id     text        NOT NULL,
    what        text        NOT NULL,
    state       text        NOT NULL,
    changed_at  timestamptz NOT NULL,
    payload     text        NOT NULL,
    instance_id text        NOT NULL
);

CREATE TABLE chain_head (
    message_id    text PRIMARY KEY,
    post_id       text        NOT NULL,
    seq           bigint      NOT NULL,
    hash          text        NOT NULL,
    at            timestamptz,
    previous_seq  bigint,
    previous_hash text,
    anchor_seq    bigint,
    mac           text,
    -- OK (extends the previous head), FIRST (nothing to compare with), or BROKEN (see chain_break).
    verdict       text        NOT NULL,
    mac_verified  boolean     NOT NULL,
    received_at   timestamptz NOT NULL
);
CREATE INDEX chain_head_post ON chain_head (post_id, seq);

CREATE TABLE chain_break (
    id            bigserial PRIMARY KEY,
    post_id       text        NOT NULL,
    kind          text        NOT NULL,
    detail        text        NOT NULL,
    message_id    text        NOT NULL,
    expected_seq  bigint,
    expected_hash text,
    got_seq       bigint,
    got_hash      text,
    detected_at   timestamptz NOT NULL DEFAULT now()
);

-- The risk profiles headquarters published (retained on <root>/hq/risk-profiles); versions only go up.
CREATE TABLE risk_profile (
    version      bigint PRIMARY KEY,
    message_id   text        NOT NULL UNIQUE,
    issued_at    timestamptz NOT NULL,
    document     jsonb       NOT NULL,
    published_at timestamptz NOT NULL DEFAULT now()
);
