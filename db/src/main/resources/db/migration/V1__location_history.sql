-- One row per distinct ping. A ping is identified by (driver_id, recorded_at): a phone that sends the same fix
-- twice is stored once. Partitioned by day (UTC) on recorded_at so that retention drops whole partitions.
CREATE TABLE location_history (
    driver_id       text             NOT NULL,
    recorded_at     timestamptz      NOT NULL,
    received_at     timestamptz      NOT NULL,
    latitude        double precision NOT NULL,
    longitude       double precision NOT NULL,
    accuracy_meters double precision,
    speed_mps       double precision,
    heading_degrees double precision,
    PRIMARY KEY (driver_id, recorded_at)
) PARTITION BY RANGE (recorded_at);

-- Creates the missing daily partitions covering [from_day, to_day] (UTC days). Idempotent.
CREATE FUNCTION ensure_location_history_partitions(from_day date, to_day date) RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
    day     date := from_day;
    created integer := 0;
    name    text;
BEGIN
    WHILE day <= to_day LOOP
        name := 'location_history_p' || to_char(day, 'YYYYMMDD');
        IF to_regclass(name) IS NULL THEN
            EXECUTE format(
                'CREATE TABLE %I PARTITION OF location_history FOR VALUES FROM (%L) TO (%L)',
                name, (day::timestamp AT TIME ZONE 'UTC'), ((day + 1)::timestamp AT TIME ZONE 'UTC'));
            created := created + 1;
        END IF;
        day := day + 1;
    END LOOP;
    RETURN created;
END
$$;

-- Drops every daily partition whose whole day lies before before_day (UTC). Never deletes rows one by one.
CREATE FUNCTION drop_location_history_partitions_before(before_day date) RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
    part    record;
    dropped integer := 0;
BEGIN
    FOR part IN
        SELECT c.relname
        FROM pg_inherits i
        JOIN pg_class c ON c.oid = i.inhrelid
        WHERE i.inhparent = 'location_history'::regclass
          AND c.relname ~ '^location_history_p[0-9]{8}$'
          AND to_date(substring(c.relname FROM '[0-9]{8}$'), 'YYYYMMDD') < before_day
    LOOP
        EXECUTE format('DROP TABLE %I', part.relname);
        dropped := dropped + 1;
    END LOOP;
    RETURN dropped;
END
$$;

SELECT ensure_location_history_partitions((now() AT TIME ZONE 'UTC')::date - 2, (now() AT TIME ZONE 'UTC')::date + 7);
