"""Dashboard pages of integrations: health and "check now", OAuth connect, webhooks and deliveries.

Each view parses the request, calls one integrations service and redirects with a flash message;
rows come from `for_org(self.organization)`, so another organization's are 404s. A service's
`DomainError` becomes a flash message.
"""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Count, Max, Q
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.views import View
from django.views.generic import TemplateView

from integrations import selectors
from integrations.models import Integration, Webhook, WebhookDelivery
from integrations.services.health import run_health_check
from integrations.services.notifications import mark_notifications_read
from integrations.services.oauth import complete_oauth, integration_id_in_state, oauth_authorize_url
from integrations.services.webhooks import redeliver, send_test_event
from recruiting.errors import DomainError
from recruiting.page_access import AdminPageMixin, OrganizationPageMixin

# --- Integrations ---------------------------------------------------------------------------------


class IntegrationListView(AdminPageMixin, TemplateView):
    template_name = "integrations/integrations.html"

    def get_context_data(self, **kwargs):
        integrations = list(Integration.objects.for_org(self.organization).order_by("name"))
        rows = [(item, selectors.integration_health(integration=item)) for item in integrations]
        return super().get_context_data(rows=rows, **kwargs)


class IntegrationCheckView(AdminPageMixin, View):
    http_method_names = ["post"]

    def post(self, request, pk):
        integration = get_object_or_404(Integration.objects.for_org(self.organization), pk=pk)
        check = run_health_check(integration=integration)
        level = messages.SUCCESS if check.status != "unhealthy" else messages.ERROR
        detail = f" ({check.error})" if check.error else ""
        messages.add_message(request, level, f"{integration.name}: {check.get_status_display()}{detail}.")
        return redirect("integrations:integration-list")


class IntegrationConnectView(AdminPageMixin, View):
    """Send the admin to the provider's consent screen (OAuth authorization code flow)."""

    http_method_names = ["post"]

    def post(self, request, pk):
        integration = get_object_or_404(Integration.objects.for_org(self.organization), pk=pk)
        try:
            url = oauth_authorize_url(integration=integration, user=request.user)
        except DomainError as error:
            messages.error(request, f"{integration.name}: {error.message}")
            return redirect("integrations:integration-list")
        return HttpResponseRedirect(url)


# --- Webhooks -------------------------------------------------------------------------------------


class WebhookListView(AdminPageMixin, TemplateView):
    template_name = "integrations/webhooks.html"

    def get_context_data(self, **kwargs):
        webhooks = (
            Webhook.objects.for_org(self.organization)
            .annotate(
                deliveries_total=Count("deliveries"),
                delivered=Count("deliveries", filter=Q(deliveries__status=WebhookDelivery.Status.SUCCESS)),
                failed=Count("deliveries", filter=Q(deliveries__status=WebhookDelivery.Status.FAILED)),
                last_delivery_at=Max("deliveries__created_at"),
            )
            .order_by("name")
        )
        return super().get_context_data(webhooks=webhooks, **kwargs)


class WebhookDetailView(AdminPageMixin, TemplateView):
    template_name = "integrations/webhook_detail.html"

    def get_context_data(self, **kwargs):
        webhook = get_object_or_404(Webhook.objects.for_org(self.organization), pk=self.kwargs["pk"])
        return super().get_context_data(
            webhook=webhook,
            stats=selectors.webhook_stats(webhook=webhook),
            deliveries=list(selectors.webhook_logs(webhook=webhook, limit=50)),
            **kwargs,
        )


class WebhookTestView(AdminPageMixin, View):
    http_method_names = ["post"]

    def post(self, request, pk):
        webhook = get_object_or_404(Webhook.objects.for_org(self.organization), pk=pk)
        outcome = send_test_event(webhook=webhook)
        messages.add_message(request, messages.SUCCESS if outcome["success"] else messages.ERROR, outcome["message"])
        return redirect("integrations:webhook-detail", pk=webhook.pk)


class WebhookRedeliverView(AdminPageMixin, View):
    http_method_names = ["post"]

    def post(self, request, pk, delivery_pk):
        webhook = get_object_or_404(Webhook.objects.for_org(self.organization), pk=pk)
        delivery = get_object_or_404(
            WebhookDelivery.objects.for_org(self.organization), webhook=webhook, pk=delivery_pk
        )
        delivery = redeliver(delivery=delivery)
        ok = delivery.status == WebhookDelivery.Status.SUCCESS
        text = f"answered {delivery.response_status}" if ok else (delivery.error or delivery.get_status_display())
        messages.add_message(
            request, messages.SUCCESS if ok else messages.ERROR, f"Redelivered {delivery.event}: {text}."
        )
        return redirect("integrations:webhook-detail", pk=webhook.pk)


class OAuthCallbackView(AdminPageMixin, View):
    """Where the provider sends the admin back: finish the OAuth code exchange for the integration."""

    http_method_names = ["get"]

    def get(self, request):
        state = request.GET.get("state", "")
        try:
            integration = Integration.objects.for_org(self.organization).get(pk=integration_id_in_state(state=state))
        except (DomainError, ValueError, Integration.DoesNotExist):
            messages.error(request, "The connection could not be completed: the link is not valid. Start again.")
            return redirect("integrations:integration-list")
        if request.GET.get("error") or not request.GET.get("code"):
            reason = request.GET.get("error_description") or request.GET.get("error") or "no authorization code"
            messages.error(request, f"{integration.name} was not connected: {reason}.")
            return redirect("integrations:integration-list")
        try:
            # complete_oauth checks the state's signature, age, integration and user itself.
            complete_oauth(integration=integration, user=request.user, code=request.GET["code"], state=state)
        except DomainError as error:
            messages.error(request, f"{integration.name}: the connection could not be completed. {error.message}")
        else:
            messages.success(request, f"{integration.name} is connected.")
        return redirect("integrations:integration-list")


class NotificationsReadView(OrganizationPageMixin, View):
    """Mark the signed-in user's notifications read (all, or the ids posted)."""

    http_method_names = ["post"]

    def post(self, request):
        ids = [int(value) for value in request.POST.getlist("id") if value.isdigit()]
        count = mark_notifications_read(user=request.user, notification_ids=ids or None)
        messages.success(request, f"{count} notification{'s' if count != 1 else ''} marked as read.")
        return redirect("analytics:home")
