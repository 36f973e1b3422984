// Signs a webhook payload the way Stripe does, with Stripe's own npm package (stripe-node's
// generateTestHeaderString), so the black-box tests check our verifier against Stripe's
// signer rather than against our own.
//   node stripe_sign.mjs PAYLOAD_FILE TIMESTAMP SECRET [SECRET…]
// prints the Stripe-Signature header: t=…,v1=… with one v1 per secret, as Stripe sends while
// an endpoint's secret is being rolled.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(new URL("../../e2e/package.json", import.meta.url));
const Stripe = require("stripe");

const [file, timestamp, ...secrets] = process.argv.slice(2);
const payload = readFileSync(file, "utf8");
const signatures = secrets.map((secret) =>
  Stripe.webhooks
    .generateTestHeaderString({ payload, secret, timestamp: Number(timestamp) })
    .split(",")
    .find((part) => part.startsWith("v1=")),
);
process.stdout.write(`t=${timestamp},${signatures.join(",")}`);
