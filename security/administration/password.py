"""Choosing a password with the link of the invitation (``services.send_invitation``):
Django's password-reset view and token, in Klankbord's look, audited."""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.urls import reverse_lazy
from django.utils.translation import gettext as _

from core.audit import audit
from core.constants import AuditAction


class PasswordSetView(auth_views.PasswordResetConfirmView):
    template_name = "administration/accounts/password_set.html"
    success_url = reverse_lazy("login")
    post_reset_login = False

    def form_valid(self, form):
        response = super().form_valid(form)
        audit(form.user, AuditAction.UPDATE, form.user, "password set with the link")
        messages.success(
            self.request, _("Your password has been set. You can log in now.")
        )
        return response
