"""A partner's own widget: its shop first under 'repairers near you', others only when it opted
in; the verdict's reason and guarantee notice; the origin check that widget.js asks first."""

import re

import pytest
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.urls import reverse

from common.postcodes import pc4_centroid
from controlroom.roles import ADMINISTRATORS
from partners.selectors import widget_nearby
from repair_advice.services import verdict_create
from tests.partners.factories import PartnerFactory

pytestmark = pytest.mark.django_db
# PC4 centroids (GeoNames): Utrecht centre 3511, Utrecht Overvecht 3564, Amersfoort 3811.


def place(pc: str, **fields):
    c = pc4_centroid(pc)
    return PartnerFactory(postcode=pc, latitude=c.latitude, longitude=c.longitude, **fields)


def names(nearby) -> list[str]:
    return [n.partner.name for n in nearby.partners]


@pytest.fixture
def washer(catalogue):
    return catalogue.get(slug="washing-machine")


def test_the_host_comes_first_even_when_a_competitor_is_nearer(washer):
    host = place("3811", name="Witgoed Jansen", categories=[washer], show_other_repairers=True)
    place("3512", name="Competitor", categories=[washer])
    nearby = widget_nearby(partner=host, category=washer, postcode="3511 AB")
    assert names(nearby) == ["Witgoed Jansen", "Competitor"]
    host_distance, competitor_distance = (n.distance_km for n in nearby.partners)
    assert host_distance > competitor_distance  # farther, still first, with its distance


def test_without_the_opt_in_only_the_host_is_listed(washer):
    host = place("3811", name="Witgoed Jansen", categories=[washer])
    place("3512", name="Competitor", categories=[washer])
    assert host.show_other_repairers is False  # the default
    nearby = widget_nearby(partner=host, category=washer, postcode="3511 AB")
    assert names(nearby) == ["Witgoed Jansen"] and nearby.status == "ok"


def test_the_host_is_listed_once_when_it_is_also_among_the_nearest(washer):
    host = place("3512", name="Witgoed Jansen", categories=[washer], show_other_repairers=True)
    place("3564", name="Competitor", categories=[washer])
    nearby = widget_nearby(partner=host, category=washer, postcode="3511")
    assert names(nearby) == ["Witgoed Jansen", "Competitor"]


def test_the_host_without_a_location_or_postcode_has_no_distance(washer):
    host = PartnerFactory(
        name="Witgoed Jansen", postcode="", latitude=None, longitude=None, categories=[washer]
    )
    nearby = widget_nearby(partner=host, category=washer, postcode="3511")
    assert nearby.partners[0].partner == host and nearby.partners[0].distance_km is None
    nearby = widget_nearby(partner=place("3511", categories=[washer]), category=washer, postcode="")
    assert nearby.partners[0].distance_km is None and nearby.status == "ok"


def test_a_host_that_does_not_repair_the_appliance_says_so(catalogue, washer):
    host = place("3511", name="Kettles only", categories=[catalogue.get(slug="kettle")])
    place("3512", name="Competitor", categories=[washer])
    nearby = widget_nearby(partner=host, category=washer, postcode="3511")
    assert nearby.status == "host_not_repairing" and nearby.partners == []


def verdict_page(client, partner, verdict, **query):
    response = client.get(
        f"/widget/{partner.public_key}/verdict/{verdict.id}/", query, HTTP_ACCEPT_LANGUAGE="nl"
    )
    assert response.status_code == 200
    return response.content.decode()


def test_the_widget_verdict_page_lists_its_own_shop_first(client, repair_verdict, washer):
    host = place("3811", name="Witgoed Jansen", categories=[washer], address="Stationsplein 1")
    place("3512", name="Competitor", categories=[washer])
    html = verdict_page(client, host, repair_verdict)
    section = html[html.index('id="nearby"') :]
    assert "Witgoed Jansen" in section and "Competitor" not in section
    assert re.search(r"\d+,\d km · Stationsplein 1", section)  # distance from 3511, Dutch comma
    host.show_other_repairers = True
    host.save()
    section = verdict_page(client, host, repair_verdict).split('id="nearby"')[1]
    assert section.index("Witgoed Jansen") < section.index("Competitor")


def test_the_main_verdict_page_still_lists_the_nearest_first(client, repair_verdict, washer):
    place("3811", name="Witgoed Jansen", categories=[washer])
    place("3512", name="Competitor", categories=[washer])
    section = client.get(repair_verdict.get_absolute_url()).content.decode().split('id="nearby"')[1]
    assert section.index("Competitor") < section.index("Witgoed Jansen")


@pytest.mark.parametrize(
    ("age", "quote", "reason"),
    [
        (9, 60, "Per jaar gebruik is repareren goedkoper dan een ander apparaat kopen."),
        (1, None, "Door de wettelijke garantie heb je waarschijnlijk recht op een gratis"),
    ],
)
def test_the_widget_verdict_gives_the_sites_reason_in_one_line(
    client, partner, catalogue, age, quote, reason
):
    verdict = verdict_create(
        category_slug="washing-machine", age_years=age, repair_quote_eur=quote, postcode="3511"
    )
    html = verdict_page(client, partner, verdict)
    assert re.search(rf'<p class="verdict__summary">{re.escape(reason)}[^<]*</p>', html)


def test_the_widget_shows_the_guarantee_notice_when_a_claim_is_likely(client, partner, catalogue):
    young = verdict_create(category_slug="washing-machine", age_years=0.5, postcode="3511 AB")
    assert young.facts["guarantee"]["status"] == "likely"
    html = verdict_page(client, partner, young)
    notice = html[html.index('id="widget-guarantee"') :]
    assert "Kijk eerst naar je wettelijke garantie" in notice
    assert "7:18a BW" in notice  # the site's own guarantee text, from the stored facts


def test_no_guarantee_notice_for_an_old_appliance(client, partner, catalogue):
    old = verdict_create(category_slug="washing-machine", age_years=12, postcode="3511 AB")
    assert old.facts["guarantee"]["status"] == "unlikely"
    assert 'id="widget-guarantee"' not in verdict_page(client, partner, old)


# --- The origin check of widget.js --------------------------------------------------------------


def test_the_origin_check_answers_by_the_browser_set_origin_header(client, partner):
    url = f"/widget/{partner.public_key}/allowed/"
    ok = client.get(url, HTTP_ORIGIN="https://shop.example")
    assert ok.status_code == 200 and ok.json() == {"allowed": True}
    assert ok["Access-Control-Allow-Origin"] == "*" and ok["Cache-Control"] == "no-store"
    other = client.get(url, {"origin": "https://shop.example"}, HTTP_ORIGIN="https://evil.example")
    assert other.json() == {"allowed": False}  # the header wins over the query
    assert client.get(url, {"origin": "https://shop.example"}).json() == {"allowed": True}
    assert client.get(url).json() == {"allowed": False}


def test_the_origin_check_of_an_unknown_key_is_404_and_not_allowed(client):
    response = client.get("/widget/pk_nope/allowed/", HTTP_ORIGIN="https://shop.example")
    assert response.status_code == 404 and response.json() == {"allowed": False}


def test_widget_js_asks_before_framing_and_has_the_refusal_text(client):
    script = client.get("/widget.js").content.decode()
    assert 'allowed/?origin="' in script
    assert "Deze advieswidget is niet ingesteld voor deze website. Ga naar " in script
    assert '" voor advies."' in script
    assert "height:640px" not in script


def test_administrators_switch_the_opt_in_in_the_partner_admin(client, partner):
    call_command("setup_roles", verbosity=0)
    administrator = User.objects.create_user("admin", is_staff=True)
    administrator.groups.add(Group.objects.get(name=ADMINISTRATORS))
    client.force_login(administrator)
    url = reverse("admin:partners_partner_change", args=[partner.pk])
    html = client.get(url).content.decode()
    checkbox = re.search(r'<input type="checkbox" name="show_other_repairers"[^>]*>', html).group()
    assert "checked" not in checkbox  # off by default
