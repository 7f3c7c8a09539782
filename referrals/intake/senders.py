"""Who sent the message: the organisation (from the address's domain, else the signature) and
the contact person. A message forwarded by the Region's own staff (the registrar) is read for
the municipality's original sender."""

import re
from dataclasses import dataclass

from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from networks.models import Organisation

from .text import EMAIL_ADDRESS, own_text, parse_sent_text, quoted_headers, signature_lines
from .types import Contact, RawMessage, Suggestion, interpolate_lazy

# Organisation names as they are written in signatures: "Kumla kommun", "Lindesbergs kommun",
# "Örebro stad", "Länsstyrelsen i Örebro län", "Region Värmland", "Trafikverket".
ORGANISATION_PHRASE = re.compile(
    r"(?:[A-ZÅÄÖ][\wåäöé-]+\s)?[A-ZÅÄÖ][\wåäöé-]+\s(?:kommun|stad)\b"
    r"|Länsstyrelsen\si\s[A-ZÅÄÖ][\wåäö]+(?:\s[A-ZÅÄÖ][\wåäö]+)?\slän"
    r"|Region\s[A-ZÅÄÖ][\wåäö]+(?:\slän)?"
)
PHONE = re.compile(r"(?<![\d])(?:\+46[\s-]?(?:\(0\))?\s?\d{1,3}|0\d{1,3})(?:[\s-]?\d{1,4}){2,4}(?![\d])")
DIRECT_LABEL = re.compile(r"\b(?:direkt|mobil|mob|mobile)\b", re.IGNORECASE)
PHONE_LABEL = re.compile(r"\b(?:tel|telefon|tfn|phone)\b", re.IGNORECASE)
FORWARDED_SUBJECT = re.compile(r"^\s*(?:\[[^\]]{1,20}\]\s*)?(?:VB|Fwd|Fw|WG|TR|Vidarebefordrat)\s*:", re.IGNORECASE)
MAX_QUOTED = 5  # forwarded blocks looked up (a query each)
SWITCHBOARD = re.compile(r"\bväxel\b", re.IGNORECASE)


@dataclass
class Sender:
    """The effective sender: the From header, or the original sender of a message forwarded
    by the Region's own staff."""

    name: str
    address: str
    text: str  # what this sender wrote (their part of the body)
    forwarded: bool
    sent_text: str = ""  # the forwarded block's "Skickat:" value


def domain_candidates(address: str) -> list[str]:
    """ "planering@kommun.orebro.se" → ["kommun.orebro.se", "orebro.se"] (most specific first)."""
    domain = address.rpartition("@")[2].strip().strip(">.").lower()
    labels = [label for label in domain.split(".") if label][-6:]  # kommun.orebro.se has 3; none has 7
    return [".".join(labels[i:]) for i in range(max(len(labels) - 1, 0))]


def organisation_for_address(address: str) -> tuple[Organisation | None, str]:
    """(organisation, matched domain) for the most specific domain of the address any
    organisation lists in `email_domains`; one query."""
    candidates = domain_candidates(address)
    if not candidates:
        return None, ""
    organisations = list(Organisation.objects.filter(email_domains__overlap=candidates))
    for candidate in candidates:
        for organisation in organisations:
            if candidate in {d.lower() for d in organisation.email_domains}:
                return organisation, candidate
    return None, ""


def effective_sender(raw: RawMessage) -> tuple[Sender, Organisation | None, str]:
    """The sender whose organisation the case is from, that organisation (or None) and the
    domain it was recognised by. When the From address is the Region's own, the first message
    forwarded in the body (or attached) from elsewhere gives the sender; so it does when the
    From address is unknown and the subject says forwarded ("VB:", "Fwd:"), not when a quoted
    earlier message is merely a reply's history."""
    organisation, domain = organisation_for_address(raw.from_address)
    outer = Sender(raw.from_name, raw.from_address, own_text(raw.body_text), forwarded=False)
    if organisation is not None and organisation.kind != Organisation.Kind.REGION:
        return outer, organisation, domain
    headers = quoted_headers(raw.body_text)[:MAX_QUOTED]
    if organisation is None and not FORWARDED_SUBJECT.match(raw.subject):
        headers = []
    for header in headers:
        found, found_domain = organisation_for_address(header.address)
        if found is not None and found.kind == Organisation.Kind.REGION:
            continue  # a colleague's forward inside the chain
        text = own_text(raw.body_text, header.end)
        sender = Sender(header.name, header.address, text, forwarded=True, sent_text=header.sent_text)
        return sender, found, found_domain
    for attached in raw.attached_messages:
        found, found_domain = organisation_for_address(attached.from_address)
        if found is None or found.kind != Organisation.Kind.REGION:
            sender = Sender(attached.from_name, attached.from_address, own_text(attached.body_text), forwarded=True)
            return sender, found, found_domain
    # Unknown, or the Region's own address with nothing forwarded: the Region does not send
    # itself referrals, so the signature (other organisations only) is asked next.
    return outer, None, ""


def sender_organisation(sender: Sender, organisation, domain: str) -> tuple[Suggestion | None, list]:
    """The organisation as a suggestion, from the domain or else the signature; and warnings."""
    if organisation is not None:
        if sender.forwarded:
            source = interpolate_lazy(
                _("Det vidarebefordrade meddelandets avsändare, domänen %(domain)s"), {"domain": domain}
            )
        else:
            source = interpolate_lazy(_("Avsändarens domän %(domain)s"), {"domain": domain})
        return Suggestion(organisation, source), []
    lines = signature_lines(sender.text)
    phrases = []
    for line in lines:
        phrases.append(line)
        phrases.extend(part.strip() for part in re.split(r"[,|•·–]| - ", line) if part.strip())
        phrases.extend(match.group() for match in ORGANISATION_PHRASE.finditer(line))
    lowered = [p.lower() for p in phrases]
    if not lowered:
        return None, []
    matches = {o.lname: o for o in Organisation.objects.annotate(lname=Lower("name")).filter(lname__in=lowered)}
    for phrase in lowered:
        organisation = matches.get(phrase)
        if organisation is not None and organisation.kind != Organisation.Kind.REGION:
            source = interpolate_lazy(_("Signaturen (”%(text)s”)"), {"text": organisation.name})
            return Suggestion(organisation, source), []
    # Names no organisation has (the Region's own is known, just not a sender).
    named = [
        m.group() for line in lines for m in ORGANISATION_PHRASE.finditer(line) if m.group().lower() not in matches
    ]
    if named:
        warning = interpolate_lazy(
            _(
                "Signaturen nämner ”%(name)s”, men ingen organisation i portalen har det namnet "
                "eller avsändarens domän."
            ),
            {"name": named[0]},
        )
        return None, [warning]
    return None, []


def contact(sender: Sender) -> Suggestion | None:
    """Name and address from the From line, the phone number from the signature."""
    lines = signature_lines(sender.text)
    name = sender.name.strip()
    if not name and lines and not EMAIL_ADDRESS.search(lines[0]) and not PHONE.search(lines[0]):
        name = lines[0]
    phone = _phone(lines)
    if not (name or sender.address or phone):
        return None
    source = _("Det vidarebefordrade meddelandets avsändare") if sender.forwarded else _("Avsändaren (Från-raden)")
    if phone:
        source = interpolate_lazy(_("%(source)s och signaturen"), {"source": source})
    return Suggestion(Contact(name=name, email=sender.address, phone=phone), source)


def _phone(lines: list[str]) -> str:
    """A direct or mobile number before a plain "Telefon", and that before the switchboard's."""
    found = []
    for line in lines:
        for match in PHONE.finditer(line):
            digits = re.sub(r"\D", "", match.group())
            if len(digits) < 8:
                continue
            if DIRECT_LABEL.search(line):
                rank = 0
            elif SWITCHBOARD.search(line):
                rank = 3
            else:
                rank = 1 if PHONE_LABEL.search(line) else 2
            found.append((rank, len(found), " ".join(match.group().split())))
    return min(found)[2] if found else ""


def forwarded_sent(sender: Sender):
    return parse_sent_text(sender.sent_text) if sender.sent_text else None
