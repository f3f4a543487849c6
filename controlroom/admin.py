"""Users and groups in the admin, so that no role can raise itself.

The Administrators role manages accounts (auth.*), but holds only the permissions of its apps.
Without these checks it could tick "superuser status" on its own account, give its group any
permission, or reset a superuser's password and log in as one. Superusers are unaffected.
"""

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group, Permission, User
from django.utils.translation import gettext_lazy as _

NOT_YOURS = _("You can only give permissions you have yourself: %(names)s.")


def _held(user) -> set[str]:
    return user.get_all_permissions()


def _label(permission: Permission) -> str:
    return f"{permission.content_type.app_label}.{permission.codename}"


def _refuse_unheld(request, added: set[Permission]) -> None:
    """A ValidationError naming the added permissions the editor does not hold."""
    if request.user.is_superuser:
        return
    held = _held(request.user)
    unheld = sorted(_label(p) for p in added if _label(p) not in held)
    if unheld:
        raise forms.ValidationError(NOT_YOURS, params={"names": ", ".join(unheld)})


class _AddedMixin:
    """For a form's clean: the related objects the submitted form adds to the instance."""

    def _added(self, field: str) -> set:
        new = set(self.cleaned_data.get(field) or [])
        old = set(getattr(self.instance, field).all()) if self.instance.pk else set()
        return new - old


class SafeUserAdmin(UserAdmin):
    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            readonly.append("is_superuser")
        return readonly

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False  # also covers the password change form of that account
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_delete_permission(request, obj)

    def get_form(self, request, obj=None, **kwargs):
        base = super().get_form(request, obj, **kwargs)

        class Form(_AddedMixin, base):
            def clean(self):
                cleaned = super().clean()
                added = set()
                if "user_permissions" in self.fields:
                    added |= self._added("user_permissions")
                if "groups" in self.fields:
                    for group in self._added("groups"):
                        added |= set(group.permissions.select_related("content_type"))
                _refuse_unheld(request, added)
                return cleaned

        return Form


class SafeGroupAdmin(GroupAdmin):
    def get_form(self, request, obj=None, **kwargs):
        base = super().get_form(request, obj, **kwargs)

        class Form(_AddedMixin, base):
            def clean(self):
                cleaned = super().clean()
                _refuse_unheld(request, self._added("permissions"))
                return cleaned

        return Form


admin.site.unregister(User)
admin.site.unregister(Group)
admin.site.register(User, SafeUserAdmin)
admin.site.register(Group, SafeGroupAdmin)
