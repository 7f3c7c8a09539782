"""What the RUS services share: the editors' check."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from ..permissions import can_edit


def _require_editor(actor):
    if not can_edit(actor):
        raise PermissionDenied(_("Bara redaktörer får ändra RUS-uppföljningen."))
