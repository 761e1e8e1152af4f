-- One row per driver: the newest fix by recorded_at. Writers only ever replace it with a newer fix.
CREATE TABLE driver_latest_location (
    driver_id       text             PRIMARY KEY,
    recorded_at     timestamptz      NOT NULL,
    received_at     timestamptz      NOT NULL,
    latitude        double precision NOT NULL,
    longitude       double precision NOT NULL,
    accuracy_meters double precision,
    speed_mps       double precision,
    heading_degrees double precision,
    stored_at       timestamptz      NOT NULL DEFAULT now()
);
