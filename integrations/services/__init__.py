"""Integration, webhook and notification workflows, one module per purpose.

Delivery is at-least-once: the outbox row is relayed after commit (or by beat's sweep), each
webhook gets one `WebhookDelivery` row per event, and every attempt is claimed in the database
before the HTTP call, so a lost task or a killed worker only delays a delivery, never drops it.
"""
