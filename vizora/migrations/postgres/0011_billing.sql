-- Module: billing (issue 23). Stripe drives an organization's subscription through webhooks:
-- each event is stored by its id, in the transaction that applies it, so a replay changes
-- nothing; invoices are kept as Stripe last described them.
ALTER TABLE organizations ADD COLUMN past_due_since BIGINT;
-- Stripe's `created` (epoch ms) of the event that last set the subscription's state: an older
-- event, delivered late, does not undo a newer one.
ALTER TABLE organizations ADD COLUMN billing_state_at BIGINT;
-- Whose ids the limits are looked up by when an event names a customer, not an organization.
CREATE INDEX organizations_by_stripe_subscription ON organizations (stripe_subscription_id);

CREATE TABLE stripe_events (
  id TEXT PRIMARY KEY,            -- Stripe's evt_…
  type TEXT NOT NULL,
  object_id TEXT,                 -- what it is about: sub_…, in_…, cs_…
  created_at BIGINT NOT NULL,     -- Stripe's, epoch ms
  organization_id TEXT,           -- null when the event named no organization of ours
  received_at BIGINT NOT NULL
);

-- A subscription Stripe deleted never comes back: its later-delivered older news is ignored.
CREATE INDEX stripe_events_by_object ON stripe_events (object_id, type);

CREATE TABLE invoices (
  id TEXT PRIMARY KEY,            -- Stripe's in_…
  organization_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  number TEXT,
  status TEXT NOT NULL,           -- draft, open, paid, uncollectible, void
  amount_due BIGINT NOT NULL,     -- in the currency's smallest unit
  amount_paid BIGINT NOT NULL,
  currency TEXT NOT NULL,
  hosted_invoice_url TEXT,
  invoice_pdf TEXT,
  created_at BIGINT NOT NULL,     -- Stripe's, epoch ms
  updated_at BIGINT NOT NULL      -- the `created` of the event that last described it
);
CREATE INDEX invoices_by_organization ON invoices (organization_id, created_at);
