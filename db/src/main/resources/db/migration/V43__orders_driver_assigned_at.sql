-- When the order's current driver was assigned to it. The query service never replays, through an order, a position
-- its driver recorded before this instant (a customer resuming a stream with Last-Event-ID: 0 would otherwise see
-- the driver's previous deliveries, or a reassigned order the new driver's earlier route). The query service sets it
-- on create and whenever a PUT changes the driver; a PUT with the same driver leaves it alone.
--
-- Existing rows: updated_at, the last time the row changed. No driver can have been assigned after it, so the value
-- is never earlier than the real assignment: at worst it hides a little of a replay, it never widens one.
-- The default only serves instances that predate this column during a rolling upgrade (their inserts); the service
-- always writes the value itself.
ALTER TABLE orders ADD COLUMN driver_assigned_at timestamptz;

UPDATE orders SET driver_assigned_at = updated_at;

ALTER TABLE orders
    ALTER COLUMN driver_assigned_at SET DEFAULT now(),
    ALTER COLUMN driver_assigned_at SET NOT NULL;
