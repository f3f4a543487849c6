"""Permissions of the partners app that other apps grant (controlroom.roles, to its groups)."""

# Staff with it see a lead's e-mail and phone in the admin; others see them masked.
LEAD_CONTACT_PERMISSION = "partners.reveal_lead_contact"
