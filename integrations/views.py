"""Dashboard pages of integrations: health and "check now", OAuth connect, webhooks and deliveries.

Each view parses the request, calls one integrations service and redirects with a flash message;
rows come from `for_org(self.organization)`, so another organization's are 404s. A service's
`DomainError` becomes a flash message.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.db.models import Count, Max, Q
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.views import View
from django.views.generic import FormView, TemplateView

from integrations import selectors
from integrations.forms import ConnectIntegrationForm, WebhookForm, event_choices
from integrations.models import Integration, Webhook, WebhookDelivery
from integrations.services.health import run_health_check
from integrations.services.integrations import connect_provider, delete_integration
from integrations.services.notifications import mark_notifications_read
from integrations.services.oauth import complete_oauth, integration_id_in_state, oauth_authorize_url
from integrations.services.webhooks import (
    TEST_EVENT,
    create_webhook,
    redeliver,
    rotate_webhook_secret,
    send_test_event,
    update_webhook,
)
from recruiting.errors import DomainError
from recruiting.events import event_label
from recruiting.page_access import AdminPageMixin, OrganizationPageMixin

# A webhook's secret, shown once on the page after it is created or rotated, then gone from the session.
NEW_SECRET_SESSION = "integrations.new_webhook_secret"  # noqa: S105 - a session key, not a secret


def _show_error(form, error: DomainError) -> None:
    form.add_error(error.field if error.field in form.fields else None, error.message)


# --- Integrations ---------------------------------------------------------------------------------


class IntegrationListView(AdminPageMixin, FormView):
    """Integrations and their health, and the form that connects a new service."""

    template_name = "integrations/integrations.html"
    form_class = ConnectIntegrationForm

    def get_context_data(self, **kwargs):
        integrations = list(Integration.objects.for_org(self.organization).order_by("name"))
        rows = [(item, selectors.integration_health(integration=item)) for item in integrations]
        return super().get_context_data(rows=rows, **kwargs)

    def form_valid(self, form):
        try:
            integration, consent_url = connect_provider(
                organization=self.organization, user=self.request.user, **form.service_arguments()
            )
        except DomainError as error:
            _show_error(form, error)
            return self.form_invalid(form)
        if consent_url:
            # The provider sends the admin back to the OAuth callback, which finishes the connection.
            return HttpResponseRedirect(consent_url)
        messages.success(self.request, f"{integration.name} is added. Check it now to see its health.")
        return redirect("integrations:integration-list")


class IntegrationDisconnectView(AdminPageMixin, View):
    http_method_names = ["post"]

    def post(self, request, pk):
        integration = get_object_or_404(Integration.objects.for_org(self.organization), pk=pk)
        delete_integration(integration=integration, actor=request.user)
        messages.success(request, f"{integration.name} is disconnected; its stored tokens are deleted.")
        return redirect("integrations:integration-list")


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
        rows = [(webhook, [event_label(name) for name in webhook.events]) for webhook in webhooks]
        return super().get_context_data(rows=rows, **kwargs)


class WebhookCreateView(AdminPageMixin, FormView):
    template_name = "integrations/webhook_form.html"
    form_class = WebhookForm

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            webhook = create_webhook(
                organization=self.organization,
                name=data["name"],
                url=data["url"].strip(),
                events=data["events"],
                check_destination=True,
            )
        except DomainError as error:
            _show_error(form, error)
            return self.form_invalid(form)
        self.request.session[NEW_SECRET_SESSION] = {"webhook": str(webhook.pk), "secret": webhook.secret}
        messages.success(self.request, f"Webhook “{webhook.name}” created. Copy its secret now; it is shown once.")
        return redirect("integrations:webhook-detail", pk=webhook.pk)


class WebhookEditView(AdminPageMixin, FormView):
    template_name = "integrations/webhook_form.html"

    def get_webhook(self) -> Webhook:
        if not hasattr(self, "_webhook"):
            self._webhook = get_object_or_404(Webhook.objects.for_org(self.organization), pk=self.kwargs["pk"])
        return self._webhook

    def get_form(self, form_class=None):
        data = self.request.POST if self.request.method == "POST" else None
        return WebhookForm.for_webhook(self.get_webhook(), data)

    def get_context_data(self, **kwargs):
        return super().get_context_data(webhook=self.get_webhook(), **kwargs)

    def form_valid(self, form):
        webhook = self.get_webhook()
        data = form.cleaned_data
        offered = {value for value, _ in event_choices()}
        # Events the boxes do not offer (an alias, a custom event subscribed through the API) are kept.
        kept = [name for name in webhook.events if name not in offered]
        try:
            update_webhook(
                webhook=webhook,
                name=data["name"],
                url=data["url"].strip(),
                events=data["events"] + kept,
                check_destination=True,
            )
        except DomainError as error:
            _show_error(form, error)
            return self.form_invalid(form)
        messages.success(self.request, f"Webhook “{webhook.name}” saved.")
        return redirect("integrations:webhook-detail", pk=webhook.pk)


class WebhookRotateSecretView(AdminPageMixin, View):
    http_method_names = ["post"]

    def post(self, request, pk):
        webhook = rotate_webhook_secret(webhook=get_object_or_404(Webhook.objects.for_org(self.organization), pk=pk))
        request.session[NEW_SECRET_SESSION] = {"webhook": str(webhook.pk), "secret": webhook.secret}
        messages.success(
            request, "The secret is rotated. The old one keeps signing alongside it for the rotation window."
        )
        return redirect("integrations:webhook-detail", pk=webhook.pk)


class WebhookDetailView(AdminPageMixin, TemplateView):
    template_name = "integrations/webhook_detail.html"

    def get_context_data(self, **kwargs):
        webhook = get_object_or_404(Webhook.objects.for_org(self.organization), pk=self.kwargs["pk"])
        new_secret = self.request.session.pop(NEW_SECRET_SESSION, None)
        deliveries = list(selectors.webhook_logs(webhook=webhook, limit=50))
        for delivery in deliveries:
            delivery.event_label = "Test event" if delivery.event == TEST_EVENT else event_label(delivery.event)
        return super().get_context_data(
            webhook=webhook,
            event_labels=[event_label(name) for name in webhook.events],
            new_secret=new_secret["secret"] if new_secret and new_secret["webhook"] == str(webhook.pk) else None,
            stats=selectors.webhook_stats(webhook=webhook),
            deliveries=deliveries,
            rotation_hours=settings.WEBHOOK_SECRET_ROTATION_HOURS,
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
