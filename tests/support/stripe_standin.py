#!/usr/bin/env python3
"""A stand-in for Stripe's API, for the billing tests (we cannot reach Stripe from here).

It answers the calls Vizora makes, checked against Stripe's API reference: a parameter the
reference does not list for that endpoint is refused as Stripe refuses it (400, "Received
unknown parameter"), required ones must be there, values must have the documented shape,
the secret key must come as a Bearer token, and the body must be form-encoded. Every call is
recorded in DIR/requests.jsonl ({"method", "path", "params", "idempotencyKey"}), so tests
assert what was sent.

  POST /v1/customers                 → a customer (an Idempotency-Key replays its answer)
  POST /v1/checkout/sessions         → a session whose url is this server's /pay/{id}
  POST /v1/billing_portal/sessions   → a session whose url is this server's /portal/{id}

The hosted pages stand in for Stripe's too: /pay/{id} shows the order and a Pay button; paying
creates the subscription, delivers checkout.session.completed, customer.subscription.created
and invoice.paid to --webhook-url, signed with --webhook-secret as Stripe signs them, then
redirects to the session's success_url. /portal/{id} offers "Cancel subscription", which
delivers customer.subscription.deleted and returns to return_url. Writes DIR/ready once it
listens on 127.0.0.1:PORT.
"""
import argparse
import hashlib
import hmac
import html
import json
import os
import re
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

# Stripe's documented parameters, flattened the way form encoding spells them.
CUSTOMER_PARAMS = [r"name", r"email", r"description", r"phone", r"metadata\[[^\]]+\]",
                   r"address\[(line1|line2|city|state|postal_code|country)\]",
                   r"preferred_locales\[\d+\]"]
CHECKOUT_PARAMS = [
    r"mode", r"success_url", r"cancel_url", r"customer", r"customer_email",
    r"client_reference_id", r"locale", r"allow_promotion_codes", r"billing_address_collection",
    r"metadata\[[^\]]+\]", r"payment_method_types\[\d+\]",
    r"line_items\[\d+\]\[(price|quantity)\]",
    r"line_items\[\d+\]\[price_data\]\[(currency|unit_amount|unit_amount_decimal|product|tax_behavior)\]",
    r"line_items\[\d+\]\[price_data\]\[recurring\]\[(interval|interval_count)\]",
    r"line_items\[\d+\]\[price_data\]\[product_data\]\[(name|description|tax_code)\]",
    r"line_items\[\d+\]\[price_data\]\[product_data\]\[metadata\]\[[^\]]+\]",
    r"line_items\[\d+\]\[adjustable_quantity\]\[(enabled|minimum|maximum)\]",
    r"subscription_data\[metadata\]\[[^\]]+\]",
    r"subscription_data\[(description|trial_period_days|trial_end)\]",
]
PORTAL_PARAMS = [r"customer", r"return_url", r"configuration", r"locale", r"on_behalf_of"]


class StripeRefusal(Exception):
    def __init__(self, message, param=None, status=400):
        super().__init__(message)
        self.param, self.status = param, status


def check_known(params, allowed):
    for name in params:
        if not any(re.fullmatch(p, name) for p in allowed):
            raise StripeRefusal("Received unknown parameter: " + name, name)


def require(params, name):
    if not params.get(name):
        raise StripeRefusal("Missing required param: " + name + ".", name)
    return params[name]


def check_url(params, name):
    value = params.get(name)
    if value is not None and not re.match(r"https?://", value):
        raise StripeRefusal("Not a valid URL", name)


def prefixed(params, prefix):
    return {k[len(prefix):-1]: v for k, v in params.items() if k.startswith(prefix)}


class Stand:
    def __init__(self, args):
        self.args = args
        self.lock = threading.Lock()
        self.customers, self.sessions, self.portals, self.replies = {}, {}, {}, {}
        self.serial = 0

    def next_id(self, prefix):
        with self.lock:
            self.serial += 1
            return "%s_test_%06d%s" % (prefix, self.serial, os.urandom(4).hex())

    def record(self, entry):
        with self.lock, open(os.path.join(self.args.dir, "requests.jsonl"), "a") as out:
            out.write(json.dumps(entry) + "\n")

    def base(self):
        return "http://127.0.0.1:%d" % self.args.port

    # The API.

    def create_customer(self, params):
        check_known(params, CUSTOMER_PARAMS)
        email = params.get("email")
        if email is not None and "@" not in email:
            raise StripeRefusal("Invalid email address: " + email, "email")
        customer = {"id": self.next_id("cus"), "object": "customer", "email": email,
                    "name": params.get("name"), "metadata": prefixed(params, "metadata[")}
        self.customers[customer["id"]] = customer
        return customer

    def create_checkout(self, params):
        check_known(params, CHECKOUT_PARAMS)
        mode = require(params, "mode")
        if mode not in ("payment", "setup", "subscription"):
            raise StripeRefusal("Invalid mode", "mode")
        require(params, "success_url")
        check_url(params, "success_url")
        check_url(params, "cancel_url")
        if "customer" in params and "customer_email" in params:
            raise StripeRefusal("You may only specify one of these parameters: customer, "
                                "customer_email.", "customer")
        if "customer" in params and params["customer"] not in self.customers:
            raise StripeRefusal("No such customer: '%s'" % params["customer"], "customer")
        if len(params.get("client_reference_id", "")) > 200:
            raise StripeRefusal("client_reference_id is longer than 200", "client_reference_id")
        items = {}
        for name, value in params.items():
            m = re.match(r"line_items\[(\d+)\](.*)", name)
            if m:
                items.setdefault(int(m.group(1)), {})[m.group(2)] = value
        if not items:
            raise StripeRefusal("Missing required param: line_items.", "line_items")
        lines = []
        for index, item in sorted(items.items()):
            where = "line_items[%d]" % index
            quantity = item.get("[quantity]", "")
            if not re.fullmatch(r"[1-9]\d*", quantity):
                raise StripeRefusal("Invalid positive integer", where + "[quantity]")
            if "[price]" in item:
                raise StripeRefusal("No such price: '%s'" % item["[price]"], where + "[price]")
            currency = item.get("[price_data][currency]", "")
            if not re.fullmatch(r"[a-z]{3}", currency):
                raise StripeRefusal("Invalid currency: " + currency,
                                    where + "[price_data][currency]")
            amount = item.get("[price_data][unit_amount]", "")
            if not re.fullmatch(r"\d+", amount):
                raise StripeRefusal("Invalid integer: " + amount,
                                    where + "[price_data][unit_amount]")
            if not item.get("[price_data][product_data][name]") and \
                    "[price_data][product]" not in item:
                raise StripeRefusal("Missing required param: product_data[name].",
                                    where + "[price_data][product_data][name]")
            interval = item.get("[price_data][recurring][interval]")
            if mode == "subscription" and interval not in ("day", "week", "month", "year"):
                raise StripeRefusal("You must specify `recurring` in `price_data` when in "
                                    "`subscription` mode.", where + "[price_data][recurring]")
            lines.append({"quantity": int(quantity), "unit_amount": int(amount),
                          "currency": currency, "interval": interval,
                          "name": item.get("[price_data][product_data][name]", "")})
        session_id = self.next_id("cs")
        session = {
            "id": session_id, "object": "checkout.session", "mode": mode,
            "customer": params.get("customer"), "customer_email": params.get("customer_email"),
            "client_reference_id": params.get("client_reference_id"),
            "success_url": params["success_url"], "cancel_url": params.get("cancel_url"),
            "metadata": prefixed(params, "metadata["),
            "status": "open", "payment_status": "unpaid", "subscription": None,
            "url": "%s/pay/%s" % (self.base(), session_id),
        }
        self.sessions[session_id] = {
            "public": session, "lines": lines,
            "subscription_metadata": prefixed(params, "subscription_data[metadata]["),
        }
        return session

    def create_portal(self, params):
        check_known(params, PORTAL_PARAMS)
        customer = require(params, "customer")
        if customer not in self.customers:
            raise StripeRefusal("No such customer: '%s'" % customer, "customer")
        check_url(params, "return_url")
        portal_id = self.next_id("bps")
        portal = {"id": portal_id, "object": "billing_portal.session", "customer": customer,
                  "return_url": params.get("return_url"),
                  "url": "%s/portal/%s" % (self.base(), portal_id)}
        self.portals[portal_id] = portal
        return portal

    # The hosted pages, and the webhooks they cause.

    def deliver(self, event_type, obj):
        event = {"id": self.next_id("evt"), "object": "event", "api_version": "2024-06-20",
                 "created": int(time.time()), "type": event_type, "livemode": False,
                 "data": {"object": obj}}
        payload = json.dumps(event).encode()
        timestamp = str(int(time.time()))
        signature = hmac.new(self.args.webhook_secret.encode(),
                             timestamp.encode() + b"." + payload, hashlib.sha256).hexdigest()
        request = urllib.request.Request(
            self.args.webhook_url, data=payload, method="POST",
            headers={"Content-Type": "application/json",
                     "Stripe-Signature": "t=%s,v1=%s" % (timestamp, signature)})
        try:
            with urllib.request.urlopen(request, timeout=10) as answer:
                status = answer.status
        except urllib.error.HTTPError as e:
            status = e.code
        self.record({"method": "WEBHOOK", "path": event_type, "params": {"id": event["id"]},
                     "status": status})
        return status

    def pay(self, session_id):
        stored = self.sessions[session_id]
        session = stored["public"]
        if session["status"] == "complete":
            return session
        line = stored["lines"][0]
        subscription = {
            "id": self.next_id("sub"), "object": "subscription", "customer": session["customer"],
            "status": "active", "metadata": stored["subscription_metadata"],
            "items": {"object": "list", "data": [{"object": "subscription_item",
                                                  "quantity": line["quantity"]}]},
        }
        session.update(status="complete", payment_status="paid", subscription=subscription["id"])
        stored["subscription"] = subscription
        self.deliver("checkout.session.completed", session)
        self.deliver("customer.subscription.created", subscription)
        amount = line["quantity"] * line["unit_amount"]
        invoice_id = self.next_id("in")
        self.deliver("invoice.paid", {
            "id": invoice_id, "object": "invoice", "customer": session["customer"],
            "subscription": subscription["id"], "number": "STANDIN-" + invoice_id[-6:],
            "status": "paid", "amount_due": amount, "amount_paid": amount,
            "currency": line["currency"], "created": int(time.time()),
            "hosted_invoice_url": self.base() + "/invoice",
            "invoice_pdf": self.base() + "/invoice.pdf"})
        return session

    def cancel(self, portal_id):
        portal = self.portals[portal_id]
        for stored in self.sessions.values():
            subscription = stored.get("subscription")
            if subscription and subscription["customer"] == portal["customer"] and \
                    subscription["status"] != "canceled":
                subscription["status"] = "canceled"
                self.deliver("customer.subscription.deleted", subscription)
        return portal


def make_handler(stand):
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def answer(self, status, body, content_type="application/json", headers=()):
            data = body.encode() if isinstance(body, str) else body
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(data)))
            for name, value in headers:
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(data)

        def api_error(self, status, message, param=None):
            error = {"type": "invalid_request_error", "message": message}
            if param:
                error["param"] = param
            self.answer(status, json.dumps({"error": error}))

        def page(self, title, body):
            self.answer(200, "<!doctype html><meta charset=utf-8><title>%s</title><h1>%s</h1>%s"
                        % (title, title, body), "text/html; charset=utf-8")

        def do_GET(self):
            parts = self.path.split("?")[0].strip("/").split("/")
            if len(parts) == 2 and parts[0] == "pay" and parts[1] in stand.sessions:
                line = stand.sessions[parts[1]]["lines"][0]
                total = line["quantity"] * line["unit_amount"] / 100
                return self.page("Stand-in Checkout",
                                 "<p>%s &times; %d: $%.2f per %s</p><form method=post>"
                                 "<button type=submit>Pay</button></form>"
                                 % (html.escape(line["name"]), line["quantity"], total,
                                    line["interval"]))
            if len(parts) == 2 and parts[0] == "portal" and parts[1] in stand.portals:
                return self.page("Stand-in Portal", "<form method=post><button type=submit>"
                                 "Cancel subscription</button></form>")
            self.api_error(404, "Unrecognized request URL (GET: %s)." % self.path)

        def do_POST(self):
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length).decode()
            parts = self.path.split("?")[0].strip("/").split("/")
            if len(parts) == 2 and parts[0] == "pay" and parts[1] in stand.sessions:
                session = stand.pay(parts[1])
                target = session["success_url"].replace("{CHECKOUT_SESSION_ID}", session["id"])
                return self.answer(303, "", "text/plain", [("Location", target)])
            if len(parts) == 2 and parts[0] == "portal" and parts[1] in stand.portals:
                portal = stand.cancel(parts[1])
                return self.answer(303, "", "text/plain", [("Location", portal["return_url"])])
            if self.headers.get("Authorization") != "Bearer " + stand.args.secret_key:
                return self.api_error(401, "Invalid API Key provided.")
            if not (self.headers.get("Content-Type") or "").startswith(
                    "application/x-www-form-urlencoded"):
                return self.api_error(400, "Invalid request: the body must be form-encoded.")
            params = dict(urllib.parse.parse_qsl(raw, keep_blank_values=True,
                                                 strict_parsing=bool(raw)))
            key = self.headers.get("Idempotency-Key")
            stand.record({"method": "POST", "path": self.path, "params": params,
                          "idempotencyKey": key})
            routes = {"/v1/customers": stand.create_customer,
                      "/v1/checkout/sessions": stand.create_checkout,
                      "/v1/billing_portal/sessions": stand.create_portal}
            if self.path not in routes:
                return self.api_error(404, "Unrecognized request URL (POST: %s)." % self.path)
            if key and (self.path, key) in stand.replies:
                return self.answer(200, stand.replies[(self.path, key)])
            try:
                body = json.dumps(routes[self.path](params))
            except StripeRefusal as refusal:
                return self.api_error(refusal.status, str(refusal), refusal.param)
            if key:
                stand.replies[(self.path, key)] = body
            self.answer(200, body)

    return Handler


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--dir", required=True)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--secret-key", required=True)
    parser.add_argument("--webhook-url", required=True)
    parser.add_argument("--webhook-secret", required=True)
    args = parser.parse_args()
    os.makedirs(args.dir, exist_ok=True)
    server = ThreadingHTTPServer(("127.0.0.1", args.port), make_handler(Stand(args)))
    open(os.path.join(args.dir, "ready"), "w").close()
    server.serve_forever()


if __name__ == "__main__":
    main()
