"""Admin pages over integrations: health and "check now", OAuth connect, webhooks and deliveries.

Each view parses the request, calls one integrations service and redirects with a flash message;
rows come from `for_org(self.organization)`, so another organization's are 404s.
"""

from __future__ import annotations

from django.contrib import messages
from django.core import signing
from django.db.models import Count, Max, Q
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.views import View
from django.views.generic import TemplateView
from rest_framework.exceptions import APIException

from integrations import selectors as integration_selectors
from integrations import services as integration_services
from integrations.models import Integration, Webhook, WebhookDelivery
from recruiting.page_access import AdminPageMixin, OrganizationPageMixin, service_error_message

# --- Integrations ---------------------------------------------------------------------------------


class IntegrationListView(AdminPageMixin, TemplateView):
    template_name = "settings/integrations.html"

    def get_context_data(self, **kwargs):
        integrations = list(Integration.objects.for_org(self.organization).order_by("name"))
        rows = [(item, integration_selectors.integration_health(integration=item)) for item in integrations]
        return super().get_context_data(rows=rows, **kwargs)


class IntegrationCheckView(AdminPageMixin, View):
    http_method_names = ["post"]

    def post(self, request, pk):
        integration = get_object_or_404(Integration.objects.for_org(self.organization), pk=pk)
        check = integration_services.run_health_check(integration=integration)
        level = messages.SUCCESS if check.status != "unhealthy" else messages.ERROR
        detail = f" ({check.error})" if check.error else ""
        messages.add_message(request, level, f"{integration.name}: {check.get_status_display()}{detail}.")
        return redirect("settings-integrations")


class IntegrationConnectView(AdminPageMixin, View):
    """Send the admin to the provider's consent screen (OAuth authorization code flow)."""

    http_method_names = ["post"]

    def post(self, request, pk):
        integration = get_object_or_404(Integration.objects.for_org(self.organization), pk=pk)
        try:
            url = integration_services.oauth_authorize_url(integration=integration, user=request.user)
        except APIException as error:
            messages.error(request, f"{integration.name}: {service_error_message(error)}")
            return redirect("settings-integrations")
        return HttpResponseRedirect(url)


# --- Webhooks -------------------------------------------------------------------------------------


class WebhookListView(AdminPageMixin, TemplateView):
    template_name = "settings/webhooks.html"

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
    template_name = "settings/webhook_detail.html"

    def get_context_data(self, **kwargs):
        webhook = get_object_or_404(Webhook.objects.for_org(self.organization), pk=self.kwargs["pk"])
        return super().get_context_data(
            webhook=webhook,
            stats=integration_selectors.webhook_stats(webhook=webhook),
            deliveries=list(integration_selectors.webhook_logs(webhook=webhook, limit=50)),
            **kwargs,
        )


class WebhookTestView(AdminPageMixin, View):
    http_method_names = ["post"]

    def post(self, request, pk):
        webhook = get_object_or_404(Webhook.objects.for_org(self.organization), pk=pk)
        outcome = integration_services.send_test_event(webhook=webhook)
        messages.add_message(request, messages.SUCCESS if outcome["success"] else messages.ERROR, outcome["message"])
        return redirect("settings-webhook-detail", pk=webhook.pk)


class WebhookRedeliverView(AdminPageMixin, View):
    http_method_names = ["post"]

    def post(self, request, pk, delivery_pk):
        webhook = get_object_or_404(Webhook.objects.for_org(self.organization), pk=pk)
        delivery = get_object_or_404(
            WebhookDelivery.objects.for_org(self.organization), webhook=webhook, pk=delivery_pk
        )
        delivery = integration_services.redeliver(delivery=delivery)
        ok = delivery.status == WebhookDelivery.Status.SUCCESS
        text = f"answered {delivery.response_status}" if ok else (delivery.error or delivery.get_status_display())
        messages.add_message(
            request, messages.SUCCESS if ok else messages.ERROR, f"Redelivered {delivery.event}: {text}."
        )
        return redirect("settings-webhook-detail", pk=webhook.pk)


class OAuthCallbackView(AdminPageMixin, View):
    """Where the provider sends the admin back: finish the OAuth code exchange for the integration."""

    http_method_names = ["get"]

    def get(self, request):
        state = request.GET.get("state", "")
        try:
            claims = signing.loads(state, salt=integration_services.OAUTH_STATE_SALT)
            integration = Integration.objects.for_org(self.organization).get(pk=claims["integration"])
        except (signing.BadSignature, KeyError, ValueError, Integration.DoesNotExist):
            messages.error(request, "The connection could not be completed: the link is not valid. Start again.")
            return redirect("settings-integrations")
        if request.GET.get("error") or not request.GET.get("code"):
            reason = request.GET.get("error_description") or request.GET.get("error") or "no authorization code"
            messages.error(request, f"{integration.name} was not connected: {reason}.")
            return redirect("settings-integrations")
        try:
            # complete_oauth checks the state's signature, age, integration and user itself.
            integration_services.complete_oauth(
                integration=integration, user=request.user, code=request.GET["code"], state=state
            )
        except APIException as error:
            messages.error(
                request, f"{integration.name}: the connection could not be completed. {service_error_message(error)}"
            )
        else:
            messages.success(request, f"{integration.name} is connected.")
        return redirect("settings-integrations")


class NotificationsReadView(OrganizationPageMixin, View):
    """Mark the signed-in user's notifications read (all, or the ids posted)."""

    http_method_names = ["post"]

    def post(self, request):
        ids = [int(value) for value in request.POST.getlist("id") if value.isdigit()]
        count = integration_services.mark_notifications_read(user=request.user, notification_ids=ids or None)
        messages.success(request, f"{count} notification{'s' if count != 1 else ''} marked as read.")
        return redirect("home")
